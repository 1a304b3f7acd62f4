package io.hotzone.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.codahale.metrics.Counter;

import io.hotzone.capture.BucketSnapshot;
import io.hotzone.capture.DaemonLoop;
import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;

/**
 * Sink of the capturer: gathers sealed buckets into history steps and appends one row per table and step to the
 * access log, on its own thread (so neither request threads nor the capture thread ever wait on a write).
 */
public final class HistoryFlusher implements Consumer<BucketSnapshot>
{
    private final String node;
    private final long stepMillis;
    private final int keysPerRow;
    private final Consumer<HistoryRow> log;
    private final BiConsumer<String, Throwable> onError;
    private final BlockingQueue<BucketSnapshot> pending = new ArrayBlockingQueue<>(1024);
    private final Map<TableRef, List<TableSnapshot>> step = new HashMap<>();
    private long stepStart = Long.MIN_VALUE;
    private final DaemonLoop loop = new DaemonLoop("HotZone-history", () -> {
        BucketSnapshot b = pending.poll(1, TimeUnit.SECONDS);
        if (b != null)
            add(b);
    });

    /** Steps written. */
    public final Counter rowsWritten = new Counter();
    /** Buckets dropped because the writer fell behind by more than 1024 buckets, or writes that failed. */
    public final Counter dropped = new Counter();
    /** Milliseconds between the end of the last step written and its write. */
    private volatile long lagMillis;

    public HistoryFlusher(String node, long stepMillis, int keysPerRow, Consumer<HistoryRow> log, BiConsumer<String, Throwable> onError)
    {
        this.node = node;
        this.stepMillis = stepMillis;
        this.keysPerRow = keysPerRow;
        this.log = log;
        this.onError = onError;
    }

    @Override
    public void accept(BucketSnapshot bucket)
    {
        if (!pending.offer(bucket))
            dropped.inc();
    }

    public long lagMillis()
    {
        return lagMillis;
    }

    public void start()
    {
        loop.start();
    }

    public void stop()
    {
        loop.stop();
    }

    /** Adds a bucket; writes the previous step once a bucket of a later step arrives. */
    void add(BucketSnapshot bucket)
    {
        long start = bucket.startMillis() - Math.floorMod(bucket.startMillis(), stepMillis);
        if (start != stepStart)
        {
            flush();
            stepStart = start;
        }
        bucket.tables().forEach((table, snapshot) -> step.computeIfAbsent(table, t -> new ArrayList<>()).add(snapshot));
    }

    /** Writes the current step, if any. */
    void flush()
    {
        if (step.isEmpty())
            return;
        for (Map.Entry<TableRef, List<TableSnapshot>> e : step.entrySet())
        {
            try
            {
                log.accept(new HistoryRow(node, stepStart, stepMillis, TopMerge.merge(e.getKey(), e.getValue(), keysPerRow)));
                rowsWritten.inc();
            }
            catch (RuntimeException ex)
            {
                dropped.inc();
                onError.accept("writing access history of " + e.getKey() + " failed", ex);
            }
        }
        lagMillis = Math.max(0, System.currentTimeMillis() - (stepStart + stepMillis));
        step.clear();
    }
}
