package io.hotzone.dtests.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks every ONE read of the history against the acknowledged writes, cell by cell. Each partition has a single
 * writer, so its writes are totally ordered (and carry increasing client timestamps); a cell is a last-writer-wins
 * register. A read may return the state after any write between
 * <ul>
 * <li>the last one it must see: a strong write (every replica acknowledged it) acknowledged before the read started,
 *     or, for a read a mirror answered, any acknowledged write acknowledged more than the staleness bound before it
 *     started; and</li>
 * <li>the last one invoked before the read returned (writes with an unknown outcome included);</li>
 * </ul>
 * a TTL'd value may have expired from its first possible expiry on, and must have after its last. Anything else is an
 * anomaly: {@code stale} (an older value), {@code lost} (nothing where a write must show), {@code resurrected} (a
 * value a delete that must show removed), {@code phantom} (a value never written to that cell). Only anomalies of
 * reads a mirror answered count against HotZone; those of normal-path reads (stock Cassandra, e.g. an acknowledged
 * write lost by a node killed before its periodic commit-log sync) are kinds prefixed {@value #STOCK}.
 */
final class HistoryChecker
{
    /** Prefix of the kinds of anomalies found in reads the normal path answered. */
    static final String STOCK = "stock-";

    private final long boundNanos;
    private final long ttlSlackNanos;
    private final List<Integer> cells;
    /** The first invocation of the history checked last: times in examples are seconds from it. */
    private long origin;

    /**
     * @param boundNanos staleness bound for weak writes
     * @param ttlSlackNanos clock and second-granularity slack around a TTL's expiry (Cassandra counts whole seconds)
     * @param cells every clustering value the workload uses
     */
    HistoryChecker(long boundNanos, long ttlSlackNanos, List<Integer> cells)
    {
        this.boundNanos = boundNanos;
        this.ttlSlackNanos = ttlSlackNanos;
        this.cells = List.copyOf(cells);
    }

    static final class Result
    {
        final int reads;
        int mirrorReads;
        final Map<String, Integer> anomaliesByKind = new TreeMap<>();
        final List<String> examples = new ArrayList<>();

        Result(int reads)
        {
            this.reads = reads;
        }

        /** Anomalies of reads answered from mirrors: HotZone's. */
        int anomalies()
        {
            return anomaliesByKind.entrySet().stream().filter(e -> !e.getKey().startsWith(STOCK)).mapToInt(Map.Entry::getValue).sum();
        }

        /** Anomalies of reads the normal path answered: stock Cassandra's (kinds prefixed {@value #STOCK}). */
        int stockAnomalies()
        {
            return anomaliesByKind.entrySet().stream().filter(e -> e.getKey().startsWith(STOCK)).mapToInt(Map.Entry::getValue).sum();
        }

        void add(String kind, String example)
        {
            anomaliesByKind.merge(kind, 1, Integer::sum);
            if (examples.size() < 10)
                examples.add(kind + ": " + example);
        }
    }

    /**
     * @param writes per partition, in the order its writer issued them
     * @param reads every completed read
     */
    Result check(Map<String, List<Op>> writes, List<Op> reads)
    {
        Result result = new Result(reads.size());
        origin = Long.MAX_VALUE;
        for (Op r : reads)
            origin = Math.min(origin, r.invoked);
        for (List<Op> ops : writes.values())
            for (Op w : ops)
                origin = Math.min(origin, w.invoked);
        for (Op read : reads)
        {
            if (read.fromMirror)
                result.mirrorReads++;
            List<Op> ops = writes.getOrDefault(read.key, List.of());
            for (int c : cells)
            {
                String anomaly = checkCell(ops, read, c);
                // A read the normal path answered is stock Cassandra's: an anomaly there (an acknowledged write lost by a
                // node killed before its periodic commit-log sync) is counted apart from HotZone's.
                if (anomaly != null)
                    result.add((read.fromMirror ? "" : STOCK) + anomaly.substring(0, anomaly.indexOf(':')), read.kind + (read.fromMirror ? " (mirror" : " (normal path") + " via " + read.coordinator + ") of "
                                                                          + read.key + " cell " + c + " at " + at(read.invoked) + anomaly.substring(anomaly.indexOf(':')));
            }
        }
        return result;
    }

    /** Null when the read's value of the cell is allowed; otherwise "kind: details". */
    String checkCell(List<Op> partitionOps, Op read, int cell)
    {
        List<Op> ops = new ArrayList<>();
        for (Op op : partitionOps)
            if (op.cells.containsKey(cell) && op.outcome != Op.Outcome.FAIL)
                ops.add(op);
        int lo = -1, hi = -1;
        for (int j = 0; j < ops.size(); j++)
        {
            Op op = ops.get(j);
            // a strong write must show to every read after it; a weak one only to mirror reads, after the bound (a
            // stock ONE read after a ONE write may miss it for as long as hints take)
            if (op.outcome == Op.Outcome.OK && (op.strong ? op.completed < read.invoked : read.fromMirror && op.completed + boundNanos < read.invoked))
                lo = j;
            if (op.invoked < read.completed)
                hi = j;
        }
        Integer observed = read.cells.get(cell);
        Set<Integer> allowed = new HashSet<>();
        if (lo == -1)
            allowed.add(null);
        for (int j = Math.max(lo, 0); j <= hi; j++)
            allowed.addAll(states(ops.get(j), cell, read));
        if (allowed.contains(observed))
            return null;
        String window = "allowed " + allowed + " (writes " + (lo < 0 ? "-" : ops.get(lo).kind + "#" + lo + " via " + ops.get(lo).coordinator + " acked at " + at(ops.get(lo).completed))
                        + " .. " + (hi < 0 ? "-" : "#" + hi) + " of " + ops.size() + "), read " + observed;
        boolean everWritten = false;
        for (Op op : ops)
            everWritten |= Objects.equals(op.cells.get(cell), observed) && op.invoked < read.completed;
        if (!everWritten && observed != null)
            return "phantom: " + window;
        if (observed == null)
            return "lost: " + window;
        // an older value: resurrected if a delete of the cell came after it and had to show
        int source = -1;
        for (int j = 0; j < ops.size(); j++)
            if (Objects.equals(ops.get(j).cells.get(cell), observed))
                source = j;
        for (int j = source + 1; j <= lo; j++)
            if (ops.get(j).cells.get(cell) == null)
                return "resurrected: " + window;
        return "stale: " + window;
    }

    private String at(long nanos)
    {
        return String.format(java.util.Locale.ROOT, "%.2f s", (nanos - origin) / 1e9);
    }

    /** The values the cell may have at the read's time if this write was the last one applied. */
    private Set<Integer> states(Op op, int cell, Op read)
    {
        Integer value = op.cells.get(cell);
        Set<Integer> out = new HashSet<>();
        if (value == null || op.ttlSeconds <= 0)
        {
            out.add(value);
            return out;
        }
        long ttl = op.ttlSeconds * 1_000_000_000L;
        long earliestExpiry = op.invoked + ttl - ttlSlackNanos;
        long latestExpiry = (op.outcome == Op.Outcome.OK ? op.completed : Long.MAX_VALUE - ttl - ttlSlackNanos) + ttl + ttlSlackNanos;
        if (read.completed > earliestExpiry)
            out.add(null);
        if (read.invoked < latestExpiry)
            out.add(value);
        return out;
    }

    /** Groups writes by partition, keeping their order. */
    static Map<String, List<Op>> byPartition(List<Op> writes)
    {
        Map<String, List<Op>> out = new HashMap<>();
        for (Op op : writes)
            out.computeIfAbsent(op.key, k -> new ArrayList<>()).add(op);
        return out;
    }
}
