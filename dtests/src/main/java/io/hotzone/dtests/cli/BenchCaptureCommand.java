package io.hotzone.dtests.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.HdrHistogram.Histogram;

import com.datastax.oss.driver.api.core.CqlSession;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;
import io.hotzone.dtests.workload.Popularity;
import io.hotzone.dtests.workload.Workload;
import io.hotzone.surfaces.HotZoneMXBean;

/**
 * {@code bin/hotzone bench capture}: the cost of access capture. One cluster, one data set, one workload; capture
 * switched on and off on every node between runs (ABBA order, so drift hits both arms alike). Prints a table, then
 * one JSON line.
 */
final class BenchCaptureCommand
{
    private int rounds = 4, seconds = 20, warmup = 60, concurrency = 32, nodes = 3, keys = 10_000;
    private double readRatio = 0.8;

    int run(List<String> options) throws Exception
    {
        Options o = Options.parse(options, Set.of("--rounds", "--seconds", "--warmup", "--concurrency", "--nodes", "--keys", "--read-ratio"), Set.of());
        rounds = o.integer("--rounds", rounds);
        seconds = o.integer("--seconds", seconds);
        warmup = o.integer("--warmup", warmup);
        concurrency = o.integer("--concurrency", concurrency);
        nodes = o.integer("--nodes", nodes);
        keys = o.integer("--keys", keys);
        readRatio = o.decimal("--read-ratio", readRatio);
        Path work = Path.of(System.getProperty("hotzone.work.dir", "work")).toAbsolutePath();
        // The forecast loop is off: its periodic CPU bursts would land in one arm or the other and only add noise
        // (its own cost is what `bench forecast` measures).
        ClusterSpec spec = ClusterSpec.of("hotzone-bench-capture", nodes).withFirstAddress(11).withFullJit();
        spec = spec.withHotzoneYamlOnAll("forecast:\n  enabled: false\n");
        try (LocalCluster cluster = LocalCluster.create(spec, work, Artifacts.fromSystemProperties()))
        {
            System.out.printf("Starting %d nodes (%s) ...%n", nodes, spec.address(1) + ".." + spec.address(nodes));
            cluster.startWithPluginActive();
            try (CqlSession session = cluster.session())
            {
                Workload.Spec w = new Workload.Spec("bench", "kv", keys, 100, readRatio, concurrency);
                Workload workload = new Workload(session, w, Math.min(3, nodes));
                workload.load();
                Popularity popularity = Popularity.zipf(keys, 0.99);
                warmUp(cluster, workload, popularity);

                System.out.printf("%-6s %-8s %12s %10s %10s %10s %14s%n", "Round", "Capture", "Ops/s", "p50 ms", "p99 ms", "Errors", "Captured");
                List<Workload.Result> on = new ArrayList<>(), off = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                long capturedOn = 0, capturedOff = 0;
                for (int r = 0; r < rounds; r++)
                {
                    for (boolean capturing : r % 2 == 0 ? new boolean[]{ true, false } : new boolean[]{ false, true })
                    {
                        setCapturing(cluster, capturing);
                        long before = captured(cluster);
                        Workload.Result result = workload.run(popularity, Duration.ofSeconds(seconds), 100 + r);
                        Thread.sleep(300); // let the capture threads drain before reading the counter
                        long delta = captured(cluster) - before;
                        (capturing ? on : off).add(result);
                        if (capturing) capturedOn += delta; else capturedOff += delta;
                        if (on.size() == off.size())
                            ratios.add(on.get(r).throughput() / off.get(r).throughput());
                        System.out.printf(Locale.ROOT, "%-6d %-8s %12.0f %10.2f %10.2f %10d %14d%n", r + 1, capturing ? "on" : "off",
                                          result.throughput(), result.p50Ms(), result.p99Ms(), result.errors(), delta);
                    }
                }
                setCapturing(cluster, true);
                double tOn = on.stream().mapToDouble(Workload.Result::throughput).average().orElse(0);
                double tOff = off.stream().mapToDouble(Workload.Result::throughput).average().orElse(0);
                // Each round's on and off runs are adjacent: their ratio cancels the slow drift (JIT, compaction) that the
                // plain averages still carry, and the median of those ratios shrugs off a run hit by a GC or compaction.
                List<Double> sorted = ratios.stream().sorted().toList();
                double ratio = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
                String ratioList = String.join(", ", ratios.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList());
                double p99On = merged(on).getValueAtPercentile(99) / 1000.0, p99Off = merged(off).getValueAtPercentile(99) / 1000.0;
                System.out.printf(Locale.ROOT, "%nCapture on/off throughput ratio: %.3f (median of the paired rounds: %s; plain means: on %.0f ops/s, off %.0f ops/s); p99 on %.2f ms, off %.2f ms%n",
                                  ratio, ratioList, tOn, tOff, p99On, p99Off);
                System.out.printf(Locale.ROOT, "{\"bench\": \"capture_overhead\", \"nodes\": %d, \"rounds\": %d, \"seconds_per_run\": %d, "
                                               + "\"concurrency\": %d, \"keys\": %d, \"read_ratio\": %.2f, \"popularity\": \"zipf(0.99)\", "
                                               + "\"throughput_on\": %.1f, \"throughput_off\": %.1f, \"ratio\": %.4f, \"p99_ms_on\": %.3f, \"p99_ms_off\": %.3f, "
                                               + "\"round_ratios\": [%s], \"captured_on\": %d, \"captured_off\": %d}%n",
                                  nodes, rounds, seconds, concurrency, keys, readRatio, tOn, tOff, ratio, p99On, p99Off, ratioList, capturedOn, capturedOff);
            }
        }
        return 0;
    }

    /**
     * Runs 10 s chunks, alternating capture on and off so both paths get compiled, until two consecutive chunks of the
     * same mode agree within 3 % (the full JIT takes minutes on 2 cores), but at least {@code warmup} seconds and at
     * most 5 minutes.
     */
    private void warmUp(LocalCluster cluster, Workload workload, Popularity popularity) throws Exception
    {
        long start = System.nanoTime();
        double[] last = { -1, -1 };
        for (int chunk = 0; ; chunk++)
        {
            int mode = chunk % 2;
            setCapturing(cluster, mode == 0);
            double t = workload.run(popularity, Duration.ofSeconds(10), chunk).throughput();
            double elapsed = (System.nanoTime() - start) / 1e9;
            boolean stable = last[mode] > 0 && Math.abs(t / last[mode] - 1) < 0.03;
            System.out.printf(Locale.ROOT, "warm-up %3.0f s: %.0f ops/s (capture %s)%n", elapsed, t, mode == 0 ? "on" : "off");
            last[mode] = t;
            if ((stable && elapsed >= warmup && mode == 1) || elapsed > 300)
                return;
        }
    }

    private static Histogram merged(List<Workload.Result> results)
    {
        Histogram h = new Histogram(3);
        results.forEach(r -> h.add(r.latencyMicros()));
        return h;
    }

    private static void setCapturing(LocalCluster cluster, boolean capturing) throws Exception
    {
        for (Node n : cluster.nodes())
            try (JMXConnector jmx = n.jmx())
            {
                JMX.newMXBeanProxy(jmx.getMBeanServerConnection(), new ObjectName(HotZoneMXBean.OBJECT_NAME), HotZoneMXBean.class).setCapturing(capturing);
            }
    }

    private static long captured(LocalCluster cluster)
    {
        return java.util.stream.LongStream.of(PluginJmx.perNode(cluster, "org.apache.cassandra.metrics:type=HotZone,name=CapturedRequests", "Count")).sum();
    }
}
