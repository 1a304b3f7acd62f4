package io.hotzone.tools.simulate;

import java.util.Random;

/**
 * Plan-related requests per second, sent and served per node, under one of three designs:
 * <ul>
 * <li>{@code before}: every driver session reads the plan version at LOCAL_QUORUM from the plan partition every
 * {@code plan-refresh-interval}; every node renews its routing lease by reading the plan version and the fences at
 * LOCAL_QUORUM every {@code route_lease} / 4;</li>
 * <li>{@code built} (HotZone today): sessions ask a random node for the version it follows (served from memory) and back
 * off to {@code plan-refresh-max-interval} while the plan rests; nodes as before;</li>
 * <li>{@code per-node} (designed, not built): each node has its own partition holding the plan version, its fences
 * and the plan rows, which the leader and the fencers write to every node's partition; a node renews by reading its
 * own, and a session reads the plan from the partition of a random node. A node's partition key is chosen to fall in
 * one of the node's own token ranges (the one whose replicas hold the fewest such partitions), so each node's reads
 * land on itself and its successors and every node serves about RF nodes' renewals.</li>
 * </ul>
 * A request's work counts once on its coordinator and once on each replica it reads (two of three at LOCAL_QUORUM);
 * the leader's writes count on every replica they reach.
 */
final class PlanTraffic
{
    /** Requests sent per second (by drivers, nodes and the leader). */
    final double requests;
    /** Work per node per second. */
    final double[] perNode;

    private PlanTraffic(double requests, double[] perNode)
    {
        this.requests = requests;
        this.perNode = perNode;
    }

    /**
     * Plan versions per second: six per zone lifetime (PLANNED, ARMING, WARMING, READY, DRAINING, GONE), at most one per
     * {@code plan_poll} (the plan driver moves every zone along in one conditional batch per tick).
     */
    static double versionsPerSecond(SimulationSettings s)
    {
        return Math.min(6.0 * s.zones / s.zoneLifetimeSeconds, 1 / s.planPollSeconds);
    }

    /** Share of the time some zone is on its way in or out ({@code settleSeconds} per zone lifetime each). */
    static double settlingShare(SimulationSettings s, double settleSeconds)
    {
        return Math.min(1, s.zones * settleSeconds / s.zoneLifetimeSeconds);
    }

    static PlanTraffic compute(SimulatedRing ring, SimulationSettings s, String design, double settleSeconds)
    {
        int n = ring.nodes();
        double[] work = new double[n];
        Random random = new Random(s.seed * 31 + 7);
        double versions = versionsPerSecond(s), settling = settlingShare(s, settleSeconds);
        double renewals = n / (s.routeLeaseSeconds / 4);
        double quorum = Math.floor(Math.min(s.hotzoneRf, ring.dcSize(0)) / 2.0) + 1;
        long planToken = random.nextLong(), fenceToken = random.nextLong();
        double requests = 0;
        boolean fixed = "before".equals(design);
        double pollRate = s.clients * (fixed ? 1 / s.driverIntervalSeconds
                                             : settling / s.driverIntervalSeconds + (1 - settling) / s.driverMaxIntervalSeconds);
        double planReads = Math.min(s.clients * versions, pollRate); // a poll that finds a newer version reads the plan
        // the sessions' coordinators: any node of their DC
        for (int i = 0; i < n; i++)
            work[i] += (pollRate + planReads) / n;
        requests += pollRate + planReads;
        if ("per-node".equals(design))
        {
            // version polls served from memory; plan reads from a random node's partition at LOCAL_ONE
            spread(ring, work, planReads, 1, s.hotzoneRf, random);
            // each node renews from its own partition (its coordinator work is its own), keyed to one of the node's own
            // tokens, the one whose replicas carry the fewest partitions so far: every node then holds about RF of them
            double[] held = new double[n];
            for (int i = 0; i < n; i++)
            {
                work[i] += renewals / n;
                long best = 0;
                double bestLoad = Double.MAX_VALUE;
                for (long token : ring.tokensOf(i))
                {
                    double load = 0;
                    for (int r : ring.replicas(token, s.hotzoneRf, ring.dcOf(i)))
                        load = Math.max(load, held[r]);
                    if (load < bestLoad)
                    {
                        bestLoad = load;
                        best = token;
                    }
                }
                for (int r : ring.replicas(best, s.hotzoneRf, ring.dcOf(i)))
                {
                    held[r]++;
                    work[r] += renewals / n * quorum / Math.min(s.hotzoneRf, ring.dcSize(ring.dcOf(i)));
                }
            }
            double writes = versions * n;
            spread(ring, work, writes, ring.dcs() * Math.min(s.hotzoneRf, ring.dcSize(0)), s.hotzoneRf, random);
            requests += renewals + writes;
        }
        else
        {
            if (fixed)
                addToReplicas(ring, work, planToken, pollRate * quorum, s.hotzoneRf); // version reads at LOCAL_QUORUM
            addToReplicas(ring, work, planToken, planReads * quorum, s.hotzoneRf);
            // each renewal: the version and the fences, two reads at LOCAL_QUORUM; plus the plan once per version
            addToReplicas(ring, work, planToken, (renewals + n * versions) * quorum, s.hotzoneRf);
            addToReplicas(ring, work, fenceToken, renewals * quorum, s.hotzoneRf);
            for (int i = 0; i < n; i++)
                work[i] += 2 * renewals / n;
            requests += 2 * renewals + n * versions;
        }
        return new PlanTraffic(requests, work);
    }

    /** {@code total} work spread over random partitions, {@code replicasPerRequest} replicas each. */
    private static void spread(SimulatedRing ring, double[] work, double total, double replicasPerRequest, int rf, Random random)
    {
        int samples = Math.max(ring.nodes() * 50, 1000);
        for (int k = 0; k < samples; k++)
            addToReplicas(ring, work, random.nextLong(), total / samples * replicasPerRequest, rf);
    }

    /** {@code total} work on one partition's replicas, evenly (a quorum read picks its replicas at random). */
    private static void addToReplicas(SimulatedRing ring, double[] work, long token, double total, int rf)
    {
        int[][] byDc = new int[ring.dcs()][];
        int count = 0;
        for (int dc = 0; dc < ring.dcs(); dc++)
        {
            byDc[dc] = ring.replicas(token, rf, dc);
            count += byDc[dc].length;
        }
        for (int[] replicas : byDc)
            for (int node : replicas)
                work[node] += total / count;
    }
}
