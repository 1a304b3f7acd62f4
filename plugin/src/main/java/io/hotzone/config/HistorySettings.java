package io.hotzone.config;

import java.time.Duration;
import java.util.Objects;

/** Access history settings (the {@code history:} section of hotzone.yaml). */
public final class HistorySettings
{
    private final Duration step;
    private final Duration ttl;
    private final int keysPerRow;

    /**
     * @param step each node writes one row per table and step into hotzone.access_log (a multiple of the capture bucket)
     * @param ttl how long rows are kept
     * @param keysPerRow partitions stored per row (the most accessed of the step)
     */
    public HistorySettings(Duration step, Duration ttl, int keysPerRow)
    {
        this.step = step;
        this.ttl = ttl;
        this.keysPerRow = keysPerRow;
    }

    public static HistorySettings defaults()
    {
        return new HistorySettings(Duration.ofMinutes(1), Duration.ofDays(14), 1000);
    }

    /** each node writes one row per table and step into hotzone.access_log (a multiple of the capture bucket) */
    public Duration step()
    {
        return step;
    }

    /** how long rows are kept */
    public Duration ttl()
    {
        return ttl;
    }

    /** partitions stored per row (the most accessed of the step) */
    public int keysPerRow()
    {
        return keysPerRow;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof HistorySettings))
            return false;
        HistorySettings that = (HistorySettings) o;
        return Objects.equals(step, that.step) && Objects.equals(ttl, that.ttl) && keysPerRow == that.keysPerRow;
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(step);
        h = 31 * h + Objects.hashCode(ttl);
        h = 31 * h + keysPerRow;
        return h;
    }

    @Override
    public String toString()
    {
        return "HistorySettings[step=" + step + ", ttl=" + ttl + ", keysPerRow=" + keysPerRow + "]";
    }
}
