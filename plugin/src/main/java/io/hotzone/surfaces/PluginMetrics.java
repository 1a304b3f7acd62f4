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

    public static void registerBoost(Server server, io.hotzone.mirror.ZoneDirectory zones, io.hotzone.mirror.PlanFollower follower)
    {
        server.registerMetric("MirroredWrites", (Gauge<Long>) zones.mirroredWrites::get);
        server.registerMetric("UnmirroredWrites", (Gauge<Long>) zones.unmirroredWrites::get);
        server.registerMetric("MirrorReads", (Gauge<Long>) zones.mirrorReads::get);
        server.registerMetric("FencesWritten", (Gauge<Long>) zones.fencesWritten::get);
        server.registerMetric("FenceFailures", (Gauge<Long>) zones.fenceFailures::get);
        server.registerMetric("ExpiredLeases", (Gauge<Long>) zones.expiredLeases::get);
        server.registerMetric("CopiedPartitions", (Gauge<Long>) follower.copiedPartitions::get);
        server.registerMetric("CopiedBytes", (Gauge<Long>) follower.copiedBytes::get);
        server.registerMetric("CopyMillis", (Gauge<Long>) follower.copyMillis::get);
        server.registerMetric("CopyStreamMillis", (Gauge<Long>) follower.copyStreamMillis::get);
        server.registerMetric("PlanVersion", (Gauge<Long>) () -> follower.plan().version());
        server.registerMetric("ZonesReady", (Gauge<Long>) () -> follower.plan().zones().stream()
                                                                           .filter(z -> z.state() == io.hotzone.plan.ZoneState.READY).count());
    }
}
