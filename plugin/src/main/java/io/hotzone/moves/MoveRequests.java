package io.hotzone.moves;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.hotzone.capture.TableRef;
import io.hotzone.config.MoveSettings;
import io.hotzone.forecast.HotRange;
import io.hotzone.history.AccessLog;
import io.hotzone.history.HistoryRow;
import io.hotzone.server.Ring;

/**
 * What operators ask of token moves, on any node: a plan from the recent access history, moves requested (each
 * recorded for its node, which runs it), a revert, a failure cleared, the list. A request the guards already refuse
 * from here fails at once with their reason, and nothing is recorded.
 */
public final class MoveRequests implements AutoMover.Requests
{
    private final String me;
    private final MoveStore store;
    private final Ring ring;
    private final AccessLog accessLog;
    private final MoveSettings settings;
    private final int subRanges;
    private final Supplier<Instant> clock;

    /** @param subRanges the capture's sub-ranges per table (capture.ranges) */
    public MoveRequests(String me, MoveStore store, Ring ring, AccessLog accessLog, MoveSettings settings, int subRanges, Supplier<Instant> clock)
    {
        this.me = me;
        this.store = store;
        this.ring = ring;
        this.accessLog = accessLog;
        this.settings = settings;
        this.subRanges = subRanges;
        this.clock = clock;
    }

    /** Moves that even out the load of the last moves.window of history, every table together; loads in thousandths of an access per second. */
    public MovePlan plan()
    {
        return planWith(List.of(), Duration.ZERO);
    }

    /**
     * Moves that even out the load the forecast expects: the last moves.window of history, with each hot range's
     * sub-ranges at the range's predicted peak instead (reads or writes, as the range is hot with), spread over them
     * as the history spreads it (evenly where it has none).
     *
     * @param step the history step the ranges' peaks are counted in
     */
    @Override
    public MovePlan planForecast(List<HotRange> hot, Duration step)
    {
        return planWith(hot, step);
    }

    private MovePlan planWith(List<HotRange> hot, Duration step)
    {
        RingLayout layout = RingLayout.ofSingleTokens(ring.tokens());
        Instant now = clock.get();
        long from = now.minus(settings.window()).toEpochMilli(), to = now.toEpochMilli();
        double seconds = Math.max(1, settings.window().toSeconds());
        java.util.Set<TableRef> tables = new java.util.LinkedHashSet<>(accessLog.tables(from, to));
        hot.forEach(r -> tables.add(r.table()));
        List<RangeLoad> loads = new ArrayList<>();
        for (TableRef table : tables)
        {
            int rf = ring.replicationFactor(table.keyspace());
            if (rf < 1)
                continue; // dropped since
            double[] reads = new double[subRanges], writes = new double[subRanges];
            for (HistoryRow row : accessLog.read(table, from, to))
            {
                long[] r = row.snapshot().rangeReads(), w = row.snapshot().rangeWrites();
                if (r.length != subRanges || w.length != subRanges)
                    continue; // written under another capture.ranges
                for (int i = 0; i < subRanges; i++)
                {
                    reads[i] += r[i] / seconds;
                    writes[i] += w[i] / seconds;
                }
            }
            for (HotRange r : hot)
                if (r.table().equals(table))
                    atPeak(r.kind() == HotRange.Kind.READS ? reads : writes, r, r.predictedPeak() / Math.max(1, step.toSeconds()));
            loads.add(perMille(reads, writes, rf));
        }
        if (loads.isEmpty())
            loads.add(new RangeLoad(new long[subRanges], new long[subRanges], 1));
        return new MovePlanner(settings.maxMoves(), settings.minGain()).plan(layout, loads);
    }

    /** Sets the range's sub-ranges to {@code rate} per second in all, in the proportions they have (evenly if none). */
    private static void atPeak(double[] rates, HotRange r, double rate)
    {
        double had = 0;
        for (int i = r.firstSubRange(); i <= r.lastSubRange(); i++)
            had += rates[i];
        for (int i = r.firstSubRange(); i <= r.lastSubRange(); i++)
            rates[i] = Math.max(rates[i], had > 0 ? rate * rates[i] / had : rate / r.subRanges());
    }

    /** Rates kept integral per sub-range, in thousandths of an access per second. */
    private static RangeLoad perMille(double[] reads, double[] writes, int rf)
    {
        long[] r = new long[reads.length], w = new long[writes.length];
        for (int i = 0; i < r.length; i++)
        {
            r[i] = Math.round(reads[i] * 1000);
            w[i] = Math.round(writes[i] * 1000);
        }
        return new RangeLoad(r, w, rf);
    }

