package io.hotzone.dtests.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.PluginJmx;
import io.hotzone.dtests.workload.Popularity;
import io.hotzone.dtests.workload.Workload;

/**
 * {@code bin/hotzone bench moves}: a write-heavy spike on one range of a single-token ring (CPU-capped nodes, RF 2),
 * three arms on the same cluster: stock (no move; run first and last, the mean is the baseline), predictive (the range
 * split by token moves before the spike, planned from the previous spike's recorded accesses) and reactive (the same
 * moves, decided {@code --react} seconds into the spike and run during it). Between arms every node moves back. Prints the spike's throughput per 5 s
 * segment, p99, move seconds and bytes streamed, then one JSON line.
 */
final class BenchMovesCommand
{
    private static final Duration SEGMENT = Duration.ofSeconds(5);

    private int nodes, cpuCap, keys, hotKeys, concurrency, react;
    private double writeRatio;
    private Duration spike;

    /** One arm's spike, segment by segment. */
    private static final class ArmResult
    {
        final List<Double> segments = new ArrayList<>();
        final Histogram latency = new Histogram(3);
        long ops, errors;
        double seconds, moveSeconds = -1, movesDoneAt = -1;
        long bytes;
        int moves;
        /** Per node in node order: replica writes of the table, CPU seconds, requests coordinated. */
        long[] replicaWrites = new long[0];
        double[] cpuSeconds = new double[0];
        final Map<String, Long> coordinated = new TreeMap<>();

        double throughput()
        {
            return ops / Math.max(1e-9, seconds);
        }

        double p99Ms()
        {
            return latency.getValueAtPercentile(99) / 1000.0;
        }

        /** Both runs as one: their ops, seconds and latencies together, segment by segment averaged. */
        static ArmResult mean(ArmResult a, ArmResult b)
        {
            ArmResult m = new ArmResult();
            m.ops = a.ops + b.ops;
            m.errors = a.errors + b.errors;
            m.seconds = a.seconds + b.seconds;
            m.latency.add(a.latency);
            m.latency.add(b.latency);
            for (int i = 0; i < Math.min(a.segments.size(), b.segments.size()); i++)
                m.segments.add((a.segments.get(i) + b.segments.get(i)) / 2);
            return m;
        }

        /** Ops/s over the first {@code s} seconds. */
        double firstSeconds(int s)
        {
            int n = Math.max(1, Math.min(segments.size(), s / (int) SEGMENT.toSeconds()));
            return segments.subList(0, n).stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }
    }

