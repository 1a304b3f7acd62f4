package io.hotzone.mirror;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the write path needs to keep mirrors in step, handed from the plugin to the adapter's query handler and
 * trigger: the routing view, the fencer, how long to wait for mirror acknowledgements, and a background thread for
 * acknowledgements and fences a write's client does not wait for.
 */
public final class Mirroring
{
    private final ZoneDirectory directory;
    private final Fencer fencer;
    private final Duration ackTimeout;
    private final ScheduledExecutorService background;

    public Mirroring(ZoneDirectory directory, Fencer fencer, Duration ackTimeout, ScheduledExecutorService background)
    {
        this.directory = directory;
        this.fencer = fencer;
        this.ackTimeout = ackTimeout;
        this.background = background;
    }

    public ZoneDirectory directory()
    {
        return directory;
    }

    public Fencer fencer()
    {
        return fencer;
    }

    public Duration ackTimeout()
    {
        return ackTimeout;
    }

    public ScheduledExecutorService background()
    {
        return background;
    }
}
