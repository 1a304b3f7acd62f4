package io.hotzone.config;

import java.time.Duration;

/**
 * Access history settings (the {@code history:} section of hotzone.yaml).
 *
 * @param step       each node writes one row per table and step into hotzone.access_log (a multiple of the capture bucket)
 * @param ttl        how long rows are kept
 * @param keysPerRow partitions stored per row (the most accessed of the step)
 */
public record HistorySettings(Duration step, Duration ttl, int keysPerRow)
{
    public static HistorySettings defaults()
    {
        return new HistorySettings(Duration.ofMinutes(1), Duration.ofDays(14), 1000);
    }
}
