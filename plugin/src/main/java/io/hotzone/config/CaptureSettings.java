package io.hotzone.config;

import java.time.Duration;
import java.util.Objects;

/** Access capture settings (the {@code capture:} section of hotzone.yaml). */
public final class CaptureSettings
{
    private final boolean enabled;
    private final Duration bucket;
    private final int topK;
    private final int ranges;
    private final int maxTables;
    private final int maxKeyBytes;
    private final int queueCapacity;
    private final Duration viewWindow;

    /**
     * @param enabled record accesses at all
     * @param bucket time resolution of the counts
     * @param topK partitions tracked per table and bucket (Space-Saving counters)
     * @param ranges equal sub-ranges of the ring counted per table, a power of two
     * @param maxTables tables tracked per bucket; accesses to further tables are dropped (and counted as such)
     * @param maxKeyBytes longer partition keys count toward their sub-range only
     * @param queueCapacity accesses waiting for the capture thread; beyond it they are dropped, never waited for
     * @param viewWindow how much recent capture {@code hotzone_views.top_partitions} and {@code ranges} show
     */
    public CaptureSettings(boolean enabled, Duration bucket, int topK, int ranges, int maxTables, int maxKeyBytes,
                           int queueCapacity, Duration viewWindow)
    {
        this.enabled = enabled;
        this.bucket = bucket;
        this.topK = topK;
        this.ranges = ranges;
        this.maxTables = maxTables;
        this.maxKeyBytes = maxKeyBytes;
        this.queueCapacity = queueCapacity;
        this.viewWindow = viewWindow;
    }

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

    /** record accesses at all */
    public boolean enabled()
    {
        return enabled;
    }

    /** time resolution of the counts */
    public Duration bucket()
    {
        return bucket;
    }

    /** partitions tracked per table and bucket (Space-Saving counters) */
    public int topK()
    {
        return topK;
    }

    /** equal sub-ranges of the ring counted per table, a power of two */
    public int ranges()
    {
        return ranges;
    }

    /** tables tracked per bucket; accesses to further tables are dropped (and counted as such) */
    public int maxTables()
    {
        return maxTables;
    }

    /** longer partition keys count toward their sub-range only */
    public int maxKeyBytes()
    {
        return maxKeyBytes;
    }

    /** accesses waiting for the capture thread; beyond it they are dropped, never waited for */
    public int queueCapacity()
    {
        return queueCapacity;
    }

    /** how much recent capture {@code hotzone_views.top_partitions} and {@code ranges} show */
    public Duration viewWindow()
    {
        return viewWindow;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof CaptureSettings))
            return false;
        CaptureSettings that = (CaptureSettings) o;
        return enabled == that.enabled && Objects.equals(bucket, that.bucket) && topK == that.topK
               && ranges == that.ranges && maxTables == that.maxTables && maxKeyBytes == that.maxKeyBytes
               && queueCapacity == that.queueCapacity && Objects.equals(viewWindow, that.viewWindow);
    }

    @Override
    public int hashCode()
    {
        int h = Boolean.hashCode(enabled);
        h = 31 * h + Objects.hashCode(bucket);
        h = 31 * h + topK;
        h = 31 * h + ranges;
        h = 31 * h + maxTables;
        h = 31 * h + maxKeyBytes;
        h = 31 * h + queueCapacity;
        h = 31 * h + Objects.hashCode(viewWindow);
        return h;
    }

    @Override
    public String toString()
    {
        return "CaptureSettings[enabled=" + enabled + ", bucket=" + bucket + ", topK=" + topK + ", ranges=" + ranges
               + ", maxTables=" + maxTables + ", maxKeyBytes=" + maxKeyBytes + ", queueCapacity=" + queueCapacity
               + ", viewWindow=" + viewWindow + "]";
    }
}
