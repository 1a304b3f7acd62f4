package io.hotzone.tools.simulate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One run of the model: the ring, the client load stock and with HotZone, the zones' mirrors, the plan traffic of each
 * design, the leader's cycle and the time from a forecast to READY.
 */
final class Simulation
{
    static final String[] DESIGNS = { "before", "built", "per-node" };

    final SimulationSettings settings;
    final ClientLoad load;
    final Map<String, PlanTraffic> plan = new LinkedHashMap<>();
    final LeaderCost leader;
    final double secondsToReady;
    final double historyRowsPerSecond;

    private Simulation(SimulationSettings settings, ClientLoad load, LeaderCost leader, double secondsToReady, double historyRowsPerSecond)
    {
        this.settings = settings;
        this.load = load;
        this.leader = leader;
        this.secondsToReady = secondsToReady;
        this.historyRowsPerSecond = historyRowsPerSecond;
    }

    static Simulation run(SimulationSettings s, double mergeMicrosPerKey)
    {
        SimulatedRing ring = SimulatedRing.of(s.nodes, s.dcs, s.vnodes, s.seed);
        ClientLoad load = ClientLoad.compute(ring, s);
        // the plan driver takes a zone PLANNED -> ARMING -> WARMING -> READY, one plan_poll each after the forecast's
        // own; the copy streams the zone's bytes to each mirror replica in parallel
        double toReady = 4 * s.planPollSeconds + s.partitionBytes / (s.streamMbPerSecond * 1e6);
        double settle = toReady + s.routeLeaseSeconds + 2 * s.planPollSeconds;
        Simulation sim = new Simulation(s, load, LeaderCost.compute(s, mergeMicrosPerKey), toReady, (double) s.nodes * s.tables / s.historyStepSeconds);
        for (String d : DESIGNS)
            sim.plan.put(d, PlanTraffic.compute(ring, s, d, settle));
        return sim;
    }

    PlanTraffic chosen()
    {
        return plan.get(settings.design);
    }

    /** Zones given a mirror. */
    int boosted()
    {
        int n = 0;
        for (int m : load.mirrors)
            n += m > 0 ? 1 : 0;
        return n;
    }

    /** Sum of the boosted zones' mirror replicas over the sum their predicted load needs (both per DC). */
    double mirrorBytesOverNeeded()
    {
        long mirrors = 0, needed = 0;
        for (int z = 0; z < load.mirrors.length; z++)
        {
            mirrors += load.mirrors[z];
            needed += load.needed[z];
        }
        return needed == 0 ? 1 : (double) mirrors / needed;
    }

    /** The worst zone's mirror replicas over what it needs. */
    double worstZoneOverNeeded()
    {
        double worst = 1;
        for (int z = 0; z < load.mirrors.length; z++)
            if (load.mirrors[z] > 0)
                worst = Math.max(worst, (double) load.mirrors[z] / load.needed[z]);
        return worst;
    }

    long mirrorBytes()
    {
        long replicas = 0;
        for (int m : load.mirrors)
            replicas += m;
        return replicas * settings.dcs * settings.partitionBytes;
    }

    /** The busiest node's load over what one node serves ({@code --replica-reads-per-s}): above 1 it is overloaded. */
    double maxUtilization(double[] load)
    {
        return ClientLoad.max(load) / settings.replicaReadsPerSecond;
    }

    double throughputRatio()
    {
        return ClientLoad.max(load.stock) / ClientLoad.max(load.hotzone);
    }

