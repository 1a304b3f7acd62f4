package io.hotzone.dtests.cli;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

/**
 * {@code bin/hotzone bench aggregates}: hot products with many rows each, and a dashboard's mix of GROUP BY queries on
 * them (per region and hour, one region's hours, per region and day, the product's total) at ONE on CPU-capped nodes,
 * through HotZone's driver policy. Two arms on one cluster: stock (the rules exist, nothing is boosted: Cassandra
 * folds the partition for every query), then the products boosted with their aggregates pre-computed. Then the
 * recompute lag: a write at ALL, and the time until an aggregate answers the product's total again. Then every
 * covered query compared with Cassandra's answer at ALL. Last, the rules removed and the mix again on the boosted
 * products: what the mirror alone gives. Prints a summary and one JSON line.
 */
final class BenchAggregatesCommand
{
    private static final String MIRROR_INFO = io.hotzone.adapter.HotZoneQueryHandler.MIRROR_INFO;
    private static final List<String> REGIONS = List.of("eu", "us", "apac", "latam");
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    private static final String[] QUERIES = {
        "SELECT product, region, floor(at, 1h), count(*), sum(amount), avg(amount), max(qty) FROM bench.sales WHERE product = ? "
        + "GROUP BY product, region, floor(at, 1h)",
        "SELECT region, floor(at, 1h), sum(amount) FROM bench.sales WHERE product = ? AND region = ? GROUP BY product, region, floor(at, 1h)",
        "SELECT product, region, floor(at, 1d), count(*), sum(amount) FROM bench.sales WHERE product = ? GROUP BY product, region, floor(at, 1d)",
        "SELECT count(*), sum(amount) FROM bench.sales WHERE product = ? GROUP BY product" };

    private int nodes, cpuCap, products, rows, concurrency, lagSamples;
    private Duration arm;

    /** One arm: queries answered, their latencies, how many an aggregate answered. */
    private static final class ArmResult
    {
        final Histogram latency = new Histogram(3);
        final AtomicLong ops = new AtomicLong(), errors = new AtomicLong(), fromAggregate = new AtomicLong();
        double seconds;

        double throughput()
        {
            return ops.get() / Math.max(1e-9, seconds);
        }

        double p99Ms()
        {
            return latency.getValueAtPercentile(99) / 1000.0;
        }
    }

