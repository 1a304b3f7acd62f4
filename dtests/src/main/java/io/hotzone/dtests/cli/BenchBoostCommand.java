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
    /** MiB/s reserved for both stream throttles on the zone's nodes (0 = unthrottled); null: Cassandra's own settings (24 MiB/s each). */
    private Integer streamThroughput;
    /** Row cache of every node, MiB (0: none, Cassandra's default); with one, mirror tables cache their rows (the memory tier). */
    private int rowCacheMib;
    /** Whether to copy another table of the same shape first, so the measured copy runs JIT-compiled, as on a node that has been up. */
    private boolean warmup = true;

    int run(List<String> options) throws Exception
    {
        Options o = Options.parse(options, Set.of("--nodes", "--keys", "--value-size", "--seconds", "--concurrency", "--stream-throughput",
                                                                   "--row-cache-mib"), Set.of("--cold"));
        warmup = !o.flag("--cold");
        rowCacheMib = o.integer("--row-cache-mib", 0);
        if (rowCacheMib < 0)
            throw new HotZoneCli.UsageException("--row-cache-mib must be 0 (none) or more, got " + rowCacheMib);
        nodes = o.integer("--nodes", nodes);
        keys = o.integer("--keys", keys);
        valueSize = o.integer("--value-size", valueSize);
        seconds = o.integer("--seconds", seconds);
        concurrency = o.integer("--concurrency", concurrency);
        if (o.has("--stream-throughput"))
        {
            streamThroughput = o.integer("--stream-throughput", 0);
            if (streamThroughput < 0)
                throw new HotZoneCli.UsageException("--stream-throughput must be 0 (unthrottled) or more MiB/s, got " + streamThroughput);
        }
        if (keys < 1 || keys > 10_000)
            throw new HotZoneCli.UsageException("--keys must be between 1 and 10000 (one zone), got " + keys);
        Path work = Path.of(System.getProperty("hotzone.work.dir", "work")).toAbsolutePath();
        ClusterSpec spec = ClusterSpec.of("hotzone-bench-boost", nodes).withFirstAddress(11).withFullJit();
        String yaml = "cycle: 2s\nbucket: 1s\nforecast:\n  enabled: false\n  lease_ttl: 6s\nboost:\n  plan_poll: 500ms\n";
        if (streamThroughput != null) // the zone's nodes get the stream throughput for its window: the copy streams under it
            yaml += "resources:\n  auto: true\n  poll: 500ms\n  hot:\n    stream_throughput: " + streamThroughput
                    + "\n    entire_sstable_stream_throughput: " + streamThroughput + "\n";
        spec = spec.withHotzoneYamlOnAll(yaml);
        if (rowCacheMib > 0)
            spec = spec.withCassandraYaml("row_cache_size: " + rowCacheMib + "MiB\nrow_cache_class_name: org.apache.cassandra.cache.SerializingCacheProvider");
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
                double coldMbps = warmup ? warmupCopy(cluster, session, w) : -1;

                long[] bytesBefore = PluginJmx.metricPerNode(cluster, "CopiedBytes"), partsBefore = PluginJmx.metricPerNode(cluster, "CopiedPartitions");
                long[] msBefore = PluginJmx.metricPerNode(cluster, "CopyMillis"), streamBefore = PluginJmx.metricPerNode(cluster, "CopyStreamMillis");
                long[] cpuBefore = PluginJmx.metricPerNode(cluster, "CopyCpuMillis");
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
                long[] cpuMs = PluginJmx.minus(PluginJmx.metricPerNode(cluster, "CopyCpuMillis"), cpuBefore);
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
                double[] loader = sstableloaderOfNodeOne(cluster, session, work, w);
                // Every node holds every partition of the zone once: its mirror table's disk size against the row data it holds.
                long mirrorDisk = 0;
                for (int i = 1; i <= nodes; i++)
                    mirrorDisk += PluginJmx.attribute(cluster.node(i), "org.apache.cassandra.metrics:type=Table,keyspace=hotzone_mirror,scope=" + zone
                                                                       + ",name=LiveDiskSpaceUsed", "Count");
                double diskPerByte = mirrorDisk / (double) nodes / Math.max(1, totalBytes / 2.0);
                long rowCacheHits = 0;
                for (int i = 1; i <= nodes; i++)
                    rowCacheHits += PluginJmx.attribute(cluster.node(i), "org.apache.cassandra.metrics:type=Cache,scope=RowCache,name=Hits", "Count");

                System.out.printf("%n%-6s %14s %12s %12s %10s %14s %14s %12s%n", "Node", "Copied parts", "Copied MB", "Copy ms", "MB/s", "of it stream ms", "stream MB/s",
                                  "copy CPU ms");
                for (int i = 0; i < nodes; i++)
                    System.out.printf(Locale.ROOT, "%-6d %14d %12.2f %12d %10.2f %14d %14.2f %12d%n", i + 1, parts[i], bytes[i] / 1e6, ms[i], bytes[i] / 1e3 / Math.max(1, ms[i]),
                                      streamMs[i], bytes[i] / 1e3 / Math.max(1, streamMs[i]), cpuMs[i]);
                long cpuTotal = LongStream.of(cpuMs).sum();
                // What one core spent reading, re-addressing and writing sustains (4 nodes share this machine's cores while copying).
                double mbPerCpuSecond = totalBytes / 1e3 / Math.max(1, cpuTotal), cpuMicrosPerPartition = cpuTotal * 1000.0 / Math.max(1, totalParts);
                double mbps = totalBytes / 1e3 / slowest, pps = totalParts * 1000.0 / slowest;
                double perNode = LongStream.range(0, nodes).mapToDouble(i -> bytes[(int) i] / 1e3 / Math.max(1, ms[(int) i])).average().orElse(0);
                System.out.printf(Locale.ROOT, "%nCopy: %d partitions, %.2f MB sent by %d source replicas in parallel; slowest node %d ms -> %.2f MB/s, %.0f partitions/s "
                                               + "(%.2f MB/s per source node, mean); of the slowest node's copy, %d ms were Cassandra streaming its sstable to the "
                                               + "other mirror replicas, the rest reading the data and writing the sstable "
                                               + "(boost request -> WARMING %.1f s, -> READY %.1f s, plan cycles included)%n",
                                  totalParts, totalBytes / 1e6, nodes, slowest, mbps, pps, perNode, slowestStream, warming, ready);
                System.out.printf(Locale.ROOT, "Copy CPU (the copy threads, streaming not included): %d ms in all, %.0f us per partition, %.1f MB per CPU-second%n",
                                  cpuTotal, cpuMicrosPerPartition, mbPerCpuSecond);
                System.out.println(warmup ? String.format(Locale.ROOT, "The nodes' first copy (of %s_warmup, the same shape, while the JIT compiled the copy path): %.2f MB/s",
                                                          w.qualified(), coldMbps)
                                          : "This was the nodes' first copy (--cold): the JIT compiled the copy path meanwhile");
                String throttle = streamThroughput == null ? "Cassandra's own stream throughput (24 MiB/s per node unless cassandra.yaml says otherwise)"
                                                           : streamThroughput == 0 ? "stream throughput unthrottled by a HotZone reservation"
                                                                                   : "stream throughput reserved at " + streamThroughput + " MiB/s";
                // The same partitions both ways: node 1's share, as row data (sstables on the wire are compressed, so wire bytes say little).
                double rowMb = bytes[0] / 1e6, loaderRate = rowMb * nodes / Math.max(1e-3, loader[1]);
                double copyRate = rowMb * (nodes - 1) * 1000 / Math.max(1, streamMs[0]);
                System.out.printf(Locale.ROOT, "Copy streamed under %s.%nCassandra's own streaming of the same data: sstableloader sent node 1's flushed sstables "
                                               + "of %s (the %d partitions, %.2f MB of row data, node 1 copied) to a table replicated on all %d nodes in %.1f s "
                                               + "(%.2f MB on the wire): %.1f MB/s of row data delivered; node 1's copy stream delivered them to its %d peers at %.1f MB/s%n",
                                  throttle, w.qualified(), parts[0], rowMb, nodes, loader[1], loader[0], loaderRate, nodes - 1, copyRate);
                System.out.printf(Locale.ROOT, "Mirror table on disk: %.2f bytes per byte of row data it holds (uncompressed; %.1f MB per node). "
                                               + "Row cache: %s, %d hits%n", diskPerByte, mirrorDisk / 1e6 / nodes,
                                  rowCacheMib == 0 ? "none (row_cache_size 0, Cassandra's default)" : rowCacheMib + " MiB per node, mirror tables cache their rows", rowCacheHits);
                System.out.printf(Locale.ROOT, "ONE reads of the zone's keys, %d in flight: normal path %.0f ops/s p50 %.2f ms p99 %.2f ms; "
                                               + "mirror path %.0f ops/s p50 %.2f ms p99 %.2f ms (%d reads answered by mirrors)%n",
                                  concurrency, normal.throughput(), normal.p50Ms(), normal.p99Ms(), mirror.throughput(), mirror.p50Ms(), mirror.p99Ms(), mirrorReads);
                System.out.printf(Locale.ROOT, "{\"bench\": \"boost\", \"nodes\": %d, \"rf\": 2, \"keys\": %d, \"value_size\": %d, \"copied_partitions\": %d, "
                                               + "\"copied_mb\": %.3f, \"copy_ms_slowest_node\": %d, \"copy_mb_per_s\": %.3f, \"copy_mb_per_s_per_source_node\": %.3f, \"stream_ms_slowest_node\": %d, \"copy_partitions_per_s\": %.1f, \"copy_cpu_ms\": %d, \"copy_us_cpu_per_partition\": %.1f, \"copy_mb_per_cpu_s\": %.2f, "
                                               + "\"seconds_to_warming\": %.2f, \"seconds_to_ready\": %.2f, \"normal\": {\"ops_per_s\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f}, "
                                               + "\"mirror\": {\"ops_per_s\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f}, \"mirror_reads\": %d, \"stream_throughput_mib\": %s, "
                                               + "\"node1_copy_stream_row_mb_per_s\": %.3f, "
                                               + "\"mirror_disk_bytes_per_row_byte\": %.3f, \"row_cache_mib\": %d, \"row_cache_hits\": %d, "
                                               + "\"sstableloader\": {\"wire_mb\": %.3f, \"seconds\": %.2f, \"row_mb_per_s\": %.3f}, \"warmup_copy\": %s, \"first_copy_mb_per_s\": %s}%n",
                                  nodes, keys, valueSize, totalParts, totalBytes / 1e6, slowest, mbps, perNode, slowestStream, pps, cpuTotal, cpuMicrosPerPartition, mbPerCpuSecond, warming, ready,
                                  normal.throughput(), normal.p50Ms(), normal.p99Ms(), mirror.throughput(), mirror.p50Ms(), mirror.p99Ms(), mirrorReads,
                                  streamThroughput == null ? "null" : streamThroughput.toString(), copyRate, diskPerByte, rowCacheMib, rowCacheHits,
                                  loader[0], loader[1], loaderRate, warmup, warmup ? String.format(Locale.ROOT, "%.3f", coldMbps) : "null");
            }
        }
        return 0;
    }

    /**
     * Boosts every key of a second table of the same shape and waits until it is READY: the copy path's first run on
     * fresh nodes shares the cores with C2 compiling it (measured: seconds of compile time across 4 nodes within a 2 s
     * copy), which a node that has been up for a while has long done. Returns that first copy's MB/s (slowest node).
     */
    private double warmupCopy(LocalCluster cluster, CqlSession session, Workload.Spec measured) throws Exception
    {
        Workload.Spec spec = new Workload.Spec(measured.keyspace(), measured.table() + "_warmup", keys, valueSize, 1.0, concurrency);
        System.out.printf("Warm-up copy: %d partitions of %s, boosted and left READY ...%n", keys, spec.qualified());
        new Workload(session, spec, 2).load();
        long[] bytesBefore = PluginJmx.metricPerNode(cluster, "CopiedBytes"), msBefore = PluginJmx.metricPerNode(cluster, "CopyMillis");
        List<String> literals = new ArrayList<>(keys);
        for (int i = 0; i < keys; i++)
            literals.add("'k" + i + "'");
        long requested = System.nanoTime();
        String zone = PluginJmx.call(cluster.node(1), hz -> hz.boost(spec.qualified(), literals, null, System.currentTimeMillis() + 3_600_000L));
        awaitState(cluster, zone, "READY", requested);
        PluginJmx.awaitZonesReady(cluster, Duration.ofSeconds(30));
        long[] bytes = PluginJmx.minus(PluginJmx.metricPerNode(cluster, "CopiedBytes"), bytesBefore);
        long[] ms = PluginJmx.minus(PluginJmx.metricPerNode(cluster, "CopyMillis"), msBefore);
        return LongStream.of(bytes).sum() / 1e3 / Math.max(1, LongStream.of(ms).max().orElse(1));
    }

    private static final java.util.regex.Pattern LOADER_BYTES = java.util.regex.Pattern.compile("Total bytes transferred\\s*:\\s*([0-9.]+)\\s*(KiB|MiB|GiB|B)");
    private static final java.util.regex.Pattern LOADER_MILLIS = java.util.regex.Pattern.compile("Total duration\\s*:\\s*(\\d+)\\s*ms");

    /**
     * Cassandra's own streaming of the same data, on the same cluster: node 1's flushed sstables of the table, streamed by
     * sstableloader into a copy table whose keyspace is replicated on every node (as the mirrors are). Returns the MB
     * sent and the seconds taken, as sstableloader reports them.
     */
    private double[] sstableloaderOfNodeOne(LocalCluster cluster, CqlSession session, Path work, Workload.Spec w) throws Exception
    {
        session.execute("CREATE KEYSPACE IF NOT EXISTS bench_copy WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': " + nodes + "}");
        session.execute("CREATE TABLE IF NOT EXISTS bench_copy.kv (k text PRIMARY KEY, v blob)");
        io.hotzone.dtests.cluster.NodeToolRunner tool = new io.hotzone.dtests.cluster.NodeToolRunner(Artifacts.fromSystemProperties(), work);
        io.hotzone.dtests.cluster.Node node = cluster.node(1);
        Path root = work.resolve("bench-boost-staging-" + System.currentTimeMillis());
        Path staged = java.nio.file.Files.createDirectories(root.resolve("bench_copy").resolve("kv"));
        io.hotzone.dtests.cluster.NodeToolRunner.Result loaded;
        try
        {
            tool.copyFlushedSSTables(node, w.keyspace(), w.table(), staged, name -> name);
            loaded = tool.sstableloader(node, staged, 600, true);
        }
        finally
        {
            // the staged copies are only for the loader
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root))
            {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        if (loaded.exitCode() != 0)
            throw new IllegalStateException("sstableloader failed: " + loaded.output());
        java.util.regex.Matcher bytes = LOADER_BYTES.matcher(loaded.output()), millis = LOADER_MILLIS.matcher(loaded.output());
        if (!bytes.find() || !millis.find())
            throw new IllegalStateException("sstableloader printed no summary: " + loaded.output());
        double unit = switch (bytes.group(2)) { case "GiB" -> 1L << 30; case "MiB" -> 1L << 20; case "KiB" -> 1L << 10; default -> 1; };
        return new double[] { Double.parseDouble(bytes.group(1)) * unit / 1e6, Long.parseLong(millis.group(1)) / 1e3 };
    }

    /** Seconds from {@code since} until the plan shows the zone in the state (or a later one). */
    static double awaitState(LocalCluster cluster, String zone, String state, long since) throws Exception
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
