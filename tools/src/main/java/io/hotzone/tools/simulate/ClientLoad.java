package io.hotzone.tools.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.hotzone.config.MirrorSizingSettings;
import io.hotzone.mirror.MirrorSet;
import io.hotzone.plan.MirrorSizing;

/**
 * The client workload on each node, stock and with HotZone, in normal-read units per second. Every partition has a
 * random token and a Zipf popularity (times its campaign's multiplier); clients spread evenly over the DCs and read at
 * LOCAL_ONE through a token-aware driver (one of the DC's replicas, at random), and write to every replica. With
 * HotZone the zones' reads spread evenly over their mirror replicas in the DC, each at {@code mirrorReadCost}, and
 * their writes reach the mirror replicas too. The zones are the partitions with the highest expected rate: a perfect
 * forecast, so the gain is an upper bound.
 */
final class ClientLoad
{
    final double[] stock;
    final double[] hotzone;
    final double clientRequests;
    /** Per zone: mirror replicas per DC (0: not boosted), and the replicas its predicted load needs (0 when not boosted). */
    final int[] mirrors;
    final int[] needed;
    final double[] zoneReadsPerDc;

    private ClientLoad(double[] stock, double[] hotzone, double clientRequests, int[] mirrors, int[] needed, double[] zoneReadsPerDc)
    {
        this.stock = stock;
        this.hotzone = hotzone;
        this.clientRequests = clientRequests;
        this.mirrors = mirrors;
        this.needed = needed;
        this.zoneReadsPerDc = zoneReadsPerDc;
    }

    static ClientLoad compute(SimulatedRing ring, SimulationSettings s)
    {
        int p = s.partitions;
        double[] weight = new double[p];
        double sum = 0;
        for (int k = 0; k < p; k++)
        {
            weight[k] = Math.pow(k + 1, -s.zipf) * s.campaigns.getOrDefault(k + 1, 1.0);
            sum += weight[k];
        }
        double requests = s.clients * s.clientRate;
        Integer[] order = new Integer[p];
        for (int k = 0; k < p; k++)
            order[k] = k;
        Arrays.sort(order, (a, b) -> Double.compare(weight[b], weight[a]));
        int zones = Math.min(s.zones, p);
        int[] zoneOf = new int[p];
        Arrays.fill(zoneOf, -1);
        for (int z = 0; z < zones; z++)
            zoneOf[order[z]] = z;

        Random random = new Random(s.seed ^ 0x5DEECE66DL);
        double[] stock = new double[ring.nodes()], hotzone = new double[ring.nodes()];
        int[] mirrors = new int[zones], needed = new int[zones];
        double[] zoneReads = new double[zones];
        for (int k = 0; k < p; k++)
        {
            long token = random.nextLong();
            double rate = requests * weight[k] / sum, reads = rate * s.readShare, writes = rate - reads;
            int z = zoneOf[k];
            for (int dc = 0; dc < ring.dcs(); dc++)
            {
                int[] replicas = ring.replicas(token, s.rf, dc);
                double localReads = reads / ring.dcs();
                int m = z < 0 ? 0 : mirrorReplicas(localReads, writes, ring.dcSize(dc), s);
                for (int node : replicas)
                {
                    stock[node] += localReads / replicas.length + writes;
                    hotzone[node] += writes + (m == 0 ? localReads / replicas.length : 0);
                }
                if (z < 0)
                    continue;
                if (dc == 0)
                {
                    mirrors[z] = m;
                    needed[z] = m == 0 ? 0 : (int) Math.min(ring.dcSize(dc), MirrorSizing.needed(localReads, writes, s.replicaReadsPerSecond, 1, s.rf));
                    zoneReads[z] = localReads;
                }
                if (m == 0)
                    continue;
                for (int node : mirrorNodes(ring, z, token, m, dc, s))
                    hotzone[node] += localReads / m * s.mirrorReadCost + writes;
            }
        }
        return new ClientLoad(stock, hotzone, requests, mirrors, needed, zoneReads);
    }

    /**
     * Where the plugin puts a zone's {@code m} mirror replicas in the DC: the mirror keyspace's replicas of its token
     * (the first RF of them the source's own), all of them for an unsized zone, else the zone's {@code MirrorSet} of them
     * (rendezvous hashing over the candidates, so mostly not the source replicas).
     */
    static int[] mirrorNodes(SimulatedRing ring, int zone, long token, int m, int dc, SimulationSettings s)
    {
        int ceiling = s.mirrorCeiling <= 0 ? ring.dcSize(dc) : Math.min(s.mirrorCeiling, ring.dcSize(dc));
        if (m >= ceiling)
            return ring.replicas(token, m, dc);
        List<Integer> candidates = new ArrayList<>();
        if (ceiling == ring.dcSize(dc))
            for (int node = dc; node < ring.nodes(); node += ring.dcs())
                candidates.add(node); // every node of the DC, without walking the ring
        else
            for (int node : ring.replicas(token, ceiling, dc))
                candidates.add(node);
        return MirrorSet.choose("z" + zone, m, candidates, n -> "node" + n, n -> "dc").stream().mapToInt(Integer::intValue).toArray();
    }

    /** The planner's rule ({@link MirrorSizing}, the plugin's own code) at the DC's size or the ceiling; 0: no mirror. */
    static int mirrorReplicas(double reads, double writes, int dcSize, SimulationSettings s)
    {
        int ceiling = s.mirrorCeiling <= 0 ? dcSize : Math.min(s.mirrorCeiling, dcSize);
        if ("every-node".equals(s.mirrorSizing))
            return ceiling;
        int n = MirrorSizing.replicas(new MirrorSizingSettings(MirrorSizingSettings.Mode.LOAD, s.replicaReadsPerSecond, s.headroom), reads, writes,
                                      s.replicaReadsPerSecond, s.rf, ceiling, dcSize);
        return n == MirrorSizing.NONE ? 0 : n == MirrorSizing.EVERY ? ceiling : n;
    }

    static double maxOverMean(double[] load)
    {
        double max = 0, total = 0;
        for (double l : load)
        {
            max = Math.max(max, l);
            total += l;
        }
        return total == 0 ? 1 : max / (total / load.length);
    }

    static double max(double[] load)
    {
        return Arrays.stream(load).max().orElse(0);
    }
}