    int run(List<String> options) throws Exception
    {
        Options o = Options.parse(options, Set.of("--nodes", "--cpu-cap", "--keys", "--hot-keys", "--spike", "--concurrency", "--react", "--write-percent"),
                                  Set.of("--quick"));
        boolean quick = o.flag("--quick");
        nodes = o.integer("--nodes", 4);
        cpuCap = o.integer("--cpu-cap", 25);
        keys = o.integer("--keys", 20_000);
        hotKeys = o.integer("--hot-keys", 400);
        concurrency = o.integer("--concurrency", 64);
        react = o.integer("--react", 10);
        writeRatio = o.integer("--write-percent", 80) / 100.0;
        spike = Duration.ofSeconds(o.integer("--spike", quick ? 40 : 90));
        if (nodes < 3)
            throw new HotZoneCli.UsageException("--nodes must be at least 3 (RF 2 and a node outside the hot range's replicas), got " + nodes);
        if (cpuCap < 0 || cpuCap > 100)
            throw new HotZoneCli.UsageException("--cpu-cap is a percentage of one core, 0 (none) to 100, got " + cpuCap);
        if (spike.toSeconds() < 20 || react < 1 || react >= spike.toSeconds())
            throw new HotZoneCli.UsageException("--spike must be at least 20 s and --react between 1 and the spike's seconds");
        if (writeRatio < 0 || writeRatio > 1 || keys < 1000 || hotKeys < 10 || hotKeys > keys / 4)
            throw new HotZoneCli.UsageException("--write-percent is 0..100, --keys at least 1000, --hot-keys 10..keys/4");

        String yaml = "bucket: 1s\ncycle: 2s\nhistory:\n  step: 2s\nforecast:\n  enabled: false\n  lease_ttl: 6s\nboost:\n  enabled: false\n"
                      + "moves:\n  poll: 1s\n  lock_ttl: 10s\n  cooldown: 0s\n  daily_budget: 1000\n  max_moves: " + nodes + "\n  window: 15s\n";
        ClusterSpec spec = ClusterSpec.of("hotzone-bench-moves", nodes).withFirstAddress(11).withFullJit().withNumTokens(1).withHotzoneYamlOnAll(yaml)
                                      .withRingDelayMs(ClusterSpec.MOVES_RING_DELAY_MS);
        Path work = Path.of(System.getProperty("hotzone.work.dir", "work")).toAbsolutePath();
        try (LocalCluster cluster = LocalCluster.create(spec, work, Artifacts.fromSystemProperties()))
        {
            say("Starting %d single-token nodes (%s..%s) ...", nodes, spec.address(1), spec.address(nodes));
            cluster.startWithPluginActive();
            // Every arm through HotZone's driver policy, which re-reads the node list every second: the stock driver
            // ignores MOVED_NODE and would keep routing the split range to its old replicas (measured: half the rate).
            try (CqlSession session = cluster.session(LocalCluster.sessionConfig()
                                                                  .withClass(com.datastax.oss.driver.api.core.config.DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS,
                                                                             io.hotzone.driver.HotZoneLoadBalancingPolicy.class)
                                                                  .withDuration(io.hotzone.driver.HotZoneOption.TOKEN_REFRESH_INTERVAL, Duration.ofSeconds(1))
                                                                  .build()))
            {
                Workload.Spec w = new Workload.Spec("bench", "kv", keys, 200, 1 - writeRatio, concurrency);
                Workload workload = new Workload(session, w, 2);
                say("Loading %d partitions (RF 2) ...", keys);
                workload.load();
                Map<String, Long> initial = tokens(session);
                List<Integer> hot = hotKeys(session, initial);
                String cap = cpuCap == 0 ? "none" : cluster.capCpu(cpuCap) ? cpuCap + "% of one core per node" : "none (cgroup v1 cpu controller not writable)";
                say("CPU cap: %s; hot range: %d keys in the first half of one node's primary range; spike %d s, %d%% writes, %d in flight",
                    cap, hot.size(), spike.toSeconds(), Math.round(writeRatio * 100), concurrency);
                // Every node's write path compiled under the cap (a capped node's JIT is slow): the moves send the hot range to
                // nodes that served nothing of it before, and a cold node would make the split look worse than it is.
                Duration warmup = Duration.ofSeconds(quick ? 60 : 120);
                say("Warming up (%d s over every key) ...", warmup.toSeconds());
                workload.run(Popularity.uniform(keys), warmup, 1);

                Popularity hotPop = Popularity.of(hot);
                say("Arm stock (first): the spike on today's ring ...");
                ArmResult stockFirst = spike(workload, hotPop, 10, cluster, false);

                say("Arm predictive: moves planned from the spike just recorded, run before the next one ...");
                Map<Integer, String> beforeMoves = snapshot(session);
                List<String> plan = PluginJmx.call(cluster.node(1), hz -> hz.movePlan());
                plan.stream().filter(l -> !l.startsWith("move")).forEach(l -> say("  plan %s", l.replace('\t', ' ')));
                ArmResult predictive;
                List<String> ids = List.of();
                if (plan.stream().noneMatch(l -> l.startsWith("move\t")))
                {
                    say("  no move planned: the predictive arm is the stock ring again");
                    predictive = spike(workload, hotPop, 20, cluster, false);
                }
                else
                {
                    long started = System.nanoTime();
                    ids = PluginJmx.call(cluster.node(1), hz -> hz.moveApply("bench moves: predictive"));
                    awaitDone(cluster, ids);
                    double moveSeconds = (System.nanoTime() - started) / 1e9;
                    boolean equal = snapshot(session).equals(beforeMoves);
                    say("  %d move(s) done in %.1f s; every row read at ALL equal before and after: %s", ids.size(), moveSeconds, equal);
                    predictive = spike(workload, hotPop, 20, cluster, false);
                    predictive.moveSeconds = moveSeconds;
                    predictive.moves = ids.size();
                    predictive.bytes = bytesOf(cluster, ids);
                    predictive.movesDoneAt = 0;
                    rowsEqual &= equal;
                }
                restore(cluster, session, ids);

                say("Arm reactive: the same spike; moves decided %d s into it and run during it ...", react);
                ArmResult reactive = spike(workload, hotPop, 30, cluster, true);
                restore(cluster, session, reactiveIds);

                say("Arm stock (again, last): the spike on today's ring, to bracket any drift of the machine ...");
                ArmResult stockLast = spike(workload, hotPop, 40, cluster, false);
                ArmResult stock = ArmResult.mean(stockFirst, stockLast);
                say("  stock ops/s first %.0f, last %.0f: the mean is the baseline", stockFirst.throughput(), stockLast.throughput());
                print(stock, predictive, reactive, cap);
            }
        }
        return 0;
    }

