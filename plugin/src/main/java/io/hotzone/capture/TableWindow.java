package io.hotzone.capture;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The live counters of one table in the current bucket. Owned by the capture thread. */
final class TableWindow
{
    private final TableRef table;
    private final RingRanges ranges;
    private final SpaceSaving<ByteBuffer> top;
    private final long[] rangeReads;
    private final long[] rangeWrites;
    private long reads;
    private long writes;

    TableWindow(TableRef table, RingRanges ranges, int topK)
    {
        this.table = table;
        this.ranges = ranges;
        this.top = new SpaceSaving<>(topK);
        this.rangeReads = new long[ranges.count()];
        this.rangeWrites = new long[ranges.count()];
    }

    void add(Access a)
    {
        long[] counts = a.write() ? rangeWrites : rangeReads;
        if (a.write()) writes++; else reads++;
        if (a.key() != null)
        {
            counts[ranges.indexOf(a.token())]++;
            top.offer(ByteBuffer.wrap(a.key()), a.token(), a.write());
        }
        else
        {
            ranges.addCovered(counts, a.token(), a.endToken());
        }
    }

    TableSnapshot snapshot()
    {
        List<TableSnapshot.KeyCount> keys = new ArrayList<>(top.size());
        for (SpaceSaving.Entry<ByteBuffer> e : top.top(top.capacity()))
            keys.add(new TableSnapshot.KeyCount(e.item().array(), e.token(), e.count(), e.error(), e.tagged()));
        return new TableSnapshot(table, reads, writes, rangeReads.clone(), rangeWrites.clone(), keys, top.floor(), top.exact());
    }

    /** Upper bound of this window's heap use, for the memory gauge: counters, keys up to the size limit, range arrays. */
    static long maxBytes(int topK, int maxKeyBytes, int rangeCount)
    {
        return (long) topK * (120 + maxKeyBytes) + 2L * rangeCount * 8 + 200;
    }
}
