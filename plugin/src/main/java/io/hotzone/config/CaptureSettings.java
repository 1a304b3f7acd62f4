package io.hotzone.config;

import java.time.Duration;

/**
 * Access capture settings (the {@code capture:} section of hotzone.yaml).
 *
 * @param enabled       record accesses at all
 * @param bucket        time resolution of the counts
 * @param topK          partitions tracked per table and bucket (Space-Saving counters)
 * @param ranges        equal sub-ranges of the ring counted per table, a power of two
 * @param maxTables     tables tracked per bucket; accesses to further tables are dropped (and counted as such)
 * @param maxKeyBytes   longer partition keys count toward their sub-range only
 * @param queueCapacity accesses waiting for the capture thread; beyond it they are dropped, never waited for
 * @param viewWindow    how much recent capture {@code hotzone_views.top_partitions} and {@code ranges} show
 */
public record CaptureSettings(boolean enabled, Duration bucket, int topK, int ranges, int maxTables, int maxKeyBytes,
                              int queueCapacity, Duration viewWindow)
{
    public static CaptureSettings defaults()
    {
        return new CaptureSettings(true, Duration.ofSeconds(10), 1000, 256, 16, 128, 65536, Duration.ofSeconds(30));
    }

    /** The most heap the live capture state can take, whatever the traffic: two buckets of every tracked table plus the queue. */
    public long maxHeapBytes()
    {
        long perTable = (long) topK * (120 + maxKeyBytes) + 2L * ranges * 8 + 200;
        long buckets = 2 + viewWindow.toMillis() / bucket.toMillis();
        return buckets * maxTables * perTable + (long) queueCapacity * (64 + maxKeyBytes);
    }
}
