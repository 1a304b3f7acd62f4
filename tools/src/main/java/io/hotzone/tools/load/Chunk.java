package io.hotzone.tools.load;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A run of consecutive input records written together: it is finished (and may move the watermark) once the reader
 * has sealed it and every batch made of its records was written.
 */
final class Chunk
{
    final long start;
    Position end;
    private final AtomicInteger pending = new AtomicInteger(1); // the reader's own hold until it seals the chunk
    private final AtomicLong rows = new AtomicLong();
    private volatile boolean failed;
    private final Watermark watermark;
    private final Map<String, long[]> nodes = new HashMap<>(); // primary replica → rows, checksum sum

    Chunk(long start, Watermark watermark)
    {
        this.start = start;
        this.watermark = watermark;
    }

    void batchSent()
    {
        pending.incrementAndGet();
    }

    /** A row of this chunk was written (or, in a dry run, would be) with this node as its primary replica. */
    void count(String node, long checksum)
    {
        synchronized (nodes)
        {
            long[] n = nodes.computeIfAbsent(node, x -> new long[2]);
            n[0]++;
            n[1] += checksum;
        }
    }

    void batchDone(int rowsWritten)
    {
        rows.addAndGet(rowsWritten);
        release();
    }

    /** A batch of this chunk could not be written: the watermark stays before it, a resume writes it again. */
    void batchFailed()
    {
        failed = true;
        release();
    }

    /** The reader stopped inside this chunk: it never finishes, a resume starts at it. */
    void abandon()
    {
        failed = true;
        release();
    }

    void seal(Position end)
    {
        this.end = end;
        release();
    }

    private void release()
    {
        if (pending.decrementAndGet() == 0 && !failed)
            synchronized (nodes)
            {
                watermark.finished(start, end, rows.get(), nodes);
            }
    }
}
