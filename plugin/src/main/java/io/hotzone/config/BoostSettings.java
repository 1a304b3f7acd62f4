package io.hotzone.config;

import java.time.Duration;
import java.util.Objects;

/** Boosting, mirroring and server-side routing (the {@code boost:} section of hotzone.yaml). */
public final class BoostSettings
{
    private final boolean enabled;
    private final boolean dryRun;
    private final int maxZones;
    private final int maxMirrorMibPerNode;
    private final double minConfidence;
    private final Duration cooldown;
    private final int holdCycles;
    private final int replicasPerDc;
    private final Duration planPoll;
    private final boolean route;
    private final boolean announcedEvents;
    private final boolean anomalies;
    private final Duration routeLease;
    private final Duration mirrorAckTimeout;
    private final Duration refreshEvery;
    private final MirrorSizingSettings sizing;

    /**
     * @param enabled follow the plan: mirror, copy and route on this node, and drive the plan when leader
     * @param dryRun the leader writes plans from forecasts but nothing is mirrored or routed
     * @param maxZones zones in the plan at once (manual and forecast); more is refused
     * @param maxMirrorMibPerNode mirror data one node may hold for all zones together, MiB
     * @param minConfidence forecast zones below this calibrated confidence are not boosted
     * @param cooldown a forecast zone that ended is not boosted again for this long
     * @param holdCycles a forecast zone stays in the plan this many cycles after its forecast last named it
     * @param replicasPerDc mirror replicas per data center; 0 means every node of the DC
     * @param planPoll how often every node checks the plan version
     * @param route answer ONE/LOCAL_ONE single-partition reads of READY zones from the local mirror
     * @param announcedEvents boost zones forecast from an announced event whatever their calibrated confidence
     * @param anomalies boost spikes no model foresaw (anomaly zones, already hot) at once, whatever their confidence
     * @param routeLease how long a node may route with the plan and fences it read last (the routing lease)
     * @param mirrorAckTimeout how long a coordinator waits for every mirror replica to acknowledge a mirrored write
     * @param refreshEvery a READY zone is copied again this often even when nothing asked for it
     */
    public BoostSettings(boolean enabled, boolean dryRun, int maxZones, int maxMirrorMibPerNode, double minConfidence,
                         Duration cooldown, int holdCycles, int replicasPerDc, Duration planPoll, boolean route,
                         boolean announcedEvents, boolean anomalies, Duration routeLease, Duration mirrorAckTimeout, Duration refreshEvery)
    {
        this(enabled, dryRun, maxZones, maxMirrorMibPerNode, minConfidence, cooldown, holdCycles, replicasPerDc, planPoll, route, announcedEvents,
             anomalies, routeLease, mirrorAckTimeout, refreshEvery, MirrorSizingSettings.defaults());
    }

    /** @param sizing how many mirror replicas a forecast zone gets */
    public BoostSettings(boolean enabled, boolean dryRun, int maxZones, int maxMirrorMibPerNode, double minConfidence,
                         Duration cooldown, int holdCycles, int replicasPerDc, Duration planPoll, boolean route,
                         boolean announcedEvents, boolean anomalies, Duration routeLease, Duration mirrorAckTimeout, Duration refreshEvery,
                         MirrorSizingSettings sizing)
    {
        this.sizing = sizing;
        this.routeLease = routeLease;
        this.mirrorAckTimeout = mirrorAckTimeout;
        this.refreshEvery = refreshEvery;
        this.enabled = enabled;
        this.dryRun = dryRun;
        this.maxZones = maxZones;
        this.maxMirrorMibPerNode = maxMirrorMibPerNode;
        this.minConfidence = minConfidence;
        this.cooldown = cooldown;
        this.holdCycles = holdCycles;
        this.replicasPerDc = replicasPerDc;
        this.planPoll = planPoll;
        this.route = route;
        this.announcedEvents = announcedEvents;
        this.anomalies = anomalies;
    }

    public static BoostSettings defaults()
    {
        return new BoostSettings(true, false, 32, 1024, 0.8, Duration.ofMinutes(30), 3, 0, Duration.ofSeconds(5), true, true, true,
                                 Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMinutes(10));
    }

    /** How many mirror replicas a forecast zone gets. */
    public MirrorSizingSettings sizing()
    {
        return sizing;
    }

    /** These settings with another sizing. */
    public BoostSettings withSizing(MirrorSizingSettings next)
    {
        return new BoostSettings(enabled, dryRun, maxZones, maxMirrorMibPerNode, minConfidence, cooldown, holdCycles, replicasPerDc, planPoll, route,
                                 announcedEvents, anomalies, routeLease, mirrorAckTimeout, refreshEvery, next);
    }

