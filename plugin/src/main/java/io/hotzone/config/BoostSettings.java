package io.hotzone.config;

import java.time.Duration;

/**
 * Boosting, mirroring and server-side routing (the {@code boost:} section of hotzone.yaml).
 *
 * @param enabled            follow the plan: mirror, copy and route on this node, and drive the plan when leader
 * @param dryRun             the leader writes plans from forecasts but nothing is mirrored or routed
 * @param maxZones           zones in the plan at once (manual and forecast); more is refused
 * @param maxMirrorMibPerNode mirror data one node may hold for all zones together, MiB
 * @param minConfidence      forecast zones below this calibrated confidence are not boosted
 * @param cooldown           a forecast zone that ended is not boosted again for this long
 * @param holdCycles         a forecast zone stays in the plan this many cycles after its forecast last named it
 * @param replicasPerDc      mirror replicas per data center; 0 means every node of the DC
 * @param planPoll           how often every node checks the plan version
 * @param route              answer ONE/LOCAL_ONE single-partition reads of READY zones from the local mirror
 * @param announcedEvents    boost zones forecast from an announced event whatever their calibrated confidence
 * @param anomalies          boost spikes no model foresaw (anomaly zones, already hot) at once, whatever their confidence
 */
public record BoostSettings(boolean enabled, boolean dryRun, int maxZones, int maxMirrorMibPerNode, double minConfidence,
                            Duration cooldown, int holdCycles, int replicasPerDc, Duration planPoll, boolean route, boolean announcedEvents,
                            boolean anomalies)
{
    public static BoostSettings defaults()
    {
        return new BoostSettings(true, false, 32, 1024, 0.8, Duration.ofMinutes(30), 3, 0, Duration.ofSeconds(5), true, true, true);
    }
}
