package io.hotzone.moves;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.hotzone.config.MoveSettings;
import io.hotzone.server.Ring;

/**
 * Runs, on its own node, the token moves requested of it: the oldest first, once the move it waits for is DONE, the
 * guards pass and this node holds the cluster-wide move lock (renewed while Cassandra streams). Every outcome is
 * recorded; a move cut short (the node killed, an error) is recorded FAILED by the node at its next poll, and blocks
 * later moves until an operator clears it.
 */
public final class MoveRunner
{
    /** A requested move that could not start for this long (another move, a node joining) is refused. */
    static final java.time.Duration WAIT_LIMIT = java.time.Duration.ofHours(1);

    private final String me;
    private final MoveLog store;
    private final Ring ring;
    private final MoveLock lock;
    private final MoveGuard guard;
    private final MoveSettings settings;
    private final ScheduledExecutorService renewer;
    private final Supplier<Instant> clock;
    private final BiConsumer<String, Throwable> onError;

    public MoveRunner(String me, MoveLog store, Ring ring, MoveLock lock, MoveSettings settings, ScheduledExecutorService renewer, Supplier<Instant> clock,
                      BiConsumer<String, Throwable> onError)
    {
        this.me = me;
        this.store = store;
        this.ring = ring;
        this.lock = lock;
        this.guard = new MoveGuard(settings);
        this.settings = settings;
        this.renewer = renewer;
        this.clock = clock;
        this.onError = onError;
    }

    /** One look at this node's requested moves; runs at most one (blocking while Cassandra streams). */
    public void poll()
    {
        List<MoveRecord> mine = store.forNode(me);
        // This thread runs every move of this node and is not running one now: a RUNNING row of ours was cut short.
        for (MoveRecord r : mine)
            if (r.state() == MoveRecord.State.RUNNING)
                store.ended(me, r.id(), MoveRecord.State.FAILED, clock.get(), r.bytesStreamed(),
                            "the node stopped during the move; its token is now " + ring.tokens().getOrDefault(me, List.of())
                            + (ring.unsettledNodes().containsKey(me) ? " and it is still " + ring.unsettledNodes().get(me) + ": restart it" : ""));
        List<MoveRecord> all = store.all();
        MoveRecord next = null;
        Instant waitingSince = null;
        for (MoveRecord r : mine) // newest first: the last one that may go is the oldest
        {
            if (r.state() != MoveRecord.State.PLANNED)
                continue;
            if (r.after() == null)
            {
                next = r;
                waitingSince = r.requestedAt();
                continue;
            }
            MoveRecord before = all.stream().filter(b -> b.id().equals(r.after())).findFirst().orElse(null);
            if (before != null && !before.state().ended())
                continue;
            if (before == null || before.state() != MoveRecord.State.DONE)
            {
                store.ended(me, r.id(), MoveRecord.State.CANCELLED, clock.get(), 0,
                            "it waited for " + r.after() + ", which " + (before == null ? "is gone" : "ended " + before.state()));
                continue;
            }
            next = r;
            waitingSince = before.endedAt() != null && r.requestedAt() != null && before.endedAt().isAfter(r.requestedAt()) ? before.endedAt() : r.requestedAt();
        }
        if (next == null)
            return;
        Map<String, List<Long>> tokens = ring.tokens();
        List<Long> own = tokens.getOrDefault(me, List.of());
        // Only the moving node knows its token for sure: the others see a move's end a gossip round late.
        if (own.size() == 1 && own.get(0) != next.from())
        {
            store.ended(me, next.id(), MoveRecord.State.REFUSED, clock.get(), 0,
                        me + " is on token " + own.get(0) + ", not " + next.from() + " as the move says: plan again");
            return;
        }
        MoveGuard.Facts facts = new MoveGuard.Facts(tokens, ring.topologyProblem(), ring.unsettledNodes(), ring.activeStreamsAndRepairs(), ring.freeDiskBytes(),
                                                    receiveBytes(tokens, next.move()), all);
        MoveGuard.Verdict verdict = guard.check(next.id(), next.move(), next.revertOf() != null, facts, clock.get());
        if (verdict.kind() == MoveGuard.Verdict.Kind.GO)
            verdict = betweenNeighbours(tokens, next.move());
        if (verdict.kind() == MoveGuard.Verdict.Kind.WAIT)
        {
            if (waitingSince != null && waitingSince.plus(WAIT_LIMIT).isBefore(clock.get()))
                store.ended(me, next.id(), MoveRecord.State.REFUSED, clock.get(), 0, "waited over " + WAIT_LIMIT.toMinutes() + " minutes: " + verdict.reason());
            return;
        }
        if (verdict.kind() == MoveGuard.Verdict.Kind.REFUSE)
        {
            store.ended(me, next.id(), MoveRecord.State.REFUSED, clock.get(), 0, verdict.reason());
            return;
        }
        if (settings.dryRun())
        {
            store.ended(me, next.id(), MoveRecord.State.DRY_RUN, clock.get(), 0, "every guard passed; moves.dry_run is on");
            return;
        }
        if (!lock.acquireOrRenew())
            return; // another node's move holds the lock: it will show RUNNING, or lapse
        run(next);
    }

