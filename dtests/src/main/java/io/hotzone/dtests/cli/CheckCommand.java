package io.hotzone.dtests.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.hotzone.dtests.check.ConsistencyRun;
import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;

/**
 * {@code bin/hotzone check consistency}: the mirror-read contract checked Jepsen-style on its own 4-node cluster
 * (127.0.0.21..24, RF 2) that a fifth node (127.0.0.25) joins during the run. Prints a table, then one JSON line; exits 3 when it found an anomaly or the mirrors did not
 * converge. {@code --row-cache-mib N} gives every node a row cache (SerializingCacheProvider, the one mirrors cache rows
 * with), so mirrors answer from the memory tier. {@code --nemesis truncate,kill} limits the events to these kinds.
 */
final class CheckCommand
{
    int run(List<String> args) throws Exception
    {
        if (args.isEmpty() || !args.get(0).equals("consistency"))
            throw new HotZoneCli.UsageException("unknown check '" + (args.isEmpty() ? "" : args.get(0)) + "' (consistency)");
        Options o = Options.parse(args.subList(1, args.size()), Set.of("--minutes", "--every", "--keys", "--seed", "--row-cache-mib", "--nemesis"),
                                  Set.of("--quick"));
        boolean quick = o.flag("--quick");
        int minutes = o.integer("--minutes", quick ? 3 : 10);
        Duration every = o.duration("--every", Duration.ofSeconds(30));
        int keys = o.integer("--keys", 40);
        int rowCacheMib = o.integer("--row-cache-mib", 0);
        List<String> events = o.has("--nemesis") ? List.of(o.text("--nemesis", "").split(",")) : ConsistencyRun.EVENT_KINDS;
        if (minutes < 1 || keys < 4 || keys > 1000)
            throw new HotZoneCli.UsageException("--minutes must be at least 1 and --keys between 4 and 1000");
        if (rowCacheMib < 0)
            throw new HotZoneCli.UsageException("--row-cache-mib must be 0 (no row cache, Cassandra's default) or more, got " + rowCacheMib);
        Path work = Path.of(System.getProperty("hotzone.work.dir", "work")).toAbsolutePath();
        ClusterSpec spec = ClusterSpec.of("hotzone-check", 4).withSpares(1).withFirstAddress(21)
                                      .withHotzoneYamlOnAll("cycle: 2s\nbucket: 1s\nforecast:\n  enabled: false\n  lease_ttl: 6s\nboost:\n  plan_poll: 1s\n  cooldown: 30s\n");
        if (rowCacheMib > 0) // the memory tier: mirror tables cache their rows, so cached partitions must follow every write and copy
            spec = spec.withCassandraYaml("row_cache_size: " + rowCacheMib + "MiB\nrow_cache_class_name: org.apache.cassandra.cache.SerializingCacheProvider");
        ConsistencyRun.Settings settings;
        try
        {
            settings = new ConsistencyRun.Settings(Duration.ofMinutes(minutes), every, keys, o.number("--seed", 1), events);
        }
        catch (IllegalArgumentException e)
        {
            throw new HotZoneCli.UsageException("--nemesis: " + e.getMessage());
        }
        try (LocalCluster cluster = LocalCluster.create(spec, work, Artifacts.fromSystemProperties()))
        {
            System.out.printf("Starting 4 nodes (%s; %s joins later) ...%n", spec.address(1) + ".." + spec.address(4), spec.address(5));
            cluster.startWithPluginActive();
            ConsistencyRun.Report report = ConsistencyRun.run(cluster, settings,
                                                              line -> System.out.println("  " + line));
            System.out.println();
            System.out.print(report.table());
            if (rowCacheMib > 0)
            {
                long hits = 0;
                for (io.hotzone.dtests.cluster.Node n : cluster.members())
                    hits += io.hotzone.dtests.cluster.PluginJmx.attribute(n, "org.apache.cassandra.metrics:type=Cache,scope=RowCache,name=Hits", "Count");
                System.out.printf("row cache hits (the running nodes, since their last start): %d%n", hits);
            }
            System.out.println(report.json());
            return report.anomalies == 0 && report.converged ? 0 : 3;
        }
    }
}
