package io.hotzone.dtests.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;


import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;

import io.hotzone.driver.HotZoneLoadBalancingPolicy;
import io.hotzone.driver.HotZoneOption;
import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.PlanTable;
import io.hotzone.dtests.cluster.PluginJmx;
import io.hotzone.dtests.workload.CampaignSchedule;
import io.hotzone.dtests.workload.Popularity;
import io.hotzone.dtests.workload.Workload;

/**
 * {@code bin/hotzone demo}: the predictive loop on a local 4-node cluster, time-compressed (a forecast step of 5 s). A
 * shop table gets steady Zipf traffic; a campaign on 20 products is announced; HotZone forecasts it, boosts the
 * products onto every node before the campaign starts, and the driver policy sends the campaign's reads to the warmed
 * replicas. Progress every 5 s, a summary, and an HTML report with charts in the run folder. The cluster is stopped
 * on every exit path (Ctrl-C included: the harness's shutdown hook).
 */
final class DemoCommand
{
    private static final String TABLE = "shop.products";
    private static final int CAMPAIGN_FIRST = 1000, CAMPAIGN_KEYS = 20;
    private static final double CAMPAIGN_SHARE = 0.7, ZIPF = 0.9;
    private static final Duration CHUNK = Duration.ofSeconds(5);

    /** One 5-second chunk of the run. */
    private record Sample(double t, double opsPerSec, double p50, double p99, long[] coordinated, long[] mirrorReads, String zoneState,
                          double forecastPeak, long campaignReads)
    {
    }

