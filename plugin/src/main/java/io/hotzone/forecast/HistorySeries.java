package io.hotzone.forecast;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hotzone.capture.TableSnapshot.KeyCount;
import io.hotzone.history.HistoryRow;

/**
 * Turns every node's access-log rows of one table into a {@link SegmentSeries} of partitions (reads and writes per
 * step, nodes summed), plus extra segments with no history yet (keys named by events), keeping each segment's key and
 * token.
 */
public final class HistorySeries
{
    public record Segment(String name, byte[] key, long token)
    {
    }

    /** The series and, per segment index, the partition it stands for. */
    public record Built(SegmentSeries series, List<Segment> segments)
    {
    }

    private HistorySeries()
    {
    }

    public static Built build(List<HistoryRow> rows, List<Segment> extra, Instant from, Instant to, Duration step,
                              java.util.function.Function<byte[], String> name)
    {
        long stepMs = step.toMillis();
        long start = from.toEpochMilli() - Math.floorMod(from.toEpochMilli(), stepMs);
        int steps = (int) Math.max(1, (to.toEpochMilli() - start + stepMs - 1) / stepMs);
        Map<ByteBuffer, Integer> index = new LinkedHashMap<>();
        List<Segment> segments = new ArrayList<>();
        List<double[]> counts = new ArrayList<>();
        for (HistoryRow row : rows)
        {
            int i = (int) ((row.startMillis() - start) / stepMs);
            if (i < 0 || i >= steps)
                continue;
            for (KeyCount k : row.snapshot().top())
            {
                int s = index.computeIfAbsent(ByteBuffer.wrap(k.key()), b -> {
                    segments.add(new Segment(name.apply(k.key()), k.key(), k.token()));
                    counts.add(new double[steps]);
                    return segments.size() - 1;
                });
                counts.get(s)[i] += k.count();
            }
        }
        for (Segment e : extra)
            if (!index.containsKey(ByteBuffer.wrap(e.key())))
            {
                index.put(ByteBuffer.wrap(e.key()), segments.size());
                segments.add(e);
                counts.add(new double[steps]);
            }
        List<String> names = segments.stream().map(Segment::name).toList();
        return new Built(new SegmentSeries(names, counts.toArray(new double[0][]), Instant.ofEpochMilli(start), step), List.copyOf(segments));
    }
}