    int run(List<String> options) throws Exception
    {
        Options o = Options.parse(options, Set.of("--nodes", "--cpu-cap", "--products", "--rows", "--seconds", "--concurrency", "--lag-samples"),
                                  Set.of("--quick"));
        boolean quick = o.flag("--quick");
        nodes = o.integer("--nodes", 3);
        cpuCap = o.integer("--cpu-cap", 50);
        products = o.integer("--products", 4);
        rows = o.integer("--rows", quick ? 10_000 : 50_000);
        arm = Duration.ofSeconds(o.integer("--seconds", quick ? 20 : 60));
        concurrency = o.integer("--concurrency", 32);
        lagSamples = o.integer("--lag-samples", quick ? 40 : 200);
        if (nodes < 2 || products < 1 || rows < 100 || rows > 1_000_000 || arm.toSeconds() < 5 || concurrency < 1 || lagSamples < 1)
            throw new HotZoneCli.UsageException("--nodes at least 2, --products at least 1, --rows 100..1000000, --seconds at least 5, "
                                                + "--concurrency and --lag-samples at least 1");
        if (cpuCap < 0 || cpuCap > 100)
            throw new HotZoneCli.UsageException("--cpu-cap is a percentage of one core, 0 (none) to 100, got " + cpuCap);

        String yaml = "bucket: 1s\ncycle: 2s\nhistory:\n  step: 2s\nforecast:\n  enabled: false\n  lease_ttl: 6s\nboost:\n  plan_poll: 1s\n";
        ClusterSpec spec = ClusterSpec.of("hotzone-bench-aggregates", nodes).withFirstAddress(11).withFullJit().withHotzoneYamlOnAll(yaml);
        Path work = Path.of(System.getProperty("hotzone.work.dir", "work")).toAbsolutePath();
        try (LocalCluster cluster = LocalCluster.create(spec, work, Artifacts.fromSystemProperties()))
        {
            say("Starting %d nodes (%s..%s) ...", nodes, spec.address(1), spec.address(nodes));
            cluster.startWithPluginActive();
            try (CqlSession session = cluster.session(LocalCluster.sessionConfig()
                                                                  .withClass(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS,
                                                                             io.hotzone.driver.HotZoneLoadBalancingPolicy.class)
                                                                  .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                                                                  .build()))
            {
                session.execute("CREATE KEYSPACE bench WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
                session.execute("CREATE TABLE bench.sales (product text, region text, at timestamp, amount bigint, qty int, "
                                + "PRIMARY KEY ((product), region, at))");
                load(session);
                PluginJmx.call(cluster.node(1), hz -> {
                    hz.addRule("bench.sales", "by_hour", "product,region,at", "at 1h", "count(*), sum(amount), avg(amount), max(qty)");
                    hz.addRule("bench.sales", "by_day", "product,region,at", "at 1d", "count(*), sum(amount)");
                    return hz.addRule("bench.sales", "total", "product", null, "count(*), sum(amount)");
                });
                List<PreparedStatement> queries = new ArrayList<>();
                for (String q : QUERIES)
                    queries.add(session.prepare(q));
                String cap = cpuCap == 0 ? "none" : cluster.capCpu(cpuCap) ? cpuCap + "% of one core per node" : "none (cgroup cpu controller not writable)";
                say("CPU cap: %s; %d hot products x %d rows; %d queries in flight; %d s per arm", cap, products, rows, concurrency, arm.toSeconds());
                say("Warming up (the same mix, stock, %d s) ...", Math.max(5, arm.toSeconds() / 3));
                mix(session, queries, Duration.ofSeconds(Math.max(5, arm.toSeconds() / 3)), 1);

                say("Arm stock: every query folds its partition ...");
                ArmResult stock = mix(session, queries, arm, 2);

                List<String> literals = new ArrayList<>();
                for (int p = 0; p < products; p++)
                    literals.add("'p" + p + "'");
                long boosted = System.nanoTime();
                String zone = PluginJmx.call(cluster.node(1), hz -> hz.boost("bench.sales", literals, null, System.currentTimeMillis() + 3_600_000L));
                BenchBoostCommand.awaitState(cluster, zone, "READY", boosted);
                PluginJmx.awaitZonesReady(cluster, Duration.ofSeconds(60));
                awaitPrecomputed(cluster, session);
                say("  boosted, copied and pre-aggregated on every node in %.1f s", (System.nanoTime() - boosted) / 1e9);

                say("Arm pre-aggregated: the same mix ...");
                ArmResult aggregated = mix(session, queries, arm, 2);

                say("Recompute lag: %d writes at ALL, each followed by the product's total until an aggregate answers it again ...", lagSamples);
                Histogram lag = recomputeLag(session, cluster);
                long serverP50 = 0, serverP99 = 0;
                for (Node n : cluster.members())
                {
                    String mbean = "org.apache.cassandra.metrics:type=HotZone,name=AggregateRecomputeLagMillis";
                    serverP50 = Math.max(serverP50, PluginJmx.attribute(n, mbean, "50thPercentile"));
                    serverP99 = Math.max(serverP99, PluginJmx.attribute(n, mbean, "99thPercentile"));
                }
                say("  on the nodes (first dirty mark to the result replaced), worst node: p50 %d ms, p99 %d ms", serverP50, serverP99);
                boolean equal = answersEqual(session, cluster, queries);

                // What the mirror alone gives (boosted, no rules): the part of the gain that is pre-aggregation's own
                PluginJmx.call(cluster.node(1), hz -> {
                    for (String rule : List.of("by_hour", "by_day", "total"))
                        hz.removeRule("bench.sales", rule);
                    return null;
                });
                say("Arm mirror only: the rules removed, the products still boosted ...");
                awaitNoAggregates(session, queries);
                ArmResult mirror = mix(session, queries, arm, 2);
                print(stock, aggregated, mirror, lag, serverP50, serverP99, equal, cap);
            }
        }
        return 0;
    }

    private void load(CqlSession session) throws Exception
    {
        say("Loading %d products x %d rows (RF 2) ...", products, rows);
        PreparedStatement insert = session.prepare("INSERT INTO bench.sales (product, region, at, amount, qty) VALUES (?, ?, ?, ?, ?)");
        Random random = new Random(42);
        Semaphore inFlight = new Semaphore(128);
        for (int p = 0; p < products; p++)
            for (int i = 0; i < rows; i++)
            {
                inFlight.acquire();
                // 7 days of sales: 4 regions x 168 hours per product
                session.executeAsync(insert.bind("p" + p, REGIONS.get(random.nextInt(REGIONS.size())),
                                                 Instant.ofEpochMilli(T0 + (long) random.nextInt(7 * 24 * 3_600) * 1000 + random.nextInt(1000)),
                                                 (long) random.nextInt(10_000), random.nextInt(100))
                                           .setConsistencyLevel(DefaultConsistencyLevel.QUORUM))
                       .whenComplete((r, e) -> inFlight.release());
            }
        inFlight.acquire(128);
        inFlight.release(128);
        session.execute("SELECT count(*) FROM bench.sales WHERE product = 'p0'"); // the table is readable
    }

    /** The dashboard mix, closed loop with {@code concurrency} in flight, for the duration. */
    private ArmResult mix(CqlSession session, List<PreparedStatement> queries, Duration duration, long seed) throws Exception
    {
        ArmResult r = new ArmResult();
        Random random = new Random(seed);
        Semaphore inFlight = new Semaphore(concurrency);
        long start = System.nanoTime(), end = start + duration.toNanos();
        while (System.nanoTime() < end)
        {
            inFlight.acquire();
            String product = "p" + random.nextInt(products);
            int q = random.nextInt(queries.size());
            BoundStatement s = q == 1 ? queries.get(q).bind(product, REGIONS.get(random.nextInt(REGIONS.size()))) : queries.get(q).bind(product);
            long sent = System.nanoTime();
            CompletableFuture<AsyncResultSet> f = session.executeAsync(ask(s.setConsistencyLevel(DefaultConsistencyLevel.ONE))).toCompletableFuture();
            f.whenComplete((rs, e) -> {
                if (e != null)
                    r.errors.incrementAndGet();
                else
                {
                    synchronized (r.latency)
                    {
                        r.latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                    }
                    r.ops.incrementAndGet();
                    if (fromAggregate(rs.getExecutionInfo().getIncomingPayload()))
                        r.fromAggregate.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(concurrency);
        inFlight.release(concurrency);
        r.seconds = (System.nanoTime() - start) / 1e9;
        say("  %.0f queries/s, p99 %.1f ms, %d errors, %.0f%% from aggregates", r.throughput(), r.p99Ms(), r.errors.get(),
            100.0 * r.fromAggregate.get() / Math.max(1, r.ops.get()));
        return r;
    }

    /** Milliseconds from a write's acknowledgement (ALL) until the product's total is answered from an aggregate again. */
    private Histogram recomputeLag(CqlSession session, LocalCluster cluster) throws Exception
    {
        PreparedStatement insert = session.prepare("INSERT INTO bench.sales (product, region, at, amount, qty) VALUES (?, ?, ?, ?, ?)");
        PreparedStatement total = session.prepare(QUERIES[3]);
        Histogram lag = new Histogram(3);
        Random random = new Random(5);
        for (int i = 0; i < lagSamples; i++)
        {
            String product = "p" + random.nextInt(products);
            Node via = cluster.node(1 + random.nextInt(nodes));
            session.execute(insert.bind(product, REGIONS.get(random.nextInt(REGIONS.size())), Instant.ofEpochMilli(T0 + random.nextInt(7 * 86_400_000)),
                                        1L, 1).setConsistencyLevel(DefaultConsistencyLevel.ALL));
            long written = System.nanoTime(), deadline = written + TimeUnit.SECONDS.toNanos(30);
            while (true)
            {
                ResultSet rs = session.execute(ask(total.bind(product).setConsistencyLevel(DefaultConsistencyLevel.ONE)
                                                        .setNode(io.hotzone.dtests.Cql.driverNode(session, via.address()))));
                if (fromAggregate(rs.getExecutionInfo().getIncomingPayload()))
                    break;
                if (System.nanoTime() > deadline)
                    throw new IllegalStateException("no aggregate answered " + product + "'s total on " + via.address() + " within 30 s of a write");
                Thread.sleep(10);
            }
            lag.recordValue(Math.max(1, (System.nanoTime() - written) / 1000));
        }
        return lag;
    }

    /** Every query of the mix on every product through every node at ONE (from an aggregate) equals Cassandra's at ALL. */
    private boolean answersEqual(CqlSession session, LocalCluster cluster, List<PreparedStatement> queries) throws Exception
    {
        boolean equal = true;
        int compared = 0;
        for (Node node : cluster.members())
            for (int p = 0; p < products; p++)
                for (int q = 0; q < queries.size(); q++)
                {
                    BoundStatement s = q == 1 ? queries.get(q).bind("p" + p, "eu") : queries.get(q).bind("p" + p);
                    s = s.setNode(io.hotzone.dtests.Cql.driverNode(session, node.address()));
                    ResultSet one;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (!fromAggregate((one = session.execute(ask(s.setConsistencyLevel(DefaultConsistencyLevel.ONE)))).getExecutionInfo().getIncomingPayload()))
                    {
                        if (System.nanoTime() > deadline)
                            throw new IllegalStateException("no aggregate answered query " + q + " on p" + p + " through " + node.address());
                        Thread.sleep(20);
                    }
                    List<String> fromAggregates = format(one);
                    List<String> fromCassandra = format(session.execute(s.setConsistencyLevel(DefaultConsistencyLevel.ALL)));
                    compared++;
                    if (!fromAggregates.equals(fromCassandra))
                    {
                        equal = false;
                        say("  DIFFERENT: query %d on p%d through %s: %s vs %s", q, p, node.address(), fromAggregates, fromCassandra);
                    }
                }
        say("Answers: %d covered queries through every node, from aggregates at ONE vs Cassandra at ALL: %s", compared, equal ? "all equal" : "DIFFERENT");
        return equal;
    }

    private static <S extends Statement<S>> S ask(S s)
    {
        return s.setCustomPayload(Map.of(MIRROR_INFO, ByteBuffer.allocate(0)));
    }

    private static boolean fromAggregate(Map<String, ByteBuffer> payload)
    {
        ByteBuffer v = payload.get(MIRROR_INFO);
        return v != null && v.hasRemaining() && v.get(v.position()) == io.hotzone.adapter.HotZoneQueryHandler.FROM_AGGREGATE;
    }

    private static List<String> format(ResultSet rs)
    {
        List<String> out = new ArrayList<>();
        for (Row row : rs)
        {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.getColumnDefinitions().size(); i++)
                b.append(i == 0 ? "" : "|").append(row.getObject(i));
            out.add(b.toString());
        }
        return out;
    }

    /** Until every node holds every rule's result of every hot product. */
    private void awaitPrecomputed(LocalCluster cluster, CqlSession session) throws Exception
    {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (Node node : cluster.members())
            while (true)
            {
                List<Row> held = io.hotzone.dtests.Cql.onNode(session, node.address(),
                                                                          "SELECT partitions FROM hotzone_views.aggregate_rules WHERE table_name = 'bench.sales'");
                if (held.size() == 3 && held.stream().allMatch(r -> r.getLong(0) >= products))
                    break;
                if (System.nanoTime() > deadline)
                    throw new IllegalStateException("the hot products were not pre-aggregated on " + node.address() + " within 5 minutes");
                Thread.sleep(200);
            }
    }

    /** Until every node has read the rules again (none): queries come from the mirror, not from results. */
    private void awaitNoAggregates(CqlSession session, List<PreparedStatement> queries) throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int quiet = 0;
        while (quiet < 50)
        {
            ResultSet rs = session.execute(ask(queries.get(3).bind("p0").setConsistencyLevel(DefaultConsistencyLevel.ONE)));
            quiet = fromAggregate(rs.getExecutionInfo().getIncomingPayload()) ? 0 : quiet + 1;
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("aggregates still answer 60 s after the rules were removed");
            Thread.sleep(100);
        }
    }

    private void print(ArmResult stock, ArmResult aggregated, ArmResult mirror, Histogram lag, long serverP50, long serverP99, boolean equal, String cap)
    {
        double throughputRatio = aggregated.throughput() / Math.max(1e-9, stock.throughput());
        double p99Ratio = aggregated.p99Ms() / Math.max(1e-9, stock.p99Ms());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-16s %12s %10s %10s %8s %14s%n", "arm", "queries/s", "p50 ms", "p99 ms", "errors", "from aggregate");
        for (Object[] a : new Object[][]{ { "stock", stock }, { "pre-aggregated", aggregated }, { "mirror only", mirror } })
        {
            ArmResult r = (ArmResult) a[1];
            System.out.printf(Locale.ROOT, "%-16s %12.0f %10.2f %10.2f %8d %13.0f%%%n", a[0], r.throughput(), r.latency.getValueAtPercentile(50) / 1000.0,
                              r.p99Ms(), r.errors.get(), 100.0 * r.fromAggregate.get() / Math.max(1, r.ops.get()));
        }
        System.out.printf(Locale.ROOT, "throughput %.1fx stock (%.1fx the mirror alone), p99 %.3fx stock; recompute lag after a write p50 %.1f ms, p99 %.1f ms; answers equal: %s%n",
                          throughputRatio, aggregated.throughput() / Math.max(1e-9, mirror.throughput()), p99Ratio, lag.getValueAtPercentile(50) / 1000.0, lag.getValueAtPercentile(99) / 1000.0, equal);
        System.out.printf(Locale.ROOT, "{\"bench\":\"aggregates\",\"nodes\":%d,\"cpu_cap\":\"%s\",\"products\":%d,\"rows_per_product\":%d,\"concurrency\":%d,"
                                       + "\"seconds_per_arm\":%d,\"stock_qps\":%.1f,\"aggregated_qps\":%.1f,\"stock_p99_ms\":%.2f,\"aggregated_p99_ms\":%.2f,"
                                       + "\"from_aggregate_share\":%.3f,\"throughput_ratio_vs_stock\":%.2f,\"p99_ratio_vs_stock\":%.3f,"
                                       + "\"recompute_lag_ms_p50\":%.1f,\"recompute_lag_ms_p99\":%.1f,\"lag_samples\":%d,\"node_recompute_lag_ms_p50\":%d,"
                                       + "\"node_recompute_lag_ms_p99\":%d,\"mirror_only_qps\":%.1f,\"mirror_only_p99_ms\":%.2f,\"throughput_ratio_vs_mirror_only\":%.2f,"
                                       + "\"answers_equal\":%s}%n",
                          nodes, cap, products, rows, concurrency, arm.toSeconds(), stock.throughput(), aggregated.throughput(), stock.p99Ms(),
                          aggregated.p99Ms(), aggregated.fromAggregate.get() / (double) Math.max(1, aggregated.ops.get()), throughputRatio, p99Ratio,
                          lag.getValueAtPercentile(50) / 1000.0, lag.getValueAtPercentile(99) / 1000.0, lag.getTotalCount(), serverP50, serverP99, mirror.throughput(), mirror.p99Ms(),
                          aggregated.throughput() / Math.max(1e-9, mirror.throughput()), equal);
    }

    private static void say(String format, Object... args)
    {
        System.out.printf("[bench aggregates] " + format + "%n", args);
    }
}
