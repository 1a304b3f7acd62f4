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