    int run(List<String> options) throws Exception
    {
        Options o = Options.parse(options, Set.of("--nodes", "--keys", "--campaign-in", "--campaign-for", "--cpu-cap", "--out"), Set.of());
        int nodes = o.integer("--nodes", 4), keys = o.integer("--keys", 2000);
        int campaignIn = o.integer("--campaign-in", 90), campaignFor = o.integer("--campaign-for", 60), cpuCap = o.integer("--cpu-cap", 25);
        Path out = Path.of(o.text("--out", "work/demo-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())))
                       .toAbsolutePath();
        Files.createDirectories(out);
        String yaml = "bucket: 1s\ncycle: 5s\nhistory:\n  step: 5s\nforecast:\n  step: 5s\n  horizon_steps: 12\n  history: 30m\n  lease_ttl: 60s\n"
                      + "  retrain_every: 1h\nboost:\n  plan_poll: 1s\n  cooldown: 2m\n";
        if (cpuCap < 0 || cpuCap > 100)
            throw new HotZoneCli.UsageException("--cpu-cap is a percentage of one core, 0 (none) to 100, got " + cpuCap);
        ClusterSpec spec = ClusterSpec.of("hotzone-demo", nodes).withFirstAddress(31).withHotzoneYamlOnAll(yaml);
        Path work = Path.of(System.getProperty("hotzone.work.dir", "work")).toAbsolutePath();
        try (LocalCluster cluster = LocalCluster.create(spec, work, Artifacts.fromSystemProperties()))
        {
            step("Starting %d Cassandra 5.0 nodes with the HotZone plugin (%s..%s) ...", nodes, spec.address(1), spec.address(nodes));
            cluster.startWithPluginActive();
            try (CqlSession session = policySession(cluster))
            {
                Workload workload = new Workload(session, new Workload.Spec("shop", "products", keys, 200, 0.9, 16), 2);
                step("Loading %d products (RF 2) ...", keys);
                workload.load();
                importHistory(cluster, keys, out);
                // Capped after start and load, as the bench does: uncapped, a 2-core machine's nodes all have CPU to spare
                // and routing has nothing to relieve (the A/B measurement then reads about 1.0).
                step("CPU cap: %s", cpuCap == 0 ? "none (--cpu-cap 0)" : cluster.capCpu(cpuCap) ? cpuCap + "% of one core per node (--cpu-cap)"
                                                                        : "none: no writable cgroup here, the nodes run uncapped (see the log)");
                Instant t0 = Instant.now();
                CampaignSchedule schedule = new CampaignSchedule(t0);
                // Announced with the lift it will really give its products (70 % of the reads on 20 of them), so the
                // forecast rises to the campaign's level before it starts.
                double lift = CampaignSchedule.lift(CAMPAIGN_SHARE, CAMPAIGN_KEYS, Popularity.zipfShare(keys, ZIPF, CAMPAIGN_FIRST));
                CampaignSchedule.Campaign campaign = new CampaignSchedule.Campaign(
                    "campaign", IntStream.range(CAMPAIGN_FIRST, CAMPAIGN_FIRST + CAMPAIGN_KEYS).boxed().toList(), Duration.ofSeconds(campaignIn),
                    Duration.ofSeconds(campaignFor), CAMPAIGN_SHARE, lift, true);
                schedule.add(campaign);
                Instant spike = schedule.start(campaign), spikeEnd = schedule.end(campaign);
                PluginJmx.call(cluster.node(1), hz -> hz.addEvents("csv", false, schedule.eventsCsv(TABLE)));
                step("Announced a campaign on products k%d..k%d: x%.0f from %s for %d s (in %d s)", CAMPAIGN_FIRST, CAMPAIGN_FIRST + CAMPAIGN_KEYS - 1,
                     lift, spike, campaignFor, campaignIn);
                Popularity popularity = schedule.over(Popularity.zipf(keys, ZIPF));
                System.out.printf("%n%7s %9s %8s %8s  %-10s %10s %10s  %-24s %s%n", "t(s)", "ops/s", "p50 ms", "p99 ms", "zone", "fcst peak",
                                  "campaign", "reads served per node", "of which from mirrors");
                List<Sample> samples = new ArrayList<>();
                Instant readyAt = null;
                long[] lastCoord = PluginJmx.perNode(cluster, "org.apache.cassandra.metrics:type=ClientRequest,scope=Read,name=Latency", "Count");
                long[] lastMirror = PluginJmx.metricPerNode(cluster, "MirrorReads");
                Instant stop = spikeEnd.plusSeconds(15);
                int chunk = 0;
                while (Instant.now().isBefore(stop))
                {
                    boolean campaignNow = schedule.active().isPresent();
                    Workload.Result r = workload.run(popularity, CHUNK, chunk++);
                    long[] coord = PluginJmx.perNode(cluster, "org.apache.cassandra.metrics:type=ClientRequest,scope=Read,name=Latency", "Count");
                    long[] mirror = PluginJmx.metricPerNode(cluster, "MirrorReads");
                    String state = PlanTable.stateByKey(session, TABLE).getOrDefault("'" + Workload.key(CAMPAIGN_FIRST) + "'", "-");
                    if (readyAt == null && "READY".equals(state))
                        readyAt = Instant.now();
                    long[] fromMirror = PluginJmx.minus(mirror, lastMirror), served = PluginJmx.minus(coord, lastCoord);
                    for (int i = 0; i < served.length; i++)
                        served[i] += fromMirror[i]; // reads a mirror answered never reach Cassandra's read path (ClientRequest)
                    Sample s = new Sample(Duration.between(t0, Instant.now()).toMillis() / 1000.0, r.throughput(), r.p50Ms(), r.p99Ms(),
                                          served, fromMirror, state, forecastPeak(cluster), campaignReads(cluster));
                    samples.add(s);
                    lastCoord = coord;
                    lastMirror = mirror;
                    System.out.printf(Locale.ROOT, "%7.0f %9.0f %8.2f %8.2f  %-10s %10.0f %10d  %-24s %s%s%n", s.t(), s.opsPerSec(), s.p50(), s.p99(), state,
                                      s.forecastPeak(), s.campaignReads(), join(s.coordinated()), join(s.mirrorReads()), campaignNow ? "  << campaign" : "");
                }
                HotZoneLoadBalancingPolicy policy = (HotZoneLoadBalancingPolicy) session.getContext().getLoadBalancingPolicy("default");
                String ab = policy.abMeasurement().summary();
                double lead = readyAt == null ? Double.NaN : Duration.between(readyAt, spike).toMillis() / 1000.0;
                double spikeStart = Duration.between(t0, spike).toMillis() / 1000.0, spikeStop = Duration.between(t0, spikeEnd).toMillis() / 1000.0;
                long spikeMirror = 0, spikeReads = 0;
                double[] spikePerNode = new double[nodes];
                for (Sample s : samples)
                    if (s.t() > spikeStart + CHUNK.toSeconds() && s.t() <= spikeStop)
                        for (int i = 0; i < nodes; i++)
                        {
                            spikeMirror += s.mirrorReads()[i];
                            spikeReads += s.coordinated()[i];
                            spikePerNode[i] += s.coordinated()[i];
                        }
                double max = 0, mean = 0;
                for (double v : spikePerNode)
                {
                    max = Math.max(max, v);
                    mean += v / nodes;
                }
                System.out.println();
                step("Summary");
                System.out.printf(Locale.ROOT, "  zone READY %s%n", readyAt == null ? "never (see the plan: bin/nodetool-ext -p " + cluster.node(1).jmxPort() + " hotzone plan show)"
                                                                                  : lead >= 0 ? String.format(Locale.ROOT, "%.0f s before the campaign started", lead)
                                                                                            : String.format(Locale.ROOT, "%.0f s AFTER the campaign started (late)", -lead));
                System.out.printf(Locale.ROOT, "  during the campaign: %.0f %% of all reads answered from mirrors; per-node reads max/mean %.2f%n",
                                  spikeReads == 0 ? 0 : 100.0 * spikeMirror / spikeReads, mean == 0 ? 0 : max / mean);
                System.out.println("  A/B of hot-zone reads (driver policy):\n    " + ab.replace("\n", "\n    "));
                Path report = out.resolve("report.html");
                Files.writeString(report, HtmlReport.render(samples.stream().map(s -> new HtmlReport.Point(s.t(), s.opsPerSec(), s.p50(), s.p99(),
                                                                                                          s.coordinated(), s.mirrorReads(), s.forecastPeak(),
                                                                                                          s.campaignReads())).toList(),
                                                            spikeStart, spikeStop, readyAt == null ? -1 : Duration.between(t0, readyAt).toMillis() / 1000.0, ab));
                step("Report: %s", report);
            }
        }
        step("Cluster stopped.");
        return 0;
    }

    private static CqlSession policySession(LocalCluster cluster)
    {
        return cluster.session(LocalCluster.sessionConfig()
                                           .withClass(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, HotZoneLoadBalancingPolicy.class)
                                           .withDuration(HotZoneOption.PLAN_REFRESH_INTERVAL, Duration.ofSeconds(1))
                                           .withDuration(HotZoneOption.PLAN_REFRESH_MAX_INTERVAL, Duration.ofSeconds(1)) // a fixed rate: the measured runs are short
                                           .build());
    }

    /**
     * History from before the demo: 15 minutes (half the forecaster's window at the demo's 5 s steps) of the same Zipf
     * traffic, imported the way an operator imports a trace, so that the leader trains its model at the first cycle.
     * Written to the run folder too.
     */
    private static void importHistory(LocalCluster cluster, int keys, Path out) throws Exception
    {
        int steps = 180, top = Math.min(keys, 200);
        double perStep = 2500 * 5; // reads per 5 s step, about what the demo's live traffic does
        double[] p = new double[top];
        double norm = 0;
        for (int k = 0; k < keys; k++)
            norm += 1 / Math.pow(k + 1, 0.9);
        for (int k = 0; k < top; k++)
            p[k] = 1 / Math.pow(k + 1, 0.9) / norm;
        SplittableRandom random = new SplittableRandom(42);
        Instant end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        StringBuilder csv = new StringBuilder("key,t,count\n");
        for (int i = steps; i >= 1; i--)
        {
            Instant t = end.minusSeconds(5L * i);
            for (int k = 0; k < top; k++)
            {
                long n = Math.round(perStep * p[k] * (0.8 + 0.4 * random.nextDouble()));
                if (n > 0)
                    csv.append(Workload.key(k)).append(',').append(t).append(',').append(n).append('\n');
            }
        }
        Files.writeString(out.resolve("history.csv"), csv);
        step("Importing history: %s", PluginJmx.<String>call(cluster.node(1), hz -> hz.importHistory(TABLE, csv.toString())));
    }

    /** The leader's latest forecast peak per step for the campaign's first product (0 if not forecast). */
    private static double forecastPeak(LocalCluster cluster) throws Exception
    {
        for (String line : PluginJmx.call(cluster.node(1), hz -> hz.forecast(TABLE)))
        {
            String[] f = line.split("\t", -1);
            if (f[2].equals("'k" + CAMPAIGN_FIRST + "'"))
                return Double.parseDouble(f[6]);
        }
        return 0;
    }

    /** Reads of the campaign's first product per history step, recently, from every node's merged history. */
    private static long campaignReads(LocalCluster cluster) throws Exception
    {
        // The newest history step may still be open on some node: a 10 s window, halved, is two complete 5 s steps' mean.
        for (String line : PluginJmx.call(cluster.node(1), hz -> hz.topPartitions(TABLE, 10, 200)))
        {
            String[] f = line.split("\t", -1);
            if (f[1].equals("'k" + CAMPAIGN_FIRST + "'"))
                return Long.parseLong(f[3]) / 2;
        }
        return 0;
    }

    private static String join(long[] values)
    {
        StringBuilder s = new StringBuilder();
        for (long v : values)
            s.append(s.length() == 0 ? "" : "/").append(v);
        return s.toString();
    }

    private static void step(String format, Object... args)
    {
        System.out.printf("[demo] " + format + "%n", args);
    }
}