    /** how long a node may route with the plan and fences it read last (the routing lease) */
    public Duration routeLease()
    {
        return routeLease;
    }

    /** how long a coordinator waits for every mirror replica to acknowledge a mirrored write */
    public Duration mirrorAckTimeout()
    {
        return mirrorAckTimeout;
    }

    /** a READY zone is copied again this often even when nothing asked for it */
    public Duration refreshEvery()
    {
        return refreshEvery;
    }

    /** How often every node renews its routing view: four times per lease. */
    public Duration renewEvery()
    {
        return routeLease.dividedBy(4);
    }

    /** follow the plan: mirror, copy and route on this node, and drive the plan when leader */
    public boolean enabled()
    {
        return enabled;
    }

    /** the leader writes plans from forecasts but nothing is mirrored or routed */
    public boolean dryRun()
    {
        return dryRun;
    }

    /** zones in the plan at once (manual and forecast); more is refused */
    public int maxZones()
    {
        return maxZones;
    }

    /** mirror data one node may hold for all zones together, MiB */
    public int maxMirrorMibPerNode()
    {
        return maxMirrorMibPerNode;
    }

    /** forecast zones below this calibrated confidence are not boosted */
    public double minConfidence()
    {
        return minConfidence;
    }

    /** a forecast zone that ended is not boosted again for this long */
    public Duration cooldown()
    {
        return cooldown;
    }

    /** a forecast zone stays in the plan this many cycles after its forecast last named it */
    public int holdCycles()
    {
        return holdCycles;
    }

    /** mirror replicas per data center; 0 means every node of the DC */
    public int replicasPerDc()
    {
        return replicasPerDc;
    }

    /** how often every node checks the plan version */
    public Duration planPoll()
    {
        return planPoll;
    }

    /** answer ONE/LOCAL_ONE single-partition reads of READY zones from the local mirror */
    public boolean route()
    {
        return route;
    }

    /** boost zones forecast from an announced event whatever their calibrated confidence */
    public boolean announcedEvents()
    {
        return announcedEvents;
    }

    /** boost spikes no model foresaw (anomaly zones, already hot) at once, whatever their confidence */
    public boolean anomalies()
    {
        return anomalies;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof BoostSettings))
            return false;
        BoostSettings that = (BoostSettings) o;
        return enabled == that.enabled && dryRun == that.dryRun && maxZones == that.maxZones
               && maxMirrorMibPerNode == that.maxMirrorMibPerNode
               && Double.compare(minConfidence, that.minConfidence) == 0 && Objects.equals(cooldown, that.cooldown)
               && holdCycles == that.holdCycles && replicasPerDc == that.replicasPerDc
               && Objects.equals(planPoll, that.planPoll) && route == that.route
               && announcedEvents == that.announcedEvents && anomalies == that.anomalies && routeLease.equals(that.routeLease)
               && mirrorAckTimeout.equals(that.mirrorAckTimeout) && refreshEvery.equals(that.refreshEvery) && sizing.equals(that.sizing);
    }

    @Override
    public int hashCode()
    {
        int h = Boolean.hashCode(enabled);
        h = 31 * h + Boolean.hashCode(dryRun);
        h = 31 * h + maxZones;
        h = 31 * h + maxMirrorMibPerNode;
        h = 31 * h + Double.hashCode(minConfidence);
        h = 31 * h + Objects.hashCode(cooldown);
        h = 31 * h + holdCycles;
        h = 31 * h + replicasPerDc;
        h = 31 * h + Objects.hashCode(planPoll);
        h = 31 * h + Boolean.hashCode(route);
        h = 31 * h + Boolean.hashCode(announcedEvents);
        h = 31 * h + Boolean.hashCode(anomalies);
        return Objects.hash(h, routeLease, mirrorAckTimeout, refreshEvery, sizing);
    }

    @Override
    public String toString()
    {
        return "BoostSettings[enabled=" + enabled + ", dryRun=" + dryRun + ", maxZones=" + maxZones
               + ", maxMirrorMibPerNode=" + maxMirrorMibPerNode + ", minConfidence=" + minConfidence
               + ", cooldown=" + cooldown + ", holdCycles=" + holdCycles + ", replicasPerDc=" + replicasPerDc
               + ", planPoll=" + planPoll + ", route=" + route + ", announcedEvents=" + announcedEvents
               + ", anomalies=" + anomalies + ", routeLease=" + routeLease + ", mirrorAckTimeout=" + mirrorAckTimeout
               + ", refreshEvery=" + refreshEvery + ", sizing=" + sizing + "]";
    }
}