    private boolean rowsEqual = true;
    private List<String> reactiveIds = List.of();

    /** Runs the spike in 5 s segments; reacting, plans and applies moves {@code react} seconds in, on another thread. */
    private ArmResult spike(Workload workload, Popularity hot, long seed, LocalCluster cluster, boolean reacting) throws Exception
    {
        LocalCluster reactOn = reacting ? cluster : null;
        ArmResult r = new ArmResult();
        long[] writesBefore = replicaWrites(cluster), ticksBefore = cluster.cpuTicks();
        long start = System.nanoTime();
        Thread mover = null;
        AtomicLong doneAt = new AtomicLong(-1);
        if (reactOn != null)
        {
            mover = new Thread(() -> {
                try
                {
                    Thread.sleep(react * 1000L);
                    List<String> plan = PluginJmx.call(reactOn.node(1), hz -> hz.movePlan());
                    if (plan.stream().noneMatch(l -> l.startsWith("move\t")))
                        return;
                    reactiveIds = PluginJmx.call(reactOn.node(1), hz -> hz.moveApply("bench moves: reactive"));
                    awaitDone(reactOn, reactiveIds);
                    doneAt.set(System.nanoTime());
                }
                catch (Exception e)
                {
                    say("  reactive moves failed: %s", e);
                }
            }, "bench-reactive-mover");
            mover.start();
        }
        for (long s = 0; s < spike.toSeconds(); s += SEGMENT.toSeconds())
        {
            Workload.Result seg = workload.run(hot, SEGMENT, seed * 1000 + s);
            r.segments.add(seg.throughput());
            r.ops += seg.ops();
            r.errors += seg.errors();
            r.seconds += seg.seconds();
            r.latency.add(seg.latencyMicros());
            seg.coordinators().forEach((node, n) -> r.coordinated.merge(node, n, Long::sum));
        }
        long[] writesAfter = replicaWrites(cluster), ticksAfter = cluster.cpuTicks();
        r.replicaWrites = new long[writesAfter.length];
        r.cpuSeconds = new double[ticksAfter.length];
        for (int i = 0; i < writesAfter.length; i++)
        {
            r.replicaWrites[i] = writesAfter[i] - writesBefore[i];
            r.cpuSeconds[i] = (ticksAfter[i] - ticksBefore[i]) / 100.0;
        }
        say("  replica writes per node %s, CPU s per node %s, coordinated per node %s", java.util.Arrays.toString(r.replicaWrites),
            java.util.Arrays.toString(r.cpuSeconds), r.coordinated);
        if (mover != null)
        {
            mover.join(Duration.ofMinutes(5).toMillis());
            if (doneAt.get() > 0)
            {
                r.movesDoneAt = (doneAt.get() - start) / 1e9;
                r.moves = reactiveIds.size();
                r.bytes = bytesOf(reactOn, reactiveIds);
                r.moveSeconds = r.movesDoneAt - react;
            }
        }
        return r;
    }

