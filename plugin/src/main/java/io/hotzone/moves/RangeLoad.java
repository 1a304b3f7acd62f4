package io.hotzone.moves;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes per equal ring sub-range (the capture's counts), spread evenly within a sub-range, and what they
 * cost each node of a single-token ring: a read at ONE lands on one of its range's replicas (1/rf each, as a
 * token-aware client spreads them), a write on every replica.
 */
public final class RangeLoad
{
    private final double[] cumulativeReads, cumulativeWrites;
    private final int count;
    private final int rf;

    /**
     * @param reads per sub-range
     * @param writes per sub-range (as many as reads)
     * @param rf the replication factor of the table's keyspace in the ring's data center
     */
    public RangeLoad(long[] reads, long[] writes, int rf)
    {
        if (rf < 1)
            throw new IllegalArgumentException("replication factor must be at least 1, got " + rf);
        this.rf = rf;
        if (reads.length != writes.length || reads.length == 0)
            throw new IllegalArgumentException("reads and writes need the same, non-zero number of sub-ranges");
        count = reads.length;
        cumulativeReads = cumulative(reads);
        cumulativeWrites = cumulative(writes);
    }

    private static double[] cumulative(long[] counts)
    {
        double[] c = new double[counts.length + 1];
        for (int i = 0; i < counts.length; i++)
        {
            if (counts[i] < 0)
                throw new IllegalArgumentException("negative count in sub-range " + i);
            c[i + 1] = c[i] + counts[i];
        }
        return c;
    }

    public double totalReads()
    {
        return cumulativeReads[count];
    }

    public double totalWrites()
    {
        return cumulativeWrites[count];
    }

    /** Accesses from the ring's start up to position p (fraction of the ring), uniform within a sub-range. */
    private static double upTo(double[] cumulative, int count, double p)
    {
        double x = p * count;
        int i = Math.min(count - 1, (int) x);
        return cumulative[i] + (cumulative[i + 1] - cumulative[i]) * (x - i);
    }

    /** Reads and writes in (from, to] of the ring (positions), wrapping when from >= to (the whole ring when equal). */
    double[] between(double from, double to)
    {
        double r, w;
        if (from < to)
        {
            r = upTo(cumulativeReads, count, to) - upTo(cumulativeReads, count, from);
            w = upTo(cumulativeWrites, count, to) - upTo(cumulativeWrites, count, from);
        }
        else
        {
            r = cumulativeReads[count] - upTo(cumulativeReads, count, from) + upTo(cumulativeReads, count, to);
            w = cumulativeWrites[count] - upTo(cumulativeWrites, count, from) + upTo(cumulativeWrites, count, to);
        }
        return new double[]{ r, w };
    }

    /** Each node's load on the ring, in ring order: reads / rf + writes over every range it replicates. */
    public double[] perNode(RingLayout ring)
    {
        int n = ring.size(), replicas = Math.min(rf, n);
        double[] load = new double[n];
        for (int i = 0; i < n; i++)
        {
            double[] rw = between(RingLayout.position(ring.token(i - 1)), RingLayout.position(ring.token(i))); // one node: the whole ring
            double each = rw[0] / replicas + rw[1];
            for (int k = 0; k < replicas; k++)
                load[(i + k) % n] += each;
        }
        return load;
    }

    /** {@link #perNode} by node name. */
    public Map<String, Double> byNode(RingLayout ring)
    {
        double[] load = perNode(ring);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < load.length; i++)
            out.put(ring.node(i), load[i]);
        return out;
    }

    public int rf()
    {
        return rf;
    }

    public int subRanges()
    {
        return count;
    }
}
