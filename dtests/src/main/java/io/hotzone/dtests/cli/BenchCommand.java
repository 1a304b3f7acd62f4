package io.hotzone.dtests.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.HdrHistogram.Histogram;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.metadata.TokenMap;

import io.hotzone.driver.HotZoneLoadBalancingPolicy;
import io.hotzone.driver.HotZoneOption;
import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PlanTable;
import io.hotzone.dtests.cluster.PluginJmx;
import io.hotzone.dtests.workload.CampaignSchedule;
import io.hotzone.dtests.workload.Popularity;
import io.hotzone.dtests.workload.Workload;

/**
 * {@code bin/hotzone bench [--quick]}: HotZone against what users run today, side by side on one CPU-capped cluster and
 * one data set. Four arms take turns (each round in a rotated order), each a quiet phase of background traffic then a
 * spike of closed-loop reads on its own hot set: fresh keys that all live on the same two replicas, so that the spike
 * is exactly what melts a replica pair. During every spike a few closed-loop readers also read a cold set (keys on a
 * replica pair disjoint from the hot one): what the spike, and the arm's answer to it, cost everybody else.
 * <ul>
 * <li>stock: automatic boosting switched off on every node (the plugin only captures) and the driver's
 * DefaultLoadBalancingPolicy;</li>
 * <li>reactive: HotZone and its driver policy, nothing announced: zones exist only once the spike is detected;</li>
 * <li>predictive: the same, the spike announced as an event when the run starts;</li>
 * <li>reserve: predictive, plus the resource allocator: the zone's nodes get the hot values from {@code lead} before
 * the spike, and CPU quota moves toward the nodes the zones' forecasts load (the total stays fixed).</li>
 * </ul>
 * Prints per-arm tables, then one JSON line.
 */
final class BenchCommand
{
    private enum Arm
    {
        STOCK, REACTIVE, PREDICTIVE, RESERVE;

        String label()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One arm's spike in one round. */
    private record Spike(Arm arm, int round, Workload.Result result, Workload.Result cold, long mirrorFirstMinute, long opsFirstMinute, int readyAtStart)
    {
    }

    private static final String KEYSPACE = "bench", TABLE = "hot";
    private static final Duration FIRST_MINUTE = Duration.ofSeconds(60), FIRST_QUIET = Duration.ofSeconds(5);

    private int nodes, cpuCap, keys, hotKeys, rounds, concurrency, backgroundRate, replicasPerDc, coldConcurrency, numTokens;
    private double cpuShift;
    private List<Integer> warmupKeys, coldKeys;
    private Map<String, List<Integer>> keysByReplicas;
    private String hotPair;
    private Duration quiet, spike, warmup;