    /**
     * Records the moves, each to run after the one before it; returns their ids. Whether each node is where its move
     * starts is checked by that node when the move's turn comes (only it knows its token for sure).
     *
     * @throws IllegalArgumentException when a move names no ring node
     * @throws IllegalStateException when a guard refuses the first move already, or another move is planned or
     *         running: nothing is recorded then
     */
    @Override
    public List<String> request(List<Move> moves, String reason, String revertOf)
    {
        if (moves.isEmpty())
            throw new IllegalArgumentException("no move to request");
        Map<String, List<Long>> tokens = ring.tokens();
        for (Move m : moves)
            if (!tokens.containsKey(m.node()))
                throw new IllegalArgumentException(m.node() + " is not a ring node (nodes: " + String.join(", ", tokens.keySet()) + ")");
        List<MoveRecord> history = store.all();
        for (MoveRecord r : history)
            if (r.state() == MoveRecord.State.PLANNED || r.state() == MoveRecord.State.RUNNING)
                throw new IllegalStateException("move " + r.id() + " of " + r.node() + " is " + r.state()
                                                + ": let it end (or cancel it: nodetool-ext hotzone move cancel " + r.id() + ") first");
        MoveGuard.Facts facts = new MoveGuard.Facts(tokens, ring.topologyProblem(), ring.unsettledNodes(), 0, -1, 0, history);
        MoveGuard.Verdict first = new MoveGuard(settings).check(null, moves.get(0), revertOf != null, facts, clock.get());
        // A wait (a node still seen MOVING a gossip round after a move) is recorded: the moving node checks again, with
        // its own token and its neighbours as they are then, when the move's turn comes.
        if (first.kind() == MoveGuard.Verdict.Kind.REFUSE)
            throw new IllegalStateException(first.reason());
        List<String> ids = new ArrayList<>();
        String after = null;
        Instant now = clock.get();
        for (int i = 0; i < moves.size(); i++)
        {
            Move m = moves.get(i);
            String id = MoveStore.newId(now, i);
            store.insert(new MoveRecord(m.node(), id, after, m.from(), m.to(), MoveRecord.State.PLANNED, reason, me, now, null, null, 0, "", revertOf));
            ids.add(id);
            after = id;
        }
        return ids;
    }

    /** Cancels a move that has not started. */
    public void cancel(String id)
    {
        MoveRecord planned = find(id);
        if (planned.state() != MoveRecord.State.PLANNED)
            throw new IllegalStateException("move " + id + " is " + planned.state() + ": only a PLANNED move is cancelled");
        if (!store.transition(planned.node(), id, MoveRecord.State.PLANNED, MoveRecord.State.CANCELLED, "cancelled by an operator via " + me))
            throw new IllegalStateException("move " + id + " started or ended meanwhile; list the moves again");
    }

    /** A move of {@code node} to {@code token}, from where it is now. */
    public Move moveOf(String node, long token)
    {
        List<Long> own = ring.tokens().get(node);
        if (own == null)
            throw new IllegalArgumentException(node + " is not a ring node (nodes: " + String.join(", ", ring.tokens().keySet()) + ")");
        if (own.size() != 1)
            throw new IllegalStateException(node + " has " + own.size() + " tokens: Cassandra moves single-token nodes only");
        return new Move(node, own.get(0), token);
    }

    /** Requests the move that undoes a DONE one; returns its id. */
    public String revert(String id)
    {
        return revert(id, "revert of " + id);
    }

    /** {@link #revert(String)} with the reason recorded for it. */
    @Override
    public String revert(String id, String reason)
    {
        MoveRecord done = find(id);
        if (done.state() != MoveRecord.State.DONE)
            throw new IllegalStateException("move " + id + " is " + done.state() + ": only a DONE move can be reverted");
        return request(List.of(done.move().reversed()), reason, id).get(0);
    }

    /** Marks a FAILED move as looked at, so that moves may start again. */
    public void clear(String id)
    {
        MoveRecord failed = find(id);
        if (failed.state() != MoveRecord.State.FAILED)
            throw new IllegalStateException("move " + id + " is " + failed.state() + ": only a FAILED move is cleared");
        if (!store.transition(failed.node(), id, MoveRecord.State.FAILED, MoveRecord.State.CLEARED, "cleared by an operator via " + me + "; was: " + failed.note()))
            throw new IllegalStateException("move " + id + " changed meanwhile; list the moves again");
    }

    @Override
    public List<MoveRecord> list()
    {
        return store.all();
    }

    private MoveRecord find(String id)
    {
        return store.all().stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no move " + id + " (nodetool-ext hotzone moves lists them)"));
    }
}
