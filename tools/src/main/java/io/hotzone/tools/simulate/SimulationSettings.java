package io.hotzone.tools.simulate;

import java.util.Collections;
import java.util.Map;

/**
 * What {@code hotzone simulate} models: the cluster, the workload, HotZone's settings and the measured costs it
 * scales from. Defaults are HotZone's own ({@code conf/hotzone.yaml}, the driver's {@code reference.conf}) and the
 * figures measured in docs/evaluation.md.
 */
final class SimulationSettings
{
    // cluster
    int nodes = 1000;
    int dcs = 1;
    int rf = 3;
    int vnodes = 16;
    long seed = 1;
    // workload
    int partitions = 1_000_000;
    int tables = 100;
    int clients = 10_000;
    /** Requests per second each client sends. */
    double clientRate = 50;
    double readShare = 0.9;
    double zipf = 1.0;
    /** Hot zones at once: the partitions with the highest expected rate (one partition per zone). */
    int zones = 1000;
    long partitionBytes = 1 << 20;
    /** Popularity rank (1 = most popular) → announced multiplier. */
    Map<Integer, Double> campaigns = Collections.emptyMap();
    // HotZone
    /** every-node (replicas_per_dc 0, today's default) or load (sized from the zone's predicted reads). */
    String mirrorSizing = "load";
    /** Reads per second one replica serves comfortably: the planner's divisor (measured per node from live metrics). */
    double replicaReadsPerSecond = 5000;
    /** Spare capacity the sized mirror keeps: replicas = ceil(headroom × reads / replicaReadsPerSecond). */
    double headroom = 1.25;
    /** At most this many mirror replicas per DC (0: the DC). */
    int mirrorCeiling = 0;
    /** Cost of a read answered from a mirror relative to a normal read (1: no advantage assumed). */
    double mirrorReadCost = 1.0;
    /** before | built | per-node: how plan changes reach nodes and drivers. */
    String design = "built";
    double routeLeaseSeconds = 1;
    double planPollSeconds = 5;
    double driverIntervalSeconds = 5;
    double driverMaxIntervalSeconds = 30;
    int hotzoneRf = 3;
    /** How long a zone lives; it goes through six plan versions (PLANNED … GONE) in that time. */
    double zoneLifetimeSeconds = 3600;
    double streamMbPerSecond = 24;
    // leader
    double cycleSeconds = 60;
    double leaseSeconds = 180;
    double historyStepSeconds = 60;
    int keysPerRow = 1000;
    /** CPU per segment of a forecast cycle: 4.1 s for 100 000 segments (bin/hotzone bench forecast). */
    double segmentCostMicros = 41;
    /** CPU per key of merging history rows; measured by the command on this machine when not given. */
    double mergeCostMicros = Double.NaN;
}
