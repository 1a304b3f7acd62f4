package io.hotzone.surfaces;

import java.util.function.Supplier;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;

import io.hotzone.PluginStatus;
import io.hotzone.capture.Capturer;
import io.hotzone.history.HistoryFlusher;
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

    /** Capture and history metrics, once capture runs. */
    public static void registerCapture(Server server, Capturer capturer, HistoryFlusher flusher)
    {
        server.registerMetric("CapturedRequests", capturer.captured);
        server.registerMetric("DroppedSamples", capturer.dropped);
        server.registerMetric("CaptureQueued", (Gauge<Integer>) capturer::queued);
        server.registerMetric("CaptureMaxBytes", (Gauge<Long>) () -> capturer.settings().maxHeapBytes());
        server.registerMetric("HistoryRowsWritten", flusher.rowsWritten);
        server.registerMetric("HistoryDropped", flusher.dropped);
        server.registerMetric("HistoryFlushLagMillis", (Gauge<Long>) flusher::lagMillis);
    }
}
