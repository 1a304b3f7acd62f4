package io.hotzone.forecast;

import java.time.Instant;

/**
 * A segment forecast to turn hot within the horizon.
 *
 * @param segment        the segment's name (a partition key literal, or a range id)
 * @param predictedPeak  largest count per step expected within the horizon
 * @param threshold      the count at which it counts as hot
 * @param predictedStart first step expected to be hot
 * @param confidence     calibrated probability that it really turns hot, 0..1
 * @param reason         why: event, seasonal, trend or anomaly
 */
public record HotZone(String segment, double predictedPeak, double threshold, Instant predictedStart, double confidence, Reason reason)
{
    public enum Reason { EVENT, SEASONAL, TREND, ANOMALY }
}
