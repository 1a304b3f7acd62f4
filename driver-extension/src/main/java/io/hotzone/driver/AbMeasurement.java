package io.hotzone.driver;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;

import io.hotzone.driver.internal.MicrometerArms;

/**
 * The A/B measurement of {@link HotZoneLoadBalancingPolicy}: latency and errors of hot-zone reads that were routed to
 * pre-warmed replicas (the {@code routed} arm) and of those that kept the stock plan (the {@code stock} arm, a
 * configurable share of them). Dropwizard timers and meters, in the driver's metric registry when driver metrics use
 * Dropwizard, else in the policy's own registry; when the session's metrics factory is the driver's Micrometer one,
 * the same figures are also recorded as Micrometer timers and counters of the same names in its registry. Named
 * {@code <session>.hotzone.<profile>.hot-reads.routed}, {@code ….stock}, {@code ….routed.errors}, {@code ….stock.errors}.
 * Get it with
 * {@code ((HotZoneLoadBalancingPolicy) session.getContext().getLoadBalancingPolicy(profile)).abMeasurement()}.
 */
public final class AbMeasurement
{
    private final Timer routed;
    private final Timer stock;
    private final Meter routedErrors;
    private final Meter stockErrors;
    private final MicrometerArms micrometer;

    /** @param driverRegistry the session's metric registry (Dropwizard, Micrometer, or null when driver metrics are off) */
    AbMeasurement(Object driverRegistry, String prefix)
    {
        MetricRegistry registry = driverRegistry instanceof MetricRegistry ? (MetricRegistry) driverRegistry : new MetricRegistry();
        this.micrometer = MicrometerArms.of(driverRegistry, prefix);
        this.routed = registry.timer(prefix + "hot-reads.routed");
        this.stock = registry.timer(prefix + "hot-reads.stock");
        this.routedErrors = registry.meter(prefix + "hot-reads.routed.errors");
        this.stockErrors = registry.meter(prefix + "hot-reads.stock.errors");
    }

    /** Latency of hot-zone reads sent to pre-warmed replicas first. */
    public Timer routed()
    {
        return routed;
    }

    /** Latency of hot-zone reads that kept the stock plan. */
    public Timer stock()
    {
        return stock;
    }

    /** Failed hot-zone reads of the routed arm. */
    public Meter routedErrors()
    {
        return routedErrors;
    }

    /** Failed hot-zone reads of the stock arm. */
    public Meter stockErrors()
    {
        return stockErrors;
    }

    void record(boolean routedArm, long latencyNanos, boolean failed)
    {
        if (failed)
            (routedArm ? routedErrors : stockErrors).mark();
        else
            (routedArm ? routed : stock).update(latencyNanos, TimeUnit.NANOSECONDS);
        if (micrometer != null)
            micrometer.record(routedArm, latencyNanos, failed);
    }

    /** A printable two-line summary: count, mean, p50, p99 and errors per arm, and the ratio of mean latencies. */
    public String summary()
    {
        return line("routed", routed, routedErrors) + "\n" + line("stock", stock, stockErrors) + "\n"
               + String.format(Locale.ROOT, "stock/routed mean latency: %.2f", mean(routed) == 0 ? 0 : mean(stock) / mean(routed));
    }

    private static String line(String arm, Timer t, Meter errors)
    {
        Snapshot s = t.getSnapshot();
        return String.format(Locale.ROOT, "%-7s reads %8d  mean %8.3f ms  p50 %8.3f ms  p99 %8.3f ms  errors %d", arm, t.getCount(),
                             s.getMean() / 1e6, s.getMedian() / 1e6, s.get99thPercentile() / 1e6, errors.getCount());
    }

    private static double mean(Timer t)
    {
        return t.getSnapshot().getMean();
    }
}