    String table()
    {
        StringBuilder b = new StringBuilder();
        SimulationSettings s = settings;
        b.append(String.format(Locale.ROOT, "Ring: %d nodes in %d DC(s), %d token(s) each, RF %d; %,d partitions in %d tables; %,d clients x %.0f requests/s (%.0f %% reads), Zipf %.2f%n",
                               s.nodes, s.dcs, s.vnodes, s.rf, s.partitions, s.tables, s.clients, s.clientRate, 100 * s.readShare, s.zipf));
        b.append(String.format(Locale.ROOT, "Client load per node, max/mean: stock %.2f, HotZone %.2f (%d zones boosted, mirrors %s); throughput at the busiest node's capacity: %.2f x stock%n",
                               ClientLoad.maxOverMean(load.stock), ClientLoad.maxOverMean(load.hotzone), boosted(),
                               "every-node".equals(s.mirrorSizing) ? "on every node" : "sized to the predicted reads", throughputRatio()));
        b.append(String.format(Locale.ROOT, "Busiest node at %.2f of what a node serves (%.0f reads/s) stock, %.2f with HotZone%n",
                               maxUtilization(load.stock), s.replicaReadsPerSecond, maxUtilization(load.hotzone)));
        b.append(String.format(Locale.ROOT, "Mirrors: %.2f x the replicas the predicted reads need (worst zone %.2f); %,.1f MB of copies; forecast to READY %.1f s%n",
                               mirrorBytesOverNeeded(), worstZoneOverNeeded(), mirrorBytes() / 1e6, secondsToReady));
        b.append(String.format(Locale.ROOT, "%-9s %16s %14s %18s%n", "Design", "Plan requests/s", "Of client %", "Per node max/mean"));
        for (Map.Entry<String, PlanTraffic> e : plan.entrySet())
            b.append(String.format(Locale.ROOT, "%-9s %,16.0f %14.3f %18.2f%n", e.getKey() + (e.getKey().equals(s.design) ? "*" : ""), e.getValue().requests,
                                   100 * e.getValue().requests / load.clientRequests, ClientLoad.maxOverMean(e.getValue().perNode)));
        b.append(String.format(Locale.ROOT, "History rows/s %.0f; leader cycle %.2f s of CPU (%,.0f keys merged at %.3f us, %,.0f segments at %.0f us) = %.3f of its %.0f s lease%n",
                               historyRowsPerSecond, leader.cycleSeconds, leader.mergedKeysPerCycle, leader.mergeMicrosPerKey, leader.segmentsPerCycle,
                               s.segmentCostMicros, leader.cycleSeconds / s.leaseSeconds, s.leaseSeconds));
        return b.toString();
    }

    String json(Double validationError, String validationDetail)
    {
        PlanTraffic p = chosen();
        StringBuilder designs = new StringBuilder();
        for (Map.Entry<String, PlanTraffic> e : plan.entrySet())
            designs.append(designs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "\"%s\": {\"plan_request_share\": %.5f, \"plan_request_max_over_mean\": %.3f}",
                                                                                     e.getKey(), e.getValue().requests / load.clientRequests, ClientLoad.maxOverMean(e.getValue().perNode)));
        return String.format(Locale.ROOT, "{\"simulate\": \"v1\", \"nodes\": %d, \"dcs\": %d, \"rf\": %d, \"vnodes\": %d, \"partitions\": %d, \"clients\": %d, \"zones\": %d, "
                                          + "\"boosted_zones\": %d, \"design\": \"%s\", \"mirror_sizing\": \"%s\", \"plan_request_share\": %.5f, \"plan_request_max_over_mean\": %.3f, "
                                          + "\"mirror_bytes_over_needed\": %.3f, \"worst_zone_mirror_over_needed\": %.3f, \"mirror_bytes\": %d, "
                                          + "\"leader_cycle_seconds\": %.3f, \"leader_cycle_over_lease\": %.4f, \"history_rows_per_s\": %.1f, \"seconds_to_ready\": %.2f, "
                                          + "\"stock_max_over_mean\": %.3f, \"hotzone_max_over_mean\": %.3f, \"throughput_ratio\": %.3f, "
                                          + "\"stock_max_utilization\": %.3f, \"hotzone_max_utilization\": %.3f, \"designs\": {%s}, "
                                          + "\"validation_error\": %s%s}",
                             settings.nodes, settings.dcs, settings.rf, settings.vnodes, settings.partitions, settings.clients, settings.zones, boosted(), settings.design,
                             settings.mirrorSizing, p.requests / load.clientRequests, ClientLoad.maxOverMean(p.perNode), mirrorBytesOverNeeded(), worstZoneOverNeeded(),
                             mirrorBytes(), leader.cycleSeconds, leader.cycleSeconds / settings.leaseSeconds, historyRowsPerSecond, secondsToReady,
                             ClientLoad.maxOverMean(load.stock), ClientLoad.maxOverMean(load.hotzone), throughputRatio(),
                             maxUtilization(load.stock), maxUtilization(load.hotzone), designs,
                             validationError == null ? "null" : String.format(Locale.ROOT, "%.3f", validationError),
                             validationDetail == null ? "" : ", \"validation\": " + validationDetail);
    }
}
