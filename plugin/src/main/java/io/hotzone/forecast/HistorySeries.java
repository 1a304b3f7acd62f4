package io.hotzone.forecast;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.hotzone.capture.TableSnapshot.KeyCount;
import io.hotzone.history.HistoryRow;

/**
 * Turns every node's access-log rows of one table into a {@link SegmentSeries} of partitions (reads and writes per
 * step, nodes summed), plus extra segments with no history yet (keys named by events), keeping each segment's key and
 * token.
 */
public final class HistorySeries
{
    public static final class Segment
    {
        private final String name;
        private final byte[] key;
        private final long token;

        public Segment(String name, byte[] key, long token)
        {
            this.name = name;
            this.key = key;
            this.token = token;
        }

        public String name()
        {
            return name;
        }

        public byte[] key()
        {
            return key;
        }

        public long token()
        {
            return token;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Segment))
                return false;
            Segment that = (Segment) o;
            return Objects.equals(name, that.name) && Objects.equals(key, that.key) && token == that.token;
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(name);
            h = 31 * h + Objects.hashCode(key);
            h = 31 * h + Long.hashCode(token);
            return h;
        }

        @Override
        public String toString()
        {
            return "Segment[name=" + name + ", key=" + key + ", token=" + token + "]";
        }
    }

    /** The series and, per segment index, the partition it stands for and its usual writes per step. */
    public static final class Built
    {
        private final SegmentSeries series;
        private final List<Segment> segments;
        private final double[] writesPerStep;

        public Built(SegmentSeries series, List<Segment> segments, double[] writesPerStep)
        {
            this.series = series;
            this.segments = segments;
            this.writesPerStep = writesPerStep;
        }

        /**
         * The segment's writes per step, averaged from its first access to the window's end: a partition's writes, unlike
         * the reads a campaign multiplies, are taken to go on at their usual rate. 0 without history; rows of nodes
         * older than the capture's write counts add none (an underestimate while versions are mixed).
         */
        public double writesPerStep(int segment)
        {
            return writesPerStep[segment];
        }

        public SegmentSeries series()
        {
            return series;
        }

        public List<Segment> segments()
        {
            return segments;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Built))
                return false;
            Built that = (Built) o;
            return Objects.equals(series, that.series) && Objects.equals(segments, that.segments) && java.util.Arrays.equals(writesPerStep, that.writesPerStep);
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(series);
            h = 31 * h + Objects.hashCode(segments);
            h = 31 * h + java.util.Arrays.hashCode(writesPerStep);
            return h;
        }

        @Override
        public String toString()
        {
            return "Built[series=" + series + ", segments=" + segments + "]";
        }
    }

    private HistorySeries()
    {
    }

    public static Built build(List<HistoryRow> rows, List<Segment> extra, Instant from, Instant to, Duration step,
                              java.util.function.Function<byte[], String> name)
    {
        StepGrid grid = new StepGrid(from, to, step);
        int steps = grid.steps;
        Map<ByteBuffer, Integer> index = new LinkedHashMap<>();
        List<Segment> segments = new ArrayList<>();
        List<double[]> counts = new ArrayList<>();
        List<long[]> totals = new ArrayList<>(); // per segment: first step with accesses, writes
        for (HistoryRow row : rows)
        {
            int i = grid.index(row.startMillis());
            if (i < 0)
                continue;
            for (KeyCount k : row.snapshot().top())
            {
                int s = index.computeIfAbsent(ByteBuffer.wrap(k.key()), b -> {
                    segments.add(new Segment(name.apply(k.key()), k.key(), k.token()));
                    counts.add(new double[steps]);
                    totals.add(new long[]{ i, 0 });
                    return segments.size() - 1;
                });
                counts.get(s)[i] += k.count();
                long[] t = totals.get(s);
                t[0] = Math.min(t[0], i);
                t[1] += Math.min(k.writes(), k.count());
            }
        }
        for (Segment e : extra)
            if (!index.containsKey(ByteBuffer.wrap(e.key())))
            {
                index.put(ByteBuffer.wrap(e.key()), segments.size());
                segments.add(e);
                counts.add(new double[steps]);
                totals.add(new long[]{ steps, 0 });
            }
        List<String> names = segments.stream().map(Segment::name).collect(Collectors.toList());
        double[] writesPerStep = new double[segments.size()];
        for (int s = 0; s < writesPerStep.length; s++)
            writesPerStep[s] = totals.get(s)[1] == 0 ? 0 : (double) totals.get(s)[1] / (steps - totals.get(s)[0]);
        return new Built(new SegmentSeries(names, counts.toArray(new double[0][]), grid.startInstant(), step), List.copyOf(segments), writesPerStep);
    }
}
