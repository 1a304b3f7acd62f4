package io.hotzone.driver.internal;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The A/B arms as Micrometer meters, in the registry of a session whose metrics factory is the driver's
 * {@code MicrometerMetricsFactory}, under the names the Dropwizard timers have. Loaded only when such a registry is
 * there: Micrometer is not a dependency of the policy otherwise.
 */
public final class MicrometerArms
{
    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private final Timer routed, stock;
    private final Counter routedErrors, stockErrors;

    private MicrometerArms(MeterRegistry registry, String prefix)
    {
        this.routed = registry.timer(prefix + "hot-reads.routed");
        this.stock = registry.timer(prefix + "hot-reads.stock");
        this.routedErrors = registry.counter(prefix + "hot-reads.routed.errors");
        this.stockErrors = registry.counter(prefix + "hot-reads.stock.errors");
    }

    /** The arms in {@code registry} when it is a Micrometer registry, else null (without loading Micrometer). */
    public static MicrometerArms of(Object registry, String prefix)
    {
        if (registry == null)
            return null;
        try
        {
            Class<?> type = Class.forName(METER_REGISTRY, false, registry.getClass().getClassLoader());
            return type.isInstance(registry) ? new MicrometerArms((MeterRegistry) registry, prefix) : null;
        }
        catch (ClassNotFoundException | LinkageError e)
        {
            return null;
        }
    }

    public void record(boolean routedArm, long latencyNanos, boolean failed)
    {
        if (failed)
            (routedArm ? routedErrors : stockErrors).increment();
        else
            (routedArm ? routed : stock).record(latencyNanos, TimeUnit.NANOSECONDS);
    }
}
