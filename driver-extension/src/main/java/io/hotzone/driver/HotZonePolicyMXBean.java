package io.hotzone.driver;

/**
 * JMX view of one {@link HotZoneLoadBalancingPolicy} (one session and execution profile), registered as
 * {@code io.hotzone.driver:type=HotZoneLoadBalancingPolicy,session=<session>,profile=<profile>}.
 */
public interface HotZonePolicyMXBean
{
    /** The plan version the policy routes by (-1: none read yet). */
    long getPlanVersion();

    /** READY zones in that plan. */
    int getReadyZones();

    /** Requests sent to follow the plan (version polls and plan pages) since the session started. */
    long getPlanRequests();

    long getRoutedReads();

    long getStockReads();

    double getRoutedMeanMillis();

    double getStockMeanMillis();

    double getRoutedP99Millis();

    double getStockP99Millis();

    long getRoutedErrors();

    long getStockErrors();

    /** {@link AbMeasurement#summary()}. */
    String getSummary();
}