    /** Writes each node applied to bench.kv as a replica (Cassandra's table write count), in node order. */
    private static long[] replicaWrites(LocalCluster cluster)
    {
        return PluginJmx.perNode(cluster, "org.apache.cassandra.metrics:type=Table,keyspace=bench,scope=kv,name=WriteLatency", "Count");
    }

    /** Moves every node back, the applied moves reverted newest first. */
    private static void restore(LocalCluster cluster, CqlSession session, List<String> ids) throws Exception
    {
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        for (String id : reversed)
        {
            String revert = PluginJmx.call(cluster.node(1), hz -> hz.moveRevert(id));
            awaitDone(cluster, List.of(revert));
        }
        if (!ids.isEmpty())
            say("  every node back on its token (%d revert(s))", ids.size());
    }

    private static void awaitDone(LocalCluster cluster, List<String> ids) throws Exception
    {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true)
        {
            List<String> lines = PluginJmx.call(cluster.node(1), hz -> hz.moves());
            boolean all = true;
            for (String id : ids)
            {
                String line = lines.stream().filter(l -> l.startsWith(id + "\t")).findFirst().orElse("");
                String state = line.isEmpty() ? "" : line.split("\t", -1)[4];
                if (!Set.of("PLANNED", "RUNNING", "DONE").contains(state))
                    throw new IllegalStateException("move " + id + " ended " + state + ": " + line);
                all &= state.equals("DONE");
            }
            if (all)
                return;
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("moves " + ids + " not DONE within 5 minutes");
            Thread.sleep(500);
        }
    }

    private static long bytesOf(LocalCluster cluster, List<String> ids) throws Exception
    {
        long bytes = 0;
        for (String l : PluginJmx.call(cluster.node(1), hz -> hz.moves()))
            if (ids.contains(l.split("\t", -1)[0]))
                bytes += Long.parseLong(l.split("\t", -1)[8]);
        return bytes;
    }

    /** Every row, read at ALL. */
    private static Map<Integer, String> snapshot(CqlSession session)
    {
        Map<Integer, String> rows = new TreeMap<>();
        for (Row r : session.execute(SimpleStatement.newInstance("SELECT k, v FROM bench.kv").setConsistencyLevel(DefaultConsistencyLevel.ALL).setPageSize(2000)))
        {
            ByteBuffer v = r.getByteBuffer("v");
            rows.put(Integer.parseInt(r.getString("k").substring(1)), v == null ? "" : java.util.HexFormat.of().formatHex(v.array(), v.arrayOffset() + v.position(),
                                                                                                                       v.arrayOffset() + v.limit()));
        }
        return rows;
    }

    private static Map<String, Long> tokens(CqlSession session)
    {
        Map<String, Long> out = new TreeMap<>();
        for (Row r : session.execute("SELECT broadcast_address, tokens FROM system.local"))
            out.put(r.getInetAddress("broadcast_address").getHostAddress(), Long.parseLong(r.getSet("tokens", String.class).iterator().next()));
        for (Row r : session.execute("SELECT peer, tokens FROM system.peers"))
            out.put(r.getInetAddress("peer").getHostAddress(), Long.parseLong(r.getSet("tokens", String.class).iterator().next()));
        return out;
    }

    /** The hot set: keys whose tokens lie in the first half of the second node's primary range (ring order). */
    private List<Integer> hotKeys(CqlSession session, Map<String, Long> ring)
    {
        List<Long> sorted = new ArrayList<>(ring.values());
        sorted.sort(Long::compare);
        long own = sorted.get(1), prev = sorted.get(0);
        long mid = prev + ((own - prev) >>> 1);
        List<Integer> hot = new ArrayList<>();
        for (int k = 0; k < keys && hot.size() < hotKeys; k++)
        {
            long t = ((com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token) session.getMetadata().getTokenMap().orElseThrow()
                                                                                                   .newToken(ByteBuffer.wrap(Workload.key(k).getBytes(StandardCharsets.UTF_8)))).getValue();
            if (t - prev != 0 && Long.compareUnsigned(t - prev, mid - prev) <= 0)
                hot.add(k);
        }
        return hot;
    }

    private void print(ArmResult stock, ArmResult predictive, ArmResult reactive, String cap)
    {
        System.out.printf("%n%-11s %10s %9s %8s %22s %7s %12s %12s %s%n", "Arm", "ops/s", "p99 ms", "errors", "first 20 s ops/s", "moves", "move s", "streamed MB",
                          "ops/s per 5 s segment");
        for (Map.Entry<String, ArmResult> e : Map.of("stock", stock, "predictive", predictive, "reactive", reactive).entrySet().stream()
                                                 .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(List.of("stock", "predictive", "reactive")::indexOf)))
                                                 .toList())
        {
            ArmResult r = e.getValue();
            System.out.printf(Locale.ROOT, "%-11s %10.0f %9.2f %8d %22.0f %7d %12s %12.2f %s%n", e.getKey(), r.throughput(), r.p99Ms(), r.errors, r.firstSeconds(20), r.moves,
                              r.moveSeconds < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.moveSeconds), r.bytes / 1e6,
                              r.segments.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList());
        }
        double afterShare = reactive.movesDoneAt < 0 ? 0 : Math.max(0, 1 - reactive.movesDoneAt / spike.toSeconds());
        System.out.printf(Locale.ROOT, "%nPredictive/stock: throughput %.2f, p99 %.2f; reactive/stock %.2f, p99 %.2f; first 20 s reactive/predictive %.2f; "
                                       + "share of the reactive spike after its moves %.2f%n",
                          predictive.throughput() / stock.throughput(), predictive.p99Ms() / stock.p99Ms(), reactive.throughput() / stock.throughput(),
                          reactive.p99Ms() / stock.p99Ms(), reactive.firstSeconds(20) / Math.max(1e-9, predictive.firstSeconds(20)), afterShare);
        System.out.printf(Locale.ROOT, "{\"bench\": \"moves\", \"nodes\": %d, \"rf\": 2, \"cpu_cap\": \"%s\", \"keys\": %d, \"hot_keys\": %d, \"write_ratio\": %.2f, "
                                       + "\"spike_s\": %d, \"react_s\": %d, \"stock\": {\"ops_per_s\": %.1f, \"p99_ms\": %.2f}, "
                                       + "\"predictive\": {\"ops_per_s\": %.1f, \"p99_ms\": %.2f, \"first_20s_ops_per_s\": %.1f}, "
                                       + "\"reactive\": {\"ops_per_s\": %.1f, \"p99_ms\": %.2f, \"first_20s_ops_per_s\": %.1f, \"moves_done_at_s\": %.1f}, "
                                       + "\"throughput_ratio_vs_stock\": %.3f, \"p99_ratio_vs_stock\": %.3f, \"reactive_throughput_ratio_vs_stock\": %.3f, "
                                       + "\"move_seconds\": %.1f, \"moves\": %d, \"bytes_streamed\": %d, \"reactive_share_after_split\": %.2f, \"rows_equal\": %s}%n",
                          nodes, cap, keys, hotKeys, writeRatio, spike.toSeconds(), react, stock.throughput(), stock.p99Ms(), predictive.throughput(), predictive.p99Ms(),
                          predictive.firstSeconds(20), reactive.throughput(), reactive.p99Ms(), reactive.firstSeconds(20), reactive.movesDoneAt,
                          predictive.throughput() / stock.throughput(), predictive.p99Ms() / stock.p99Ms(), reactive.throughput() / stock.throughput(),
                          predictive.moveSeconds, predictive.moves, predictive.bytes, afterShare, rowsEqual);
    }

    private static void say(String format, Object... args)
    {
        System.out.printf("[bench moves] " + format + "%n", args);
    }
}
