package io.hotzone.forecast;

import java.time.Instant;
import java.util.Objects;

/** A segment forecast to turn hot within the horizon. */
public final class HotZone
{
    private final String segment;
    private final double predictedPeak;
    private final double threshold;
    private final Instant predictedStart;
    private final double confidence;
    private final Reason reason;

    /**
     * @param segment the segment's name (a partition key literal, or a range id)
     * @param predictedPeak largest count per step expected within the horizon
     * @param threshold the count at which it counts as hot
     * @param predictedStart first step expected to be hot
     * @param confidence calibrated probability that it really turns hot, 0..1
     * @param reason why: event, seasonal, trend or anomaly
     */
    public HotZone(String segment, double predictedPeak, double threshold, Instant predictedStart, double confidence,
                   Reason reason)
    {
        this.segment = segment;
        this.predictedPeak = predictedPeak;
        this.threshold = threshold;
        this.predictedStart = predictedStart;
        this.confidence = confidence;
        this.reason = reason;
    }

    public enum Reason { EVENT, SEASONAL, TREND, ANOMALY }

    /** the segment's name (a partition key literal, or a range id) */
    public String segment()
    {
        return segment;
    }

    /** largest count per step expected within the horizon */
    public double predictedPeak()
    {
        return predictedPeak;
    }

    /** the count at which it counts as hot */
    public double threshold()
    {
        return threshold;
    }

    /** first step expected to be hot */
    public Instant predictedStart()
    {
        return predictedStart;
    }

    /** calibrated probability that it really turns hot, 0..1 */
    public double confidence()
    {
        return confidence;
    }

    /** why: event, seasonal, trend or anomaly */
    public Reason reason()
    {
        return reason;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof HotZone))
            return false;
        HotZone that = (HotZone) o;
        return Objects.equals(segment, that.segment) && Double.compare(predictedPeak, that.predictedPeak) == 0
               && Double.compare(threshold, that.threshold) == 0 && Objects.equals(predictedStart, that.predictedStart)
               && Double.compare(confidence, that.confidence) == 0 && Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(segment);
        h = 31 * h + Double.hashCode(predictedPeak);
        h = 31 * h + Double.hashCode(threshold);
        h = 31 * h + Objects.hashCode(predictedStart);
        h = 31 * h + Double.hashCode(confidence);
        h = 31 * h + Objects.hashCode(reason);
        return h;
    }

    @Override
    public String toString()
    {
        return "HotZone[segment=" + segment + ", predictedPeak=" + predictedPeak + ", threshold=" + threshold
               + ", predictedStart=" + predictedStart + ", confidence=" + confidence + ", reason=" + reason + "]";
    }
}
