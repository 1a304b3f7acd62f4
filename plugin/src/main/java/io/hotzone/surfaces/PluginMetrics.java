package io.hotzone.surfaces;

import java.util.function.Supplier;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;

import io.hotzone.PluginStatus;
import io.hotzone.server.Server;

/**
 * Plugin-wide metrics, in Cassandra's registry under {@code org.apache.cassandra.metrics:type=HotZone}.
 * Feature packages register their own beside these.
 */
public final class PluginMetrics
{
    /** Errors the plugin caught and survived (startup retries, failed background work). */
    public final Counter errors = new Counter();

    public void register(Server server, Supplier<PluginStatus> status)
    {
        server.registerMetric("Active", (Gauge<Integer>) () -> status.get().active() ? 1 : 0);
        server.registerMetric("Errors", errors);
    }
}
