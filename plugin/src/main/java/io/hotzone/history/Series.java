package io.hotzone.history;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hotzone.capture.TableSnapshot.KeyCount;

/**
 * Per-step count series of segments, from history rows of every node: what the forecaster reads. A row counts in
 * the step that contains its start; steps without a row are 0. Resampling to a coarser step sums; rows coarser
 * than the step are not spread out.
 */
public final class Series
{
    private Series()
    {
    }

    private static int slot(HistoryRow row, long from, long to, long step)
    {
        if (row.startMillis() < from || row.startMillis() >= to)
            return -1;
        return (int) ((row.startMillis() - from) / step);
    }

    public static int steps(long from, long to, long step)
    {
        if (step <= 0 || to <= from)
            throw new IllegalArgumentException("need from < to and a positive step");
        return (int) ((to - from + step - 1) / step);
    }

    /** Accesses of one partition per step (the count as recorded: an upper bound when the row was not exact). */
    public static long[] ofKey(List<HistoryRow> rows, byte[] key, long from, long to, long step)
    {
        long[] series = new long[steps(from, to, step)];
        ByteBuffer wanted = ByteBuffer.wrap(key);
        for (HistoryRow row : rows)
        {
            int i = slot(row, from, to, step);
            if (i < 0)
                continue;
            for (KeyCount k : row.snapshot().top())
                if (ByteBuffer.wrap(k.key()).equals(wanted))
                    series[i] += k.count();
        }
        return series;
    }

    /** Reads plus writes of one ring sub-range per step. */
    public static long[] ofRange(List<HistoryRow> rows, int range, long from, long to, long step)
    {
        long[] series = new long[steps(from, to, step)];
        for (HistoryRow row : rows)
        {
            int i = slot(row, from, to, step);
            if (i >= 0 && range < row.snapshot().rangeReads().length)
                series[i] += row.snapshot().rangeReads()[range] + row.snapshot().rangeWrites()[range];
        }
        return series;
    }

    /** Series of every partition that appears in the rows, keyed by serialized key. */
    public static Map<ByteBuffer, long[]> ofAllKeys(List<HistoryRow> rows, long from, long to, long step)
    {
        int n = steps(from, to, step);
        Map<ByteBuffer, long[]> all = new HashMap<>();
        for (HistoryRow row : rows)
        {
            int i = slot(row, from, to, step);
            if (i < 0)
                continue;
            for (KeyCount k : row.snapshot().top())
                all.computeIfAbsent(ByteBuffer.wrap(k.key()), x -> new long[n])[i] += k.count();
        }
        return all;
    }
}
