package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.apache.cassandra.db.ClusteringComparator;
import org.apache.cassandra.db.Slice;

/**
 * One mirror table's pre-computed aggregates on this node, and what makes them stale.
 *
 * <p>An aggregate is the result of a rule's query over this node's copy of one partition. Whether it is still that
 * result is decided by a seqlock per stripe of partitions, moved by the table's {@link AggregateIndex} around every
 * update Cassandra applies here: a result computed while no update was in progress in its stripe, and installed while
 * none began since, is exact; every later update marks the clustering it touched as dirty in the result before the
 * update is acknowledged. A query whose clustering range meets a dirty mark is not answered from the result.
 */
final class AggregateState
{
    private static final int STRIPES = 1024;
    /** Beyond this many dirty marks a result counts as dirty whole: a recompute is due anyway. */
    private static final int MAX_MARKS = 64;

    final ClusteringComparator comparator;
    private final int maxPartitions;
    private final AtomicLongArray begun = new AtomicLongArray(STRIPES);
    private final AtomicLongArray finished = new AtomicLongArray(STRIPES);
    /** Moves when the table's data changed without passing through updates (streamed or imported sstables, truncate). */
    private final AtomicLong generation = new AtomicLong();
    private final Map<ByteBuffer, Map<String, Result>> results = new ConcurrentHashMap<>();

    AggregateState(ClusteringComparator comparator, int maxPartitions)
    {
        this.comparator = comparator;
        this.maxPartitions = maxPartitions;
    }

    /** What became of an install. */
    enum Install { DONE, OVERTAKEN, FULL }

    /** A rule's result for one partition: its rows, each row's clustering slice, and what has changed since. */
    static final class Result
    {
        /** Seconds: the {@code now} it was computed at; a query with an earlier {@code now} may see cells expired since. */
        final long computedAt;
        /** Null when the partition has more groups than are kept: a marker that nothing is to be computed until it changes. */
        final List<List<ByteBuffer>> rows;
        /** The clustering slice each row's group covers; null when a row's group cannot be placed (only whole-partition queries). */
        final List<Slice> groups;
        /** Seconds: the first moment a cell it counted expires (Long.MAX_VALUE: none does). */
        final long deadline;
        final long generation;
        private volatile List<Slice> dirty = List.of();
        private volatile boolean wholeDirty;
        private volatile long dirtySinceNanos;

        Result(List<List<ByteBuffer>> rows, List<Slice> groups, long computedAt, long deadline, long generation)
        {
            this.computedAt = computedAt;
            this.rows = rows;
            this.groups = groups;
            this.deadline = deadline;
            this.generation = generation;
        }

        /** A marker: the partition is not to be computed for this rule (too many groups, or the rule no longer fits) until it changes. */
        static Result nothing(long computedAt, long generation)
        {
            return new Result(null, null, computedAt, Long.MAX_VALUE, generation);
        }

        synchronized void mark(Slice slice)
        {
            if (wholeDirty)
                return;
            if (dirtySinceNanos == 0)
                dirtySinceNanos = System.nanoTime();
            if (slice == null || dirty.size() >= MAX_MARKS)
            {
                wholeDirty = true;
                return;
            }
            List<Slice> next = new ArrayList<>(dirty.size() + 1);
            next.addAll(dirty);
            next.add(slice);
            dirty = next;
        }

        boolean dirty()
        {
            return wholeDirty || !dirty.isEmpty();
        }

        /** Whether an update since the computation touched the slice. */
        boolean dirtyWithin(ClusteringComparator comparator, Slice range)
        {
            if (wholeDirty)
                return true;
            for (Slice d : dirty)
                if (d.intersects(comparator, range))
                    return true;
            return false;
        }

        long dirtySinceNanos()
        {
            return dirtySinceNanos;
        }
    }

    private static int stripe(ByteBuffer key)
    {
        return (key.hashCode() & 0x7fffffff) % STRIPES;
    }

    void begin(ByteBuffer key)
    {
        begun.incrementAndGet(stripe(key));
    }

    void finish(ByteBuffer key)
    {
        finished.incrementAndGet(stripe(key));
    }

    /** The stamp a computation starting now installs with, or -1 while an update of the stripe is in progress. */
    long quietStamp(ByteBuffer key)
    {
        int s = stripe(key);
        long b = begun.get(s);
        return finished.get(s) == b ? b : -1;
    }

    long generation()
    {
        return generation.get();
    }

    /**
     * Installs a result computed from the stamp on; refused (false) when an update began in the stripe since, which
     * the result may lack. The second check covers an update that began while the result was being put, before its
     * marks could find it.
     */
    Install install(ByteBuffer key, String rule, Result result, long stamp)
    {
        int s = stripe(key);
        if (begun.get(s) != stamp || generation.get() != result.generation)
            return Install.OVERTAKEN;
        if (results.size() >= maxPartitions && !results.containsKey(key))
            return Install.FULL;
        Map<String, Result> byRule = results.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        byRule.put(rule, result);
        if (begun.get(s) != stamp || generation.get() != result.generation)
        {
            byRule.remove(rule, result);
            return Install.OVERTAKEN;
        }
        return Install.DONE;
    }

    /** The rule's result for the partition, if one is installed and of the current generation. */
    Result get(ByteBuffer key, String rule)
    {
        Map<String, Result> byRule = results.get(key);
        Result r = byRule == null ? null : byRule.get(rule);
        return r == null || r.generation != generation.get() ? null : r;
    }

    /** Marks every result of the partition dirty within the slice (null: whole); returns whether there was one. */
    boolean mark(ByteBuffer key, Slice slice)
    {
        Map<String, Result> byRule = results.get(key);
        if (byRule == null || byRule.isEmpty())
            return false;
        for (Result r : byRule.values())
            r.mark(slice);
        return true;
    }

    /** Drops every result: the data changed in a way no update reported. */
    void invalidateAll()
    {
        generation.incrementAndGet();
        results.clear();
    }

    /** Keeps only the results of these rules (the others were removed or changed). */
    void retainRules(java.util.Set<String> rules)
    {
        results.values().removeIf(byRule -> {
            byRule.keySet().retainAll(rules);
            return byRule.isEmpty();
        });
    }

    int partitions()
    {
        return results.size();
    }

    /** Results with an update since they were computed, and the oldest such update's age. */
    long[] dirtyCountAndOldestNanos(long now)
    {
        long count = 0, oldest = 0;
        for (Map<String, Result> byRule : results.values())
            for (Result r : byRule.values())
                if (r.dirty())
                {
                    count++;
                    oldest = Math.max(oldest, now - r.dirtySinceNanos());
                }
        return new long[]{ count, oldest };
    }

    /** The rule's results held, and how many of them are dirty. */
    long[] counts(String rule)
    {
        long held = 0, dirty = 0;
        for (Map<String, Result> byRule : results.values())
        {
            Result r = byRule.get(rule);
            if (r != null)
            {
                held++;
                if (r.dirty())
                    dirty++;
            }
        }
        return new long[]{ held, dirty };
    }
}
