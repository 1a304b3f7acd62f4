package io.hotzone.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The plugin's settings, validated and immutable. Every key is documented in {@code conf/hotzone.yaml};
 * {@link ConfigLoader} is the only way to build one from a file.
 */
public final class HotZoneConfig
{
    /** Where the settings came from; empty when no file was found and the defaults apply. */
    private final Optional<Path> source;
    private final boolean enabled;
    private final Duration cycle;
    private final Duration bucket;
    private final int keyspaceReplicationFactor;
    private final Optional<String> delegateQueryHandler;
    private final CaptureSettings capture;
    private final HistorySettings history;
    private final ForecastSettings forecast;
    private final BoostSettings boost;
    private final ResourceSettings resources;
    private final MoveSettings moves;

    HotZoneConfig(Optional<Path> source, boolean enabled, Duration cycle, Duration bucket,
                  int keyspaceReplicationFactor, Optional<String> delegateQueryHandler,
                  CaptureSettings capture, HistorySettings history, ForecastSettings forecast, BoostSettings boost,
                  ResourceSettings resources, MoveSettings moves)
    {
        this.moves = moves;
        this.boost = boost;
        this.resources = resources;
        this.forecast = forecast;
        this.capture = capture;
        this.history = history;
        this.source = source;
        this.enabled = enabled;
        this.cycle = cycle;
        this.bucket = bucket;
        this.keyspaceReplicationFactor = keyspaceReplicationFactor;
        this.delegateQueryHandler = delegateQueryHandler;
    }

    public static HotZoneConfig defaults()
    {
        return new HotZoneConfig(Optional.empty(), true, Duration.ofSeconds(60), Duration.ofSeconds(10), 3, Optional.empty(),
                                 CaptureSettings.defaults(), HistorySettings.defaults(), ForecastSettings.defaults(), BoostSettings.defaults(),
                                 ResourceSettings.defaults(), MoveSettings.defaults());
    }

    public Optional<Path> source()
    {
        return source;
    }

    public boolean enabled()
    {
        return enabled;
    }

    public Duration cycle()
    {
        return cycle;
    }

    public Duration bucket()
    {
        return bucket;
    }

    public int keyspaceReplicationFactor()
    {
        return keyspaceReplicationFactor;
    }

    public Optional<String> delegateQueryHandler()
    {
        return delegateQueryHandler;
    }

    public CaptureSettings capture()
    {
        return capture;
    }

    public HistorySettings history()
    {
        return history;
    }

    public ForecastSettings forecast()
    {
        return forecast;
    }

    public BoostSettings boost()
    {
        return boost;
    }

    public MoveSettings moves()
    {
        return moves;
    }

    public ResourceSettings resources()
    {
        return resources;
    }
}
