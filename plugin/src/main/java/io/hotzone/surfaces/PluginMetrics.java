package io.hotzone.surfaces;

import java.util.concurrent.atomic.AtomicLong;
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
    /** Timeouts and unavailable answers of the plugin's own reads and writes that a next run retried (a node had just died). */
    public final Counter transientErrors = new Counter();

    public void register(Server server, Supplier<PluginStatus> status)
    {
        server.registerMetric("Active", (Gauge<Integer>) () -> status.get().active() ? 1 : 0);
        server.registerMetric("Errors", errors);
        server.registerMetric("TransientErrors", transientErrors);
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
        server.registerMetric("MirroredWrites", count(zones.mirroredWrites));
        server.registerMetric("UnmirroredWrites", count(zones.unmirroredWrites));
        server.registerMetric("MirrorReads", count(zones.mirrorReads));
        server.registerMetric("FencesWritten", count(zones.fencesWritten));
        server.registerMetric("FenceFailures", count(zones.fenceFailures));
        server.registerMetric("ExpiredLeases", count(zones.expiredLeases));
        server.registerMetric("CopiedPartitions", count(follower.copiedPartitions));
        server.registerMetric("CopiedBytes", count(follower.copiedBytes));
        server.registerMetric("CopyMillis", count(follower.copyMillis));
        server.registerMetric("CopyStreamMillis", count(follower.copyStreamMillis));
        server.registerMetric("CopyCpuMillis", count(follower.copyCpuMillis));
        server.registerMetric("ReplayedHints", count(follower.replayedHints));
        server.registerMetric("PlanVersion", (Gauge<Long>) () -> follower.plan().version());
        server.registerMetric("ZonesReady", (Gauge<Long>) () -> follower.plan().zones().stream()
                                                                           .filter(z -> z.state() == io.hotzone.plan.ZoneState.READY).count());
    }

    /**
     * A count kept by the feature as an AtomicLong (it is also read by the code), shown as a Counter: JMX attribute
     * {@code Count}, like Cassandra's own counts.
     */
    public static Counter count(AtomicLong value)
    {
        return new Counter()
        {
            @Override
            public long getCount()
            {
                return value.get();
            }
        };
    }
}