    /** A move stays between the node's two neighbours: the ring order never changes (refused otherwise, with the neighbours). */
    private MoveGuard.Verdict betweenNeighbours(Map<String, List<Long>> tokens, Move move)
    {
        RingLayout ring = RingLayout.ofSingleTokens(tokens); // the guard has refused vnodes before
        int j = ring.indexOf(move.node());
        if (ring.size() > 1 && !MovePlanner.strictlyBetween(ring.token(j - 1), ring.token(j + 1), move.to()))
            return MoveGuard.Verdict.refuse("token " + move.to() + " is not between " + move.node() + "'s neighbours " + ring.node(j - 1) + " ("
                                            + ring.token(j - 1) + ") and " + ring.node(j + 1) + " (" + ring.token(j + 1)
                                            + "): HotZone never changes the ring order (nodetool move does, for a larger change)");
        return MoveGuard.Verdict.go();
    }

    private void run(MoveRecord move)
    {
        long base = ring.streamedInBytes();
        Object renewing = new Object();
        boolean[] stopped = { false };
        long every = Math.max(1000, settings.lockTtl().toMillis() / 3);
        ScheduledFuture<?> renewal = renewer.scheduleAtFixedRate(() -> {
            synchronized (renewing)
            {
                if (stopped[0])
                    return;
                try
                {
                    lock.acquireOrRenew();
                    store.progress(me, move.id(), ring.streamedInBytes() - base);
                }
                catch (RuntimeException e)
                {
                    onError.accept("renewing the move lock failed", e);
                }
            }
        }, every, every, TimeUnit.MILLISECONDS);
        MoveRecord.State outcome;
        String note = "";
        try
        {
            store.started(me, move.id(), clock.get());
            ring.move(move.to());
            outcome = MoveRecord.State.DONE;
        }
        catch (Throwable t)
        {
            onError.accept("token move " + move.id() + " failed", t);
            List<Long> now = ring.tokens().getOrDefault(me, List.of());
            // Cassandra refuses some moves before it announces them (a token taken meanwhile, data moving to this node):
            // nothing changed, so nothing is left for an operator to look at.
            boolean untouched = now.size() == 1 && now.get(0) == move.from() && !ring.unsettledNodes().containsKey(me);
            outcome = untouched ? MoveRecord.State.REFUSED : MoveRecord.State.FAILED;
            note = (untouched ? "Cassandra refused it: " : "") + t.getMessage()
                   + (ring.unsettledNodes().containsKey(me) ? "; the node is still " + ring.unsettledNodes().get(me) + ": restart it" : "");
        }
        finally
        {
            renewal.cancel(false);
            synchronized (renewing)
            {
                stopped[0] = true; // a renewal that was running has finished: none re-takes the lock after the release
            }
        }
        try
        {
            recordEnd(move, outcome, ring.streamedInBytes() - base, note);
        }
        finally
        {
            lock.release();
        }
    }

    /** The outcome, retried: a lost DONE would leave the move RUNNING until the node's next poll calls it FAILED. */
    private void recordEnd(MoveRecord move, MoveRecord.State outcome, long bytes, String note)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                store.ended(me, move.id(), outcome, clock.get(), bytes, note);
                return;
            }
            catch (RuntimeException e)
            {
                if (attempt == 5)
                {
                    onError.accept("recording the end of move " + move.id() + " (" + outcome + ") failed", e);
                    return;
                }
                try
                {
                    Thread.sleep(1000L * attempt);
                }
                catch (InterruptedException ie)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * What this node would stream in: the arc it joins (as at RF 1: a boundary shift adds the same arc to the mover at
     * any RF) times the ring's data, taken as this node's load times the ring size: an over-estimate by the RF,
     * which errs on the safe side for a disk check.
     */
    private long receiveBytes(Map<String, List<Long>> tokens, Move move)
    {
        if (!RingLayout.isSingleToken(tokens) || !tokens.containsKey(me))
            return 0; // vnodes: the guard refuses the move anyway
        RingLayout now = RingLayout.ofSingleTokens(tokens);
        double arc = MovePlanner.received(now, now.moved(me, move.to()), 1).getOrDefault(me, 0.0);
        return (long) (arc * ring.loadBytes() * tokens.size());
    }
}
