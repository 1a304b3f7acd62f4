package io.hotzone.forecast;

/**
 * When a segment counts as hot: its largest count within the horizon reaches {@code multiple} times its own trailing
 * median (over {@code medianDays} days of steps, at least 7 steps) and at least {@code minCount}. The same rule judges
 * every method, on predictions and on what happened. A relative rule on purpose: a partition that is always busy is
 * sized for; a partition about to be several times busier than usual is what needs preparing.
 */
public final class HotRule
{
    private final double multiple;
    private final double minCount;
    private final int medianDays;

    public HotRule(double multiple, double minCount, int medianDays)
    {
        this.multiple = multiple;
        this.minCount = minCount;
        this.medianDays = medianDays;
    }

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

    public double multiple()
    {
        return multiple;
    }

    public double minCount()
    {
        return minCount;
    }

    public int medianDays()
    {
        return medianDays;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof HotRule))
            return false;
        HotRule that = (HotRule) o;
        return Double.compare(multiple, that.multiple) == 0 && Double.compare(minCount, that.minCount) == 0
               && medianDays == that.medianDays;
    }

    @Override
    public int hashCode()
    {
        int h = Double.hashCode(multiple);
        h = 31 * h + Double.hashCode(minCount);
        h = 31 * h + medianDays;
        return h;
    }

    @Override
    public String toString()
    {
        return "HotRule[multiple=" + multiple + ", minCount=" + minCount + ", medianDays=" + medianDays + "]";
    }
}