    int run(List<String> options) throws Exception
    {
        Options o = Options.parse(options, Set.of("--nodes", "--cpu-cap", "--keys", "--hot-keys", "--rounds", "--spike", "--quiet", "--concurrency",
                                                  "--background-rate", "--replicas-per-dc", "--cpu-shift", "--cold-concurrency", "--num-tokens"),
                                  Set.of("--quick"));
        boolean quick = o.flag("--quick");
        nodes = o.integer("--nodes", 4);
        cpuCap = o.integer("--cpu-cap", 20);
        keys = o.integer("--keys", 5000);
        hotKeys = o.integer("--hot-keys", 20);
        rounds = o.integer("--rounds", quick ? 1 : 3);
        concurrency = o.integer("--concurrency", 64);
        backgroundRate = o.integer("--background-rate", 200);
        replicasPerDc = o.integer("--replicas-per-dc", 0);
        numTokens = o.integer("--num-tokens", 16);
        cpuShift = o.decimal("--cpu-shift", 0.75);
        coldConcurrency = o.integer("--cold-concurrency", 4);
        // Four arms in the quick run's six minutes: shorter spikes.
        spike = Duration.ofSeconds(o.integer("--spike", quick ? 45 : 60));
        quiet = Duration.ofSeconds(o.integer("--quiet", quick ? 12 : 15));
        warmup = Duration.ofSeconds(quick ? 12 : 40);
        if (nodes < 3)
            throw new HotZoneCli.UsageException("--nodes must be at least 3 (RF 2 plus a node that is not a replica), got " + nodes);
        if (cpuCap < 0 || cpuCap > 100)
            throw new HotZoneCli.UsageException("--cpu-cap is a percentage of one core, 0 (none) to 100, got " + cpuCap);
        if (spike.toSeconds() < 10 || quiet.toSeconds() < 10)
            throw new HotZoneCli.UsageException("--spike and --quiet must be at least 10 seconds (two history steps)");
        if (hotKeys < 1 || rounds < 1 || keys < 100)
            throw new HotZoneCli.UsageException("--hot-keys and --rounds must be positive and --keys at least 100");
        if (replicasPerDc < 0 || replicasPerDc > nodes)
            throw new HotZoneCli.UsageException("--replicas-per-dc must be 0 (every node) to --nodes, got " + replicasPerDc);
        if (!(cpuShift >= 0 && cpuShift <= 0.9))
            throw new HotZoneCli.UsageException("--cpu-shift must be between 0 and 0.9, got " + cpuShift);
        if (numTokens < 1)
            throw new HotZoneCli.UsageException("--num-tokens must be at least 1 (1: a single-token ring), got " + numTokens);
        if (coldConcurrency < 1)
            throw new HotZoneCli.UsageException("--cold-concurrency must be at least 1, got " + coldConcurrency);

        // Time compressed as in the demo: 5 s steps, a 1-minute horizon; a 3-minute history window, so the forecaster
        // works from the event prior and its baselines as on any fresh table, and no model training competes for the
        // capped CPU mid-run.
        String yaml = "bucket: 1s\ncycle: 5s\nhistory:\n  step: 5s\nforecast:\n  step: 5s\n  horizon_steps: 12\n  history: 3m\n  lease_ttl: 30s\n"
                      + "boost:\n  plan_poll: 1s\n  cooldown: 1m\n  replicas_per_dc: " + replicasPerDc + "\n  max_zones: "
                      + Math.max(32, Arm.values().length * rounds * hotKeys + hotKeys) + "\n"
                      // the allocator acts in the reserve arm only (switched on over JMX for its slot): it defers
                      // compaction on the zone's nodes and moves CPU quota toward the nodes the zones' forecasts load
                      + "resources:\n  auto: false\n  cgroups: true\n  poll: 1s\n  stale_after: 3s\n  reservation_ttl: 30s\n  lead: 30s\n"
                      + "  sample_every: 2s\n  window: 10s\n  cpu_shift: " + cpuShift + "\n  hot:\n    compaction_throughput: 1\n    concurrent_compactors: 1\n";
        ClusterSpec spec = ClusterSpec.of("hotzone-bench", nodes).withFirstAddress(11).withFullJit().withNumTokens(numTokens);
        spec = spec.withHotzoneYamlOnAll(yaml);
        Path work = Path.of(System.getProperty("hotzone.work.dir", "work")).toAbsolutePath();
        try (LocalCluster cluster = LocalCluster.create(spec, work, Artifacts.fromSystemProperties()))
        {
            say("Starting %d nodes (%s..%s) ...", nodes, spec.address(1), spec.address(nodes));
            cluster.startWithPluginActive();
            try (CqlSession stockSession = cluster.session();
                 CqlSession hotzoneSession = cluster.session(LocalCluster.sessionConfig()
                                                                         .withClass(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, HotZoneLoadBalancingPolicy.class)
                                                                         .withDuration(HotZoneOption.PLAN_REFRESH_INTERVAL, Duration.ofSeconds(1))
                                                                         .withDuration(HotZoneOption.PLAN_REFRESH_MAX_INTERVAL, Duration.ofSeconds(1)) // a fixed rate: the measured runs are short
                                                                         .withDouble(HotZoneOption.STOCK_SHARE, 0.0)
                                                                         .build()))
            {
                Workload.Spec w = new Workload.Spec(KEYSPACE, TABLE, keys, 200, 1.0, concurrency);
                Workload stock = new Workload(stockSession, w, 2);
                Workload hotzone = new Workload(hotzoneSession, w, 2);
                Workload.Spec coldSpec = new Workload.Spec(KEYSPACE, TABLE, keys, 200, 1.0, coldConcurrency);
                Workload stockCold = new Workload(stockSession, coldSpec, 2), hotzoneCold = new Workload(hotzoneSession, coldSpec, 2);
                say("Loading %d partitions (RF 2) ...", keys);
                stock.load();
                Map<Arm, List<List<Integer>>> hotSets = hotSets(stockSession);
                String cap = cpuCap == 0 ? "none: --cpu-cap 0" : cluster.capCpu(cpuCap) ? cpuCap + "% of one core per node (cgroup)"
                                                                                          : "none: no writable cgroup here (see the log)";
                say("CPU cap: %s", cap);
                // Both read paths warmed under the caps (the JIT of a capped node is slow): the normal path through the
                // stock session, the mirror path through a manual zone on keys no arm uses.
                say("Warming up (%d s, normal and mirror read paths) ...", warmup.toSeconds());
                List<String> literals = warmupKeys.stream().map(k -> "'" + Workload.key(k) + "'").toList();
                PluginJmx.call(cluster.node(1), hz -> hz.boost(KEYSPACE + "." + TABLE, literals, null, System.currentTimeMillis() + 3_600_000L));
                stock.run(Popularity.uniform(keys), warmup.dividedBy(2), 1);
                awaitReady(stockSession, warmupKeys);
                chooseColdKeys(stockSession);
                hotzone.run(Popularity.of(warmupKeys), warmup.dividedBy(2), 2);

                Instant t0 = Instant.now().plusSeconds(1);
                CampaignSchedule schedule = new CampaignSchedule(t0);
                Duration slot = quiet.plus(spike);
                Map<String, CampaignSchedule.Campaign> campaigns = new HashMap<>();
                for (int r = 0; r < rounds; r++)
                    for (int position = 0; position < Arm.values().length; position++)
                    {
                        Arm arm = order(r).get(position);
                        // Spikes are `quiet` apart; the first follows no spike, so a short quiet phase is enough before it.
                        Duration at = slot.multipliedBy((long) r * Arm.values().length + position).plus(FIRST_QUIET);
                        CampaignSchedule.Campaign c = new CampaignSchedule.Campaign(arm.label() + "-" + (r + 1), hotSets.get(arm).get(r), at, spike,
                                                                                    1.0, 10, arm == Arm.PREDICTIVE || arm == Arm.RESERVE);
                        schedule.add(c);
                        campaigns.put(c.id(), c);
                    }
                PluginJmx.call(cluster.node(1), hz -> hz.addEvents("csv", false, schedule.eventsCsv(KEYSPACE + "." + TABLE)));
                say("Announced %d spike(s) (predictive, reserve); schedule: %d round(s) x 4 arms in a rotated order, each %d s quiet + %d s spike of %d keys on one "
                    + "replica pair, %d cold readers during each spike", 2 * rounds, rounds, quiet.toSeconds(), spike.toSeconds(), hotKeys, coldConcurrency);

                Popularity background = Popularity.zipf(keys, 0.9);
                List<Spike> spikes = new ArrayList<>();
                for (int r = 0; r < rounds; r++)
                    for (Arm arm : order(r))
                    {
                        CampaignSchedule.Campaign c = campaigns.get(arm.label() + "-" + (r + 1));
                        Workload workload = arm == Arm.STOCK ? stock : hotzone;
                        // Stock: nothing boosts. Reactive: switched on only at its spike, so the stock spike that just
                        // ended (still "hot now" in the newest history step) is not boosted late into this arm.
                        autoBoost(cluster, arm == Arm.PREDICTIVE || arm == Arm.RESERVE);
                        // Reservations in the reserve arm only; switched off, the ones made expire within reservation_ttl.
                        autoReserve(cluster, arm == Arm.RESERVE);
                        Instant start = schedule.start(c);
                        Duration untilSpike = Duration.between(Instant.now(), start);
                        if (!untilSpike.isNegative())
                            workload.runAtRate(background, backgroundRate, untilSpike, r * 10L + arm.ordinal());
                        if (arm == Arm.REACTIVE)
                            autoBoost(cluster, true);
                        spikes.add(spike(cluster, stockSession, arm, r, c, workload, arm == Arm.STOCK ? stockCold : hotzoneCold));
                        if (arm == Arm.RESERVE)
                            endReservations(cluster);
                    }
                autoBoost(cluster, true);
                autoReserve(cluster, false);
                report(spikes, cap, predictionMape(cluster, stockSession));
            }
        }
        return 0;
    }

