package io.hotzone.forecast;

/**
 * When a segment counts as hot: its largest count within the horizon reaches {@code multiple} times its own trailing
 * median (over {@code medianDays} days of steps, at least 7 steps) and at least {@code minCount}. The same rule judges
 * every method, on predictions and on what happened. A relative rule on purpose: a partition that is always busy is
 * sized for; a partition about to be several times busier than usual is what needs preparing.
 */
public record HotRule(double multiple, double minCount, int medianDays)
{
    public static HotRule defaults()
    {
        return new HotRule(2.0, 10, 7);
    }

    public int medianWindow(SegmentSeries series)
    {
        return Math.max(7, medianDays * series.stepsPerDay());
    }

    /** The count at or above which segment {@code s} is hot for a forecast made at origin {@code i}. */
    public double threshold(SegmentSeries series, int s, int i)
    {
        return Math.max(minCount, multiple * series.trailingMedian(s, i, medianWindow(series)));
    }
}
