package io.hotzone.dtests.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.LongStream;


import com.datastax.oss.driver.api.core.CqlSession;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.PluginJmx;
import io.hotzone.dtests.workload.Popularity;
import io.hotzone.dtests.workload.Workload;
import io.hotzone.surfaces.HotZoneMXBean;

/**
 * {@code bin/hotzone bench boost}: how fast a zone is copied onto its mirror replicas, and what ONE reads of the zone
 * cost on the normal path versus the mirror path (the same keys, the same cluster, before and after the boost).
 * Prints a table, then one JSON line.
 */
final class BenchBoostCommand
{
    private int nodes = 4, keys = 10_000, valueSize = 1000, seconds = 20, concurrency = 32;

    int run(List<String> options) throws Exception
    {
        Options o = Options.parse(options, Set.of("--nodes", "--keys", "--value-size", "--seconds", "--concurrency"), Set.of());
        nodes = o.integer("--nodes", nodes);
        keys = o.integer("--keys", keys);
        valueSize = o.integer("--value-size", valueSize);
        seconds = o.integer("--seconds", seconds);
        concurrency = o.integer("--concurrency", concurrency);
        if (keys < 1 || keys > 10_000)
            throw new HotZoneCli.UsageException("--keys must be between 1 and 10000 (one zone), got " + keys);
        Path work = Path.of(System.getProperty("hotzone.work.dir", "work")).toAbsolutePath();
        ClusterSpec spec = ClusterSpec.of("hotzone-bench-boost", nodes).withFirstAddress(11).withFullJit();
        spec = spec.withHotzoneYamlOnAll("cycle: 2s\nbucket: 1s\nforecast:\n  enabled: false\n  lease_ttl: 6s\nboost:\n  plan_poll: 500ms\n");
        try (LocalCluster cluster = LocalCluster.create(spec, work, Artifacts.fromSystemProperties()))
        {
            System.out.printf("Starting %d nodes (%s) ...%n", nodes, spec.address(1) + ".." + spec.address(nodes));
            cluster.startWithPluginActive();
            try (CqlSession session = cluster.session())
            {
                Workload.Spec w = new Workload.Spec("bench", "kv", keys, valueSize, 1.0, concurrency);
                Workload workload = new Workload(session, w, 2);
                System.out.printf("Loading %d partitions of %d bytes (RF 2) ...%n", keys, valueSize);
                workload.load();
                Popularity popularity = Popularity.uniform(keys);
                workload.run(popularity, Duration.ofSeconds(seconds), 1); // warm-up
                Workload.Result normal = workload.run(popularity, Duration.ofSeconds(seconds), 2);

                long[] bytesBefore = PluginJmx.metricPerNode(cluster, "CopiedBytes"), partsBefore = PluginJmx.metricPerNode(cluster, "CopiedPartitions");
                long[] msBefore = PluginJmx.metricPerNode(cluster, "CopyMillis"), streamBefore = PluginJmx.metricPerNode(cluster, "CopyStreamMillis");
                List<String> literals = new ArrayList<>(keys);
                for (int i = 0; i < keys; i++)
                    literals.add("'k" + i + "'");
                long requested = System.nanoTime();
                String zone = PluginJmx.call(cluster.node(1), hz -> hz.boost(w.qualified(), literals, null, System.currentTimeMillis() + 3_600_000L));
                double warming = awaitState(cluster, zone, "WARMING", requested), ready = awaitState(cluster, zone, "READY", requested);
                PluginJmx.awaitZonesReady(cluster, Duration.ofSeconds(30));
                long[] bytes = PluginJmx.minus(PluginJmx.metricPerNode(cluster, "CopiedBytes"), bytesBefore);
                long[] parts = PluginJmx.minus(PluginJmx.metricPerNode(cluster, "CopiedPartitions"), partsBefore);
                long[] ms = PluginJmx.minus(PluginJmx.metricPerNode(cluster, "CopyMillis"), msBefore);
                long[] streamMs = PluginJmx.minus(PluginJmx.metricPerNode(cluster, "CopyStreamMillis"), streamBefore);
                long totalBytes = 0, totalParts = 0, slowest = 1, slowestStream = 0;
                for (int i = 0; i < nodes; i++)
                {
                    totalBytes += bytes[i];
                    totalParts += parts[i];
                    if (ms[i] >= slowest)
                    {
                        slowest = Math.max(1, ms[i]);
                        slowestStream = streamMs[i];
                    }
                }
                long mirrorBefore = LongStream.of(PluginJmx.metricPerNode(cluster, "MirrorReads")).sum();
                workload.run(popularity, Duration.ofSeconds(5), 3);
                Workload.Result mirror = workload.run(popularity, Duration.ofSeconds(seconds), 4);
                long mirrorReads = LongStream.of(PluginJmx.metricPerNode(cluster, "MirrorReads")).sum() - mirrorBefore;

                System.out.printf("%n%-6s %14s %12s %12s %10s %14s %14s%n", "Node", "Copied parts", "Copied MB", "Copy ms", "MB/s", "of it stream ms", "stream MB/s");
                for (int i = 0; i < nodes; i++)
                    System.out.printf(Locale.ROOT, "%-6d %14d %12.2f %12d %10.2f %14d %14.2f%n", i + 1, parts[i], bytes[i] / 1e6, ms[i], bytes[i] / 1e3 / Math.max(1, ms[i]),
                                      streamMs[i], bytes[i] / 1e3 / Math.max(1, streamMs[i]));
                double mbps = totalBytes / 1e3 / slowest, pps = totalParts * 1000.0 / slowest;
                double perNode = LongStream.range(0, nodes).mapToDouble(i -> bytes[(int) i] / 1e3 / Math.max(1, ms[(int) i])).average().orElse(0);
                System.out.printf(Locale.ROOT, "%nCopy: %d partitions, %.2f MB sent by %d source replicas in parallel; slowest node %d ms -> %.2f MB/s, %.0f partitions/s "
                                               + "(%.2f MB/s per source node, mean); of the slowest node's copy, %d ms were Cassandra streaming its sstable to the "
                                               + "other mirror replicas, the rest reading the data and writing the sstable "
                                               + "(boost request -> WARMING %.1f s, -> READY %.1f s, plan cycles included)%n",
                                  totalParts, totalBytes / 1e6, nodes, slowest, mbps, pps, perNode, slowestStream, warming, ready);
                System.out.printf(Locale.ROOT, "ONE reads of the zone's keys, %d in flight: normal path %.0f ops/s p50 %.2f ms p99 %.2f ms; "
                                               + "mirror path %.0f ops/s p50 %.2f ms p99 %.2f ms (%d reads answered by mirrors)%n",
                                  concurrency, normal.throughput(), normal.p50Ms(), normal.p99Ms(), mirror.throughput(), mirror.p50Ms(), mirror.p99Ms(), mirrorReads);
                System.out.printf(Locale.ROOT, "{\"bench\": \"boost\", \"nodes\": %d, \"rf\": 2, \"keys\": %d, \"value_size\": %d, \"copied_partitions\": %d, "
                                               + "\"copied_mb\": %.3f, \"copy_ms_slowest_node\": %d, \"copy_mb_per_s\": %.3f, \"copy_mb_per_s_per_source_node\": %.3f, \"stream_ms_slowest_node\": %d, \"copy_partitions_per_s\": %.1f, "
                                               + "\"seconds_to_warming\": %.2f, \"seconds_to_ready\": %.2f, \"normal\": {\"ops_per_s\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f}, "
                                               + "\"mirror\": {\"ops_per_s\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f}, \"mirror_reads\": %d}%n",
                                  nodes, keys, valueSize, totalParts, totalBytes / 1e6, slowest, mbps, perNode, slowestStream, pps, warming, ready,
                                  normal.throughput(), normal.p50Ms(), normal.p99Ms(), mirror.throughput(), mirror.p50Ms(), mirror.p99Ms(), mirrorReads);
            }
        }
        return 0;
    }

    /** Seconds from {@code since} until the plan shows the zone in the state (or a later one). */
    private static double awaitState(LocalCluster cluster, String zone, String state, long since) throws Exception
    {
        List<String> order = List.of("PLANNED", "ARMING", "WARMING", "READY");
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline)
        {
            for (String line : PluginJmx.call(cluster.node(1), HotZoneMXBean::plan))
            {
                String[] f = line.split("\t", -1);
                if (f[0].equals(zone) && order.indexOf(f[3]) >= order.indexOf(state))
                    return (System.nanoTime() - since) / 1e9;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("zone " + zone + " did not reach " + state + " within 10 minutes");
    }
}
