package io.hotzone.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Counts per segment and step on one time axis ({@code start + i * step}); missing steps are 0. Immutable once built.
 * A segment's first non-zero step is its first appearance: before it the segment did not exist yet.
 */
public final class SegmentSeries
{
    private final List<String> segments;
    private final double[][] counts;
    private final Instant start;
    private final Duration step;
    private final int[] firstSeen;

    public SegmentSeries(List<String> segments, double[][] counts, Instant start, Duration step)
    {
        if (segments.size() != counts.length)
            throw new IllegalArgumentException(segments.size() + " segments but " + counts.length + " series");
        this.segments = List.copyOf(segments);
        this.counts = counts;
        this.start = start;
        this.step = step;
        this.firstSeen = new int[counts.length];
        for (int s = 0; s < counts.length; s++)
        {
            int i = 0;
            while (i < counts[s].length && counts[s][i] == 0)
                i++;
            firstSeen[s] = i;
        }
    }

    public int size()
    {
        return segments.size();
    }

    public int steps()
    {
        return counts.length == 0 ? 0 : counts[0].length;
    }

    public String segment(int s)
    {
        return segments.get(s);
    }

    public List<String> segments()
    {
        return segments;
    }

    public double at(int s, int i)
    {
        return i < 0 || i >= counts[s].length ? 0 : counts[s][i];
    }

    public double[] series(int s)
    {
        return counts[s];
    }

    public Instant start()
    {
        return start;
    }

    public Duration step()
    {
        return step;
    }

    public Instant time(int i)
    {
        return start.plus(step.multipliedBy(i));
    }

    public int indexOf(Instant t)
    {
        return (int) Math.floorDiv(t.toEpochMilli() - start.toEpochMilli(), step.toMillis());
    }

    public int firstSeen(int s)
    {
        return firstSeen[s];
    }

    /** Steps per day (at least 1). */
    public int stepsPerDay()
    {
        return (int) Math.max(1, Duration.ofDays(1).toMillis() / step.toMillis());
    }

    /** Largest value of segment {@code s} in steps {@code (i, i + horizon]}: what a forecast at origin i predicts. */
    public double maxAhead(int s, int i, int horizon)
    {
        double max = 0;
        for (int h = 1; h <= horizon; h++)
            max = Math.max(max, at(s, i + h));
        return max;
    }

    /** Median of steps {@code (i - window, i]}, ignoring steps before the segment's first appearance. */
    public double trailingMedian(int s, int i, int window)
    {
        int from = Math.max(Math.max(0, i - window + 1), firstSeen[s]);
        if (from > i)
            return 0;
        double[] w = Arrays.copyOfRange(counts[s], from, i + 1);
        Arrays.sort(w);
        int n = w.length;
        return n % 2 == 1 ? w[n / 2] : (w[n / 2 - 1] + w[n / 2]) / 2;
    }
}
