package io.hotzone.config;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import io.hotzone.server.Knob;

/** Resource allocation settings (the {@code resources:} section of hotzone.yaml). */
public final class ResourceSettings
{
    private final boolean enabled;
    private final Duration sampleEvery;
    private final Duration metricsTtl;
    private final Duration poll;
    private final Duration staleAfter;
    private final boolean auto;
    private final Duration lead;
    private final Duration reservationTtl;
    private final Map<Knob, Long> hot;
    private final boolean cgroups;
    private final Duration window;
    private final double cpuShift;

    /**
     * @param enabled        sample this node's load and apply its reservations
     * @param sampleEvery    step of hotzone.node_metrics
     * @param metricsTtl     how long samples are kept
     * @param poll           how often the node reads its reservations (and the leader renews its own)
     * @param staleAfter     reservations unreadable this long: back to the baseline
     * @param auto           the leader reserves {@code hot} for the nodes of forecast and manual zones
     * @param lead           reservations start this long before a zone's window
     * @param reservationTtl the leader's reservations expire unless renewed within this
     * @param hot            values a node serving a zone gets during the window
     * @param cgroups        the CPU knobs may write the node's own cgroup
     * @param window         length of a load prediction window (predicted, then measured)
     * @param cpuShift       share of its CPU quota every node pools, during zone windows, for the nodes the zones' forecasts load
     */
    public ResourceSettings(boolean enabled, Duration sampleEvery, Duration metricsTtl, Duration poll, Duration staleAfter, boolean auto,
                            Duration lead, Duration reservationTtl, Map<Knob, Long> hot, boolean cgroups, Duration window, double cpuShift)
    {
        this.cpuShift = cpuShift;
        this.cgroups = cgroups;
        this.window = window;
        this.enabled = enabled;
        this.sampleEvery = sampleEvery;
        this.metricsTtl = metricsTtl;
        this.poll = poll;
        this.staleAfter = staleAfter;
        this.auto = auto;
        this.lead = lead;
        this.reservationTtl = reservationTtl;
        this.hot = Collections.unmodifiableMap(hot.isEmpty() ? new EnumMap<>(Knob.class) : new EnumMap<>(hot));
    }

    public static ResourceSettings defaults()
    {
        return new ResourceSettings(true, Duration.ofSeconds(10), Duration.ofDays(7), Duration.ofSeconds(5), Duration.ofSeconds(30), false,
                                    Duration.ofMinutes(5), Duration.ofMinutes(2), Map.of(), false,
                                    Duration.ofMinutes(1), 0);
    }

    /** sample this node's load and apply its reservations */
    public boolean enabled()
    {
        return enabled;
    }

    /** step of hotzone.node_metrics */
    public Duration sampleEvery()
    {
        return sampleEvery;
    }

    /** how long samples are kept */
    public Duration metricsTtl()
    {
        return metricsTtl;
    }

    /** how often the node reads its reservations (and the leader renews its own) */
    public Duration poll()
    {
        return poll;
    }

    /** reservations unreadable this long: back to the baseline */
    public Duration staleAfter()
    {
        return staleAfter;
    }

    /** the leader reserves {@link #hot()} for the nodes of zones in their window */
    public boolean auto()
    {
        return auto;
    }

    /** reservations start this long before a zone's window */
    public Duration lead()
    {
        return lead;
    }

    /** the leader's reservations expire unless renewed within this */
    public Duration reservationTtl()
    {
        return reservationTtl;
    }

    /** values a node serving a zone gets during the window; a knob absent is left alone */
    public Map<Knob, Long> hot()
    {
        return hot;
    }

    /** the CPU knobs may write the node's own cgroup (it must hold the node's JVM alone) */
    public boolean cgroups()
    {
        return cgroups;
    }

    /** length of a load prediction window (predicted at its start, measured at its end) */
    public Duration window()
    {
        return window;
    }

    /**
     * share of its CPU quota every node pools during zone windows, shared out by the zones' forecast load per node (the
     * total stays fixed); 0 = off
     */
    public double cpuShift()
    {
        return cpuShift;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof ResourceSettings))
            return false;
        ResourceSettings that = (ResourceSettings) o;
        return enabled == that.enabled && auto == that.auto && sampleEvery.equals(that.sampleEvery) && metricsTtl.equals(that.metricsTtl)
               && poll.equals(that.poll) && staleAfter.equals(that.staleAfter) && lead.equals(that.lead)
               && reservationTtl.equals(that.reservationTtl) && hot.equals(that.hot) && cgroups == that.cgroups && window.equals(that.window)
               && cpuShift == that.cpuShift;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(enabled, sampleEvery, metricsTtl, poll, staleAfter, auto, lead, reservationTtl, hot, cgroups, window, cpuShift);
    }

    @Override
    public String toString()
    {
        return "ResourceSettings[enabled=" + enabled + ", sampleEvery=" + sampleEvery + ", metricsTtl=" + metricsTtl + ", poll=" + poll
               + ", staleAfter=" + staleAfter + ", auto=" + auto + ", lead=" + lead + ", reservationTtl=" + reservationTtl + ", hot=" + hot + ", cgroups=" + cgroups + ", window=" + window + ", cpuShift=" + cpuShift + "]";
    }
}
