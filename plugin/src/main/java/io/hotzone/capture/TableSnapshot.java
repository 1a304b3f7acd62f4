package io.hotzone.capture;

import java.util.List;

/**
 * What one node saw of one table during one bucket: totals, per-sub-range counts and the top partitions.
 *
 * @param top   most accessed partitions (reads and writes together), most first; counts over-estimate by at most {@code error}
 * @param floor an untracked partition was accessed at most this often (0 when {@code exact})
 * @param exact true when every partition accessed is in {@code top} with its exact count
 */
public record TableSnapshot(TableRef table, long reads, long writes, long[] rangeReads, long[] rangeWrites,
                            List<KeyCount> top, long floor, boolean exact)
{
    /** A partition key (serialized, as Cassandra stores it), its token, estimated access count and over-estimate bound. */
    public record KeyCount(byte[] key, long token, long count, long error)
    {
    }
}