    /** One spike: closed-loop reads of the arm's hot set; the first minute measured apart for the pre-warmed share. */
    private Spike spike(LocalCluster cluster, CqlSession session, Arm arm, int round, CampaignSchedule.Campaign c, Workload workload, Workload coldWorkload)
        throws Exception
    {
        Map<String, String> states = PlanTable.stateByKey(session, KEYSPACE + "." + TABLE);
        int ready = (int) c.keys().stream().filter(k -> "READY".equals(states.get("'" + Workload.key(k) + "'"))).count();
        // what the allocator did, seen a third into the spike (reservations apply within a poll of being written)
        java.util.concurrent.CompletableFuture<String> quotas = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> cpuQuotas(cluster), java.util.concurrent.CompletableFuture.delayedExecutor(spike.toMillis() / 3, java.util.concurrent.TimeUnit.MILLISECONDS));
        java.util.concurrent.CompletableFuture<List<String>> reservations = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> arm == Arm.RESERVE ? reservationLines(cluster) : List.of(),
            java.util.concurrent.CompletableFuture.delayedExecutor(spike.toMillis() / 3, java.util.concurrent.TimeUnit.MILLISECONDS));
        long[] mirrorBefore = PluginJmx.metricPerNode(cluster, "MirrorReads");
        Popularity hot = Popularity.of(c.keys());
        Duration first = spike.compareTo(FIRST_MINUTE) < 0 ? spike : FIRST_MINUTE;
        java.util.concurrent.CompletableFuture<Workload.Result> cold = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> coldWorkload.run(Popularity.of(coldKeys), spike, 300L + round * 10L + arm.ordinal()));
        Workload.Result r = workload.run(hot, first, 100L + round * 10L + arm.ordinal());
        long mirror = LongStream.of(PluginJmx.minus(PluginJmx.metricPerNode(cluster, "MirrorReads"), mirrorBefore)).sum();
        long firstOps = r.ops();
        if (spike.compareTo(first) > 0)
            r = merge(r, workload.run(hot, spike.minus(first), 200L + round * 10L + arm.ordinal()));
        Workload.Result coldResult = cold.get();
        for (String line : reservations.get())
            say("  reservation %s", line.replace('\t', ' '));
        say("round %d %-10s %4d/%d keys READY at start  %7.0f reads/s  p50 %6.2f ms  p99 %7.2f ms  first minute from mirrors %5.1f %%  by node %s; "
            + "cold %6.0f reads/s p99 %7.2f ms; CPU quota a third into the spike (millicores) %s",
                          round + 1, arm.label(), ready, c.keys().size(), r.throughput(), r.p50Ms(), r.p99Ms(),
                          firstOps == 0 ? 0 : 100.0 * mirror / firstOps, r.coordinators().values(), coldResult.throughput(), coldResult.p99Ms(), quotas.get());
        return new Spike(arm, round, r, coldResult, mirror, firstOps, ready);
    }

    private static void awaitReady(CqlSession session, List<Integer> keys) throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline)
        {
            Map<String, String> states = PlanTable.stateByKey(session, KEYSPACE + "." + TABLE);
            if (keys.stream().allMatch(k -> "READY".equals(states.get("'" + Workload.key(k) + "'"))))
                return;
            Thread.sleep(500);
        }
        say("warning: the warm-up zone was not READY within 60 s; the mirror path starts cold");
    }

    private static Workload.Result merge(Workload.Result a, Workload.Result b)
    {
        Histogram h = a.latencyMicros().copy();
        h.add(b.latencyMicros());
        Map<String, Long> coordinators = new TreeMap<>(a.coordinators());
        b.coordinators().forEach((k, v) -> coordinators.merge(k, v, Long::sum));
        return new Workload.Result(a.ops() + b.ops(), a.errors() + b.errors(), a.seconds() + b.seconds(), h, coordinators);
    }

    /**
     * Fresh hot sets per arm and round, all on the replica pair holding the most keys, none among the background's
     * most popular keys.
     */
    private Map<Arm, List<List<Integer>>> hotSets(CqlSession session)
    {
        TokenMap tokens = session.getMetadata().getTokenMap().orElseThrow(() -> new IllegalStateException("the driver has no token map"));
        Map<String, List<Integer>> byReplicas = new LinkedHashMap<>();
        for (int i = keys / 10; i < keys; i++)
        {
            ByteBuffer key = ByteBuffer.wrap(Workload.key(i).getBytes(StandardCharsets.UTF_8));
            String replicas = tokens.getReplicas(KEYSPACE, key).stream().map(n -> n.getEndPoint().toString()).sorted().collect(Collectors.joining(" "));
            byReplicas.computeIfAbsent(replicas, x -> new ArrayList<>()).add(i);
        }
        Map.Entry<String, List<Integer>> pair = byReplicas.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> a.size() - b.size())).orElseThrow();
        int needed = Arm.values().length * rounds * hotKeys + hotKeys; // the last set warms the mirror path up
        if (pair.getValue().size() < needed)
            throw new IllegalStateException("only " + pair.getValue().size() + " keys live on one replica pair; " + needed + " are needed: raise --keys");
        say("Hot sets: %d keys per spike, all with replicas %s", hotKeys, pair.getKey());
        Map<Arm, List<List<Integer>>> sets = new EnumMap<>(Arm.class);
        int next = 0;
        for (int r = 0; r < rounds; r++)
            for (Arm arm : Arm.values())
            {
                sets.computeIfAbsent(arm, a -> new ArrayList<>()).add(pair.getValue().subList(next, next + hotKeys));
                next += hotKeys;
            }
        warmupKeys = pair.getValue().subList(next, next + hotKeys);
        keysByReplicas = byReplicas;
        hotPair = pair.getKey();
        return sets;
    }

    /**
     * The cold set: keys on the replica pair with the most nodes that serve no hot zone (outside the hot keys' mirror
     * replicas, known once the warm-up zone made the mirror keyspace), then the most nodes outside the hot pair.
     */
    private void chooseColdKeys(CqlSession session)
    {
        TokenMap tokens = session.getMetadata().getTokenMap().orElseThrow(() -> new IllegalStateException("the driver has no token map"));
        Set<String> hot = new java.util.HashSet<>(List.of(hotPair.split(" ")));
        Set<String> serving = new java.util.HashSet<>(hot);
        ByteBuffer hotKey = ByteBuffer.wrap(Workload.key(warmupKeys.get(0)).getBytes(StandardCharsets.UTF_8));
        tokens.getReplicas("hotzone_mirror", hotKey).forEach(n -> serving.add(n.getEndPoint().toString()));
        java.util.function.ToLongFunction<String> outside = (replicas) -> List.of(replicas.split(" ")).stream().filter(n -> !serving.contains(n)).count();
        java.util.function.ToLongFunction<String> notHot = (replicas) -> List.of(replicas.split(" ")).stream().filter(n -> !hot.contains(n)).count();
        Map.Entry<String, List<Integer>> cold = keysByReplicas.entrySet().stream().filter(e -> !e.getKey().equals(hotPair))
                                                              .max(java.util.Comparator.comparingLong((Map.Entry<String, List<Integer>> e) -> outside.applyAsLong(e.getKey()))
                                                                                       .thenComparingLong(e -> notHot.applyAsLong(e.getKey()))
                                                                                       .thenComparingInt(e -> e.getValue().size()))
                                                              .orElseThrow();
        coldKeys = cold.getValue().subList(0, Math.min(200, cold.getValue().size()));
        say("Cold set: %d keys with replicas %s (%d of them serve no zone; the hot keys' nodes: %s)", coldKeys.size(), cold.getKey(),
            outside.applyAsLong(cold.getKey()), new java.util.TreeSet<>(serving));
    }

    /** Round r runs the arms rotated by r, so that no arm always follows the same one (the JIT warms up over the run). */
    private static List<Arm> order(int round)
    {
        List<Arm> arms = new ArrayList<>(List.of(Arm.values()));
        java.util.Collections.rotate(arms, -round);
        return arms;
    }

    /** Switches the allocator off and releases what it reserved, so that the next arm starts from every node's own values. */
    private static void endReservations(LocalCluster cluster) throws Exception
    {
        autoReserve(cluster, false);
        for (String knob : List.of("cpu_quota", "compaction_throughput", "concurrent_compactors"))
            PluginJmx.call(cluster.node(1), hz -> hz.release(List.of(), knob));
    }

    private static void autoReserve(LocalCluster cluster, boolean on) throws Exception
    {
        for (Node n : cluster.nodes())
            PluginJmx.call(n, hz -> {
                hz.setAutoReserve(on);
                return null;
            });
    }

    /** The reservations as `nodetool-ext hotzone reservations` shows them (tab-separated lines). */
    private static List<String> reservationLines(LocalCluster cluster)
    {
        try
        {
            return PluginJmx.call(cluster.node(1), hz -> hz.reservations());
        }
        catch (Exception e)
        {
            return List.of("unreadable: " + e);
        }
    }

    /** Each node's CPU quota as its cgroup has it now, millicores ("-" uncapped). */
    private static String cpuQuotas(LocalCluster cluster)
    {
        List<String> out = new ArrayList<>();
        for (Node n : cluster.nodes())
        {
            try
            {
                java.util.OptionalLong quota = n.cpuQuotaMillicores();
                out.add(quota.isPresent() ? String.valueOf(quota.getAsLong()) : "-");
            }
            catch (java.io.IOException | NumberFormatException e)
            {
                out.add("?");
            }
        }
        return String.join(" ", out);
    }

    /** Each node's rolling CPU prediction error (hotzone_views.load_predictions, its newest closed window), NaN if none. */
    private static double[] predictionMape(LocalCluster cluster, CqlSession session)
    {
        double[] out = new double[cluster.nodes().size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = Double.NaN;
            String address = cluster.nodes().get(i).address();
            com.datastax.oss.driver.api.core.metadata.Node node = session.getMetadata().getNodes().values().stream()
                                                                         .filter(n -> n.getEndPoint().resolve().toString().contains("/" + address + ":"))
                                                                         .findFirst().orElse(null);
            if (node == null)
                continue;
            Instant newest = Instant.MIN;
            for (com.datastax.oss.driver.api.core.cql.Row row : session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement
                                                                                    .newInstance("SELECT window_end, cpu_mape FROM hotzone_views.load_predictions").setNode(node)))
                if (!row.isNull("cpu_mape") && row.getInstant("window_end").isAfter(newest))
                {
                    newest = row.getInstant("window_end");
                    out[i] = row.getDouble("cpu_mape");
                }
        }
        return out;
    }

    private static void autoBoost(LocalCluster cluster, boolean on) throws Exception
    {
        for (Node n : cluster.nodes())
            PluginJmx.call(n, hz -> {
                hz.setAutoBoost(on);
                return null;
            });
    }

    private void report(List<Spike> spikes, String cap, double[] mape)
    {
        Map<Arm, Double> throughput = new EnumMap<>(Arm.class), p50 = new EnumMap<>(Arm.class), p99 = new EnumMap<>(Arm.class);
        Map<Arm, Double> coldThroughput = new EnumMap<>(Arm.class), coldP99 = new EnumMap<>(Arm.class);
        Map<Arm, Long> coldErrors = new EnumMap<>(Arm.class);
        Map<Arm, Double> share = new EnumMap<>(Arm.class), prewarmed = new EnumMap<>(Arm.class);
        Map<Arm, Long> errors = new EnumMap<>(Arm.class);
        System.out.printf("%n%-11s %12s %9s %9s %15s %22s %8s %13s %12s%n", "Arm", "hot reads/s", "p50 ms", "p99 ms", "max/mean node", "first min pre-warmed", "errors",
                          "cold reads/s", "cold p99 ms");
        for (Arm arm : Arm.values())
        {
            List<Spike> mine = spikes.stream().filter(s -> s.arm() == arm).toList();
            Workload.Result all = mine.stream().map(Spike::result).reduce(BenchCommand::merge).orElseThrow();
            long mirror = mine.stream().mapToLong(Spike::mirrorFirstMinute).sum(), first = mine.stream().mapToLong(Spike::opsFirstMinute).sum();
            long max = all.coordinators().values().stream().mapToLong(Long::longValue).max().orElse(0);
            throughput.put(arm, all.throughput());
            p50.put(arm, all.p50Ms());
            p99.put(arm, all.p99Ms());
            share.put(arm, all.ops() == 0 ? 0 : max / (all.ops() / (double) nodes)); // nodes that served nothing count as 0
            prewarmed.put(arm, first == 0 ? 0 : Math.min(1.0, mirror / (double) first));
            errors.put(arm, all.errors());
            Workload.Result cold = mine.stream().map(Spike::cold).reduce(BenchCommand::merge).orElseThrow();
            coldThroughput.put(arm, cold.throughput());
            coldP99.put(arm, cold.p99Ms());
            System.out.printf(Locale.ROOT, "%-11s %12.0f %9.2f %9.2f %15.2f %21.1f%% %8d %13.0f %12.2f%n", arm.label(), throughput.get(arm), p50.get(arm), p99.get(arm),
                              share.get(arm), 100 * prewarmed.get(arm), all.errors(), coldThroughput.get(arm), coldP99.get(arm));
            coldErrors.put(arm, cold.errors());
        }
        double vsStock = throughput.get(Arm.PREDICTIVE) / throughput.get(Arm.STOCK), vsReactive = throughput.get(Arm.PREDICTIVE) / throughput.get(Arm.REACTIVE);
        boolean tThroughput = vsStock >= 1.6, tShare = share.get(Arm.PREDICTIVE) <= 1.25, tPrewarmed = prewarmed.get(Arm.PREDICTIVE) >= 0.9;
        System.out.printf(Locale.ROOT, "%nHot-set throughput predictive/stock %.2f (target >= 1.6: %s), predictive/reactive %.2f; "
                                       + "predictive max/mean %.2f (target <= 1.25: %s); predictive first minute pre-warmed %.1f %% (target >= 90 %%: %s)%n",
                          vsStock, met(tThroughput), vsReactive, share.get(Arm.PREDICTIVE), met(tShare), 100 * prewarmed.get(Arm.PREDICTIVE), met(tPrewarmed));
        double reserveVsBoost = throughput.get(Arm.RESERVE) / throughput.get(Arm.PREDICTIVE), reserveP99 = p99.get(Arm.RESERVE) / p99.get(Arm.PREDICTIVE);
        double coldRatio = coldThroughput.get(Arm.RESERVE) / coldThroughput.get(Arm.PREDICTIVE);
        double meanMape = java.util.Arrays.stream(mape).filter(m -> !Double.isNaN(m)).average().orElse(Double.NaN);
        boolean tReserve = reserveVsBoost >= 1.15, tReserveP99 = reserveP99 <= 0.7, tCold = coldRatio >= 0.9, tMape = meanMape <= 0.25;
        System.out.printf(Locale.ROOT, "Reserve vs predictive boost: hot-set throughput %.2f (target >= 1.15: %s), p99 %.2f (target <= 0.7: %s), cold-set throughput "
                                       + "%.2f (target >= 0.9: %s); CPU prediction error (MAPE, newest window per node) %s, mean %.3f (target <= 0.25: %s)%n",
                          reserveVsBoost, met(tReserve), reserveP99, met(tReserveP99), coldRatio, met(tCold),
                          java.util.Arrays.toString(mape), meanMape, met(tMape));
        System.out.printf("Nodes %d (%d tokens each), RF 2, mirror replicas per DC %s, CPU cap: %s; %d round(s), spikes of %d s, %d reads in flight, %d cold readers; reserve arm: "
                          + "cpu_shift %.2f, compaction deferred%n", nodes, numTokens, replicasPerDc == 0 ? "every node" : String.valueOf(replicasPerDc), cap, rounds,
                          spike.toSeconds(), concurrency, coldConcurrency, cpuShift);
        System.out.printf(Locale.ROOT, "{\"bench\": \"arms\", \"nodes\": %d, \"rf\": 2, \"cpu_cap\": {\"applied\": %s, \"percent_of_one_core\": %d, \"detail\": \"%s\"}, "
                                       + "\"rounds\": %d, \"spike_seconds\": %d, \"hot_keys\": %d, \"concurrency\": %d, "
                                       + "\"throughput_ratio_vs_stock\": %.3f, \"throughput_ratio_vs_reactive\": %.3f, "
                                       + "\"hot_reads_per_s\": %s, \"hot_share_max_over_mean\": %s, \"prewarmed_first_minute\": {\"reactive\": %.3f, \"predictive\": %.3f}, "
                                       + "\"p50_ms\": %s, \"p99_ms\": %s, \"errors\": %s, \"cold_reads_per_s\": %s, \"cold_p99_ms\": %s, \"cold_errors\": %s, "
                                       + "\"num_tokens\": %d, \"replicas_per_dc\": %d, \"cpu_shift\": %.2f, \"reserve_vs_boost_throughput\": %.3f, \"reserve_vs_boost_p99\": %.3f, "
                                       + "\"cold_throughput_ratio\": %.3f, \"prediction_mape\": %s, \"prediction_mape_per_node\": %s, "
                                       + "\"targets\": {\"throughput_ratio_vs_stock_1_6\": %s, \"predictive_max_over_mean_1_25\": %s, \"prewarmed_first_minute_0_9\": %s, "
                                       + "\"reserve_vs_boost_throughput_1_15\": %s, \"reserve_vs_boost_p99_0_7\": %s, \"cold_throughput_ratio_0_9\": %s, "
                                       + "\"prediction_mape_0_25\": %s}}%n",
                          nodes, cap.startsWith("none") ? "false" : "true", cap.startsWith("none") ? 0 : cpuCap, cap, rounds, spike.toSeconds(), hotKeys,
                          concurrency, vsStock, vsReactive, json(throughput), json(share), prewarmed.get(Arm.REACTIVE), prewarmed.get(Arm.PREDICTIVE),
                          json(p50), json(p99), json(errors), json(coldThroughput), json(coldP99), json(coldErrors), numTokens, replicasPerDc, cpuShift, reserveVsBoost, reserveP99,
                          coldRatio, jsonNumber(meanMape), java.util.Arrays.stream(mape).mapToObj(BenchCommand::jsonNumber).collect(Collectors.joining(", ", "[", "]")),
                          tThroughput, tShare, tPrewarmed, tReserve, tReserveP99, tCold, tMape);
    }

    private static String jsonNumber(double d)
    {
        return Double.isNaN(d) ? "null" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String met(boolean met)
    {
        return met ? "met" : "NOT met";
    }

    private static String json(Map<Arm, ? extends Number> perArm)
    {
        return perArm.entrySet().stream().map(e -> String.format(Locale.ROOT, "\"%s\": %s", e.getKey().label(),
                                                                 e.getValue() instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : e.getValue()))
                     .collect(Collectors.joining(", ", "{", "}"));
    }

    private static final long STARTED = System.nanoTime();

    private static void say(String format, Object... args)
    {
        System.out.printf(Locale.ROOT, "[bench +%ds] %s%n", (System.nanoTime() - STARTED) / 1_000_000_000L, String.format(Locale.ROOT, format, args));
    }
}
