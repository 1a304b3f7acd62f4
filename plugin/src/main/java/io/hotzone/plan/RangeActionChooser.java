package io.hotzone.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.hotzone.forecast.HotRange;
import io.hotzone.forecast.HotZone;

/**
 * Chooses the action for a forecast hot range by its kind and the time left: a range mirror zone for a read-hot range
 * (any ring), a token move for a write-hot one (single-token rings; a mirror takes every write too, so it cannot
 * relieve writes), or nothing; and only an action expected to be done before the range turns hot. A range hot
 * already (an anomaly, or a start that has passed) takes an action only if it is done within the first half of the
 * predicted window: later it would mostly miss the spike it was for.
 * <p>
 * Estimates, stated so that an operator can check them: a range holds its share of the table's data (Murmur3 spreads
 * partitions evenly over the ring); a copy runs at {@link Facts#copyBytesPerSecond}; a move of a neighbour into the
 * range streams half the range for each of the RF replica sets the neighbour joins, at Cassandra's stream throughput,
 * plus Cassandra's fixed wait before a move streams, once for each move a plan may hold (they run one after the
 * other). A move is chosen only for a range announced by an event or forecast with at least moves.min_confidence,
 * and never for one hot already without warning (an anomaly): the move would stream during the spike.
 */
public final class RangeActionChooser
{
    /** Cassandra's outbound stream throughput default (stream_throughput_outbound: 24MiB/s), used when it is unthrottled. */
    static final double UNTHROTTLED_STREAM_BYTES_PER_SECOND = 24 * 1024 * 1024;

    /** What the choice depends on besides the range. */
    public static final class Facts
    {
        final String noMoves;
        final int nodes;
        final int rf;
        final long tableBytesOnThisNode;
        final double copyBytesPerSecond;
        final double streamBytesPerSecond;
        final Duration moveOverhead;
        final int maxMoves;
        final double minConfidence;

        /**
         * @param noMoves              why this ring takes no token move (vnodes, moves.enabled false, several data
         *                             centers), or null
         * @param tableBytesOnThisNode the table's live bytes on the node that chooses (it holds about rf / nodes of the data)
         * @param streamBytesPerSecond Cassandra's stream throughput limit, 0 when unthrottled
         * @param moveOverhead         what a move takes besides streaming (Cassandra announces it and waits before streaming)
         * @param maxMoves             moves a plan may hold (they run one after the other)
         * @param minConfidence        a forecast (not announced) write-hot range needs this confidence for a move
         */
        public Facts(String noMoves, int nodes, int rf, long tableBytesOnThisNode, double copyBytesPerSecond,
                     double streamBytesPerSecond, Duration moveOverhead, int maxMoves, double minConfidence)
        {
            this.maxMoves = maxMoves;
            this.minConfidence = minConfidence;
            this.noMoves = noMoves;
            this.nodes = nodes;
            this.rf = rf;
            this.tableBytesOnThisNode = tableBytesOnThisNode;
            this.copyBytesPerSecond = copyBytesPerSecond;
            this.streamBytesPerSecond = streamBytesPerSecond;
            this.moveOverhead = moveOverhead;
        }
    }

    private final int subRanges;

    /** @param subRanges the capture's sub-ranges per table */
    public RangeActionChooser(int subRanges)
    {
        this.subRanges = subRanges;
    }

    public RangeAction choose(HotRange range, Facts facts, Instant now)
    {
        Duration left = timeLeft(range, now);
        String when = range.predictedStart().isAfter(now) ? "hot in " + seconds(Duration.between(now, range.predictedStart()))
                                                          : "hot now, window left " + seconds(Duration.between(now, range.predictedEnd()));
        long oneCopy = oneCopyBytes(range, facts);
        if (range.kind() == HotRange.Kind.READS)
        {
            Duration copy = Duration.ofMillis((long) Math.ceil(1000.0 * oneCopy / facts.copyBytesPerSecond));
            if (copy.compareTo(left) <= 0)
                return new RangeAction(range, RangeAction.Kind.BOOST, oneCopy, copy,
                                       "read-hot: a range mirror copies ~" + mib(oneCopy) + " in ~" + seconds(copy) + ", " + when);
            return new RangeAction(range, RangeAction.Kind.NOTHING, 0, Duration.ZERO,
                                   "read-hot, but a copy of ~" + mib(oneCopy) + " needs ~" + seconds(copy) + ", " + when);
        }
        if (facts.noMoves != null)
            return new RangeAction(range, RangeAction.Kind.NOTHING, 0, Duration.ZERO,
                                   "write-hot, but no token move: " + facts.noMoves + " (a mirror takes every write too)");
        if (facts.rf >= facts.nodes)
            return new RangeAction(range, RangeAction.Kind.NOTHING, 0, Duration.ZERO,
                                   "write-hot, but every node replicates every range (RF " + facts.rf + ", " + facts.nodes + " nodes): no move spreads writes");
        if (range.reason() == HotZone.Reason.ANOMALY)
            return new RangeAction(range, RangeAction.Kind.NOTHING, 0, Duration.ZERO,
                                   "write-hot now (an anomaly): a move streams while the spike runs and is there only after it");
        if (range.reason() != HotZone.Reason.EVENT && range.confidence() < facts.minConfidence)
            return new RangeAction(range, RangeAction.Kind.NOTHING, 0, Duration.ZERO,
                                   String.format(Locale.ROOT, "write-hot, but confidence %.2f is below moves.min_confidence %.2f", range.confidence(),
                                                 facts.minConfidence));
        long streamed = oneCopy * facts.rf / 2;
        double rate = facts.streamBytesPerSecond > 0 ? facts.streamBytesPerSecond : UNTHROTTLED_STREAM_BYTES_PER_SECOND;
        // a plan of up to max_moves moves, one after the other: each waits the ring delay; together they stream about this
        Duration move = facts.moveOverhead.multipliedBy(facts.maxMoves).plusMillis((long) Math.ceil(1000.0 * streamed / rate));
        if (move.compareTo(left) <= 0)
            return new RangeAction(range, RangeAction.Kind.MOVE, streamed, move,
                                   "write-hot: a token move streams ~" + mib(streamed) + " in ~" + seconds(move) + ", " + when);
        return new RangeAction(range, RangeAction.Kind.NOTHING, 0, Duration.ZERO,
                               "write-hot, but a token move (~" + mib(streamed) + ") needs ~" + seconds(move) + ", " + when);
    }

    /** Until the range turns hot; for one hot already, the first half of what is left of its window. */
    static Duration timeLeft(HotRange range, Instant now)
    {
        if (range.predictedStart().isAfter(now))
            return Duration.between(now, range.predictedStart());
        Duration window = Duration.between(now, range.predictedEnd());
        return window.isNegative() ? Duration.ZERO : window.dividedBy(2);
    }

    /** One copy of the range's data in the whole ring: the table's data (this node's share scaled up) times the range's share of the ring. */
    long oneCopyBytes(HotRange range, Facts facts)
    {
        double table = (double) facts.tableBytesOnThisNode * facts.nodes / Math.max(1, Math.min(facts.rf, facts.nodes));
        return (long) Math.ceil(table * range.subRanges() / subRanges);
    }

    private static String mib(long bytes)
    {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static String seconds(Duration d)
    {
        return Math.max(0, d.toSeconds()) + " s";
    }
}
