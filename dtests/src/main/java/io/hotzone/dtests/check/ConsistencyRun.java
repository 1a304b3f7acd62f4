package io.hotzone.dtests.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.hotzone.driver.HotZoneLoadBalancingPolicy;
import io.hotzone.driver.HotZoneOption;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

/**
 * A Jepsen-style check of the mirror-read contract on a running cluster: writers and ONE readers on boosted keys
 * while the {@link Nemesis} breaks things, then every read checked against the acknowledged history
 * ({@link HistoryChecker}), then, once quiet, every mirror compared with an ALL read ({@code converged}).
 */
public final class ConsistencyRun
{
    /** Every kind of event the nemesis knows. */
    public static final List<String> EVENT_KINDS = Nemesis.EVENTS;

    /** What to run: how long the clients run, how often the nemesis strikes, how many boosted partitions, which events. */
    public static final class Settings
    {
        final Duration duration;
        final Duration every;
        final int keys;
        final long seed;
        final List<String> events;

        public Settings(Duration duration, Duration every, int keys, long seed)
        {
            this(duration, every, keys, seed, Nemesis.EVENTS);
        }

        /** @param events the nemesis's kinds of events (see {@link #EVENT_KINDS}); the bootstrap of a spare node comes first whatever they are */
        public Settings(Duration duration, Duration every, int keys, long seed, List<String> events)
        {
            for (String e : events)
                if (!Nemesis.EVENTS.contains(e))
                    throw new IllegalArgumentException("unknown nemesis event '" + e + "' (" + String.join(", ", Nemesis.EVENTS) + ")");
            if (events.isEmpty())
                throw new IllegalArgumentException("at least one nemesis event (" + String.join(", ", Nemesis.EVENTS) + ")");
            this.duration = duration;
            this.every = every;
            this.keys = keys;
            this.seed = seed;
            this.events = List.copyOf(events);
        }
    }

    /** The outcome; {@link #json()} is the last line the command prints. */
    public static final class Report
    {
        public long writes, reads, mirrorReads, mirrorReadsCounted, unknownWrites, failedWrites;
        public int nemesisEvents;
        public Map<String, Integer> eventsByKind;
        /** Per event kind, the mean seconds without mirror reads until the next event ({@link #secondsWithoutMirrors}). */
        public Map<String, Double> secondsWithoutMirrorsByKind = Map.of();
        /** Anomalies of reads mirrors answered (HotZone's); those of normal-path reads are {@link #stockAnomalies}. */
        public int anomalies;
        public int stockAnomalies;
        public Map<String, Integer> anomaliesByKind;
        public List<String> examples;
        public boolean converged;
        public String convergence;
        /** When the mirrors did not converge: the differing keys' write histories, the events and the plan (diagnosis). */
        public List<String> divergence = List.of();
        final java.util.Set<String> differingKeys = new java.util.LinkedHashSet<>();
        public double seconds;

        public double mirrorReadShare()
        {
            return reads == 0 ? 0 : mirrorReads / (double) reads;
        }

        public String table()
        {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%-22s %12s%n", "Measure", "Value"));
            out.append(String.format(Locale.ROOT, "%-22s %12d%n", "writes", writes));
            out.append(String.format(Locale.ROOT, "%-22s %12d%n", "  unknown outcome", unknownWrites));
            out.append(String.format(Locale.ROOT, "%-22s %12d%n", "  not applied", failedWrites));
            out.append(String.format(Locale.ROOT, "%-22s %12d%n", "reads (ONE)", reads));
            out.append(String.format(Locale.ROOT, "%-22s %12d  (MirrorReads metrics, all clients: %d)%n", "  from mirrors", mirrorReads, mirrorReadsCounted));
            out.append(String.format(Locale.ROOT, "%-22s %12.3f%n", "mirror read share", mirrorReadShare()));
            out.append(String.format(Locale.ROOT, "%-22s %12d  %s%n", "nemesis events", nemesisEvents, eventsByKind));
            secondsWithoutMirrorsByKind.forEach((kind, s) -> out.append(String.format(Locale.ROOT, "  %-20s %12.1f  s without mirror reads after it (mean)%n", kind, s)));
            out.append(String.format(Locale.ROOT, "%-22s %12d  %s%n", "anomalies (mirrors)", anomalies, anomaliesByKind));
            out.append(String.format(Locale.ROOT, "%-22s %12d%n", "  of normal-path reads", stockAnomalies));
            out.append(String.format(Locale.ROOT, "%-22s %12s  %s%n", "converged", converged, convergence));
            examples.forEach(e -> out.append("  ").append(e).append('\n'));
            divergence.forEach(e -> out.append("  ").append(e).append('\n'));
            return out.toString();
        }

        public String json()
        {
            return String.format(Locale.ROOT, "{\"check\": \"consistency\", \"seconds\": %.0f, \"ops\": %d, \"writes\": %d, \"reads\": %d, "
                                              + "\"mirror_reads\": %d, \"mirror_read_share\": %.3f, \"nemesis_events\": %d, \"nemesis\": %s, "
                                              + "\"anomalies\": %d, \"stock_anomalies\": %d, \"anomalies_by_kind\": %s, \"converged\": %s}",
                                 seconds, writes + reads, writes, reads, mirrorReads, mirrorReadShare(), nemesisEvents, json(eventsByKind),
                                 anomalies, stockAnomalies, json(anomaliesByKind), converged);
        }

        private static String json(Map<String, Integer> map)
        {
            return map.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /**
     * How long after its acknowledgement a weak write must show: mirror_ack_timeout + route_lease + a fence write
     * (docs/mirror-consistency.md, contract 2), with room for a loaded 2-core machine.
     */
    static final Duration WEAK_BOUND = Duration.ofSeconds(3);
    /** How long a divergence found once quiet may take to be copied away before it counts (see {@code converge}). */
    static final Duration CONVERGE_WITHIN = Duration.ofSeconds(60);
    /** Cassandra counts TTLs in whole seconds of the coordinator's clock. */
    static final Duration TTL_SLACK = Duration.ofMillis(1500);

    private ConsistencyRun()
    {
    }

    /** Runs the check on the cluster's keyspace {@code consistency_check} (created, RF 2) and leaves no zone behind. */
    public static Report run(LocalCluster cluster, Settings settings, Consumer<String> log) throws Exception
    {
        long started = System.nanoTime();
        String table = "consistency_check.reg";
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < settings.keys; i++)
            keys.add("r" + i);
        try (CqlSession session = cluster.session();
             CqlSession reader = cluster.session(LocalCluster.sessionConfig()
                                                             .withClass(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, HotZoneLoadBalancingPolicy.class)
                                                             .withDuration(HotZoneOption.PLAN_REFRESH_INTERVAL, Duration.ofSeconds(1))
                                                             .withDuration(HotZoneOption.PLAN_REFRESH_MAX_INTERVAL, Duration.ofSeconds(1)) // a fixed rate: the measured runs are short
                                                             .withDouble(HotZoneOption.STOCK_SHARE, 0.0)
                                                             .build()))
        {
            ddl(session, "CREATE KEYSPACE IF NOT EXISTS consistency_check WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            ddl(session, "DROP TABLE IF EXISTS " + table);
            ddl(session, "CREATE TABLE " + table + " (k text, c int, v int, PRIMARY KEY (k, c))");
            Report report = new Report();
            Nemesis nemesis = new Nemesis(cluster, session, table, keys, settings.seed, settings.events, log);
            awaitReady(nemesis, log);
            long base = nemesis.sampleMirrorReads();
            List<Op> writes, reads;
            try (Workers workers = new Workers(session, reader, table, keys, 2, 2, settings.seed))
            {
                nemesis.attach(workers);
                log.accept("clients and nemesis running for " + settings.duration.toSeconds() + " s");
                nemesis.run(Instant.now().plus(settings.duration), settings.every);
                workers.close();
                writes = new ArrayList<>(workers.writes);
                reads = new ArrayList<>(workers.reads);
            }
            long counted = nemesis.sampleMirrorReads() - base;
            report.reads = reads.size();
            report.writes = writes.size();
            report.unknownWrites = writes.stream().filter(o -> o.outcome == Op.Outcome.UNKNOWN).count();
            report.failedWrites = writes.stream().filter(o -> o.outcome == Op.Outcome.FAIL).count();
            HistoryChecker.Result result = new HistoryChecker(WEAK_BOUND.toNanos(), TTL_SLACK.toNanos(), Workers.CELLS)
                                               .check(HistoryChecker.byPartition(writes), reads);
            report.anomalies = result.anomalies();
            report.stockAnomalies = result.stockAnomalies();
            report.anomaliesByKind = result.anomaliesByKind;
            report.examples = result.examples;
            report.mirrorReads = result.mirrorReads;
            report.mirrorReadsCounted = counted;
            report.nemesisEvents = nemesis.eventCount();
            report.eventsByKind = nemesis.events;
            report.secondsWithoutMirrorsByKind = secondsWithoutMirrors(nemesis.struck, reads);
            converge(cluster, session, nemesis, table, keys, report, log);
            if (!report.converged)
                report.divergence = divergence(session, nemesis, table, report.differingKeys, writes, started);
            nemesis.unboostIfActive();
            report.seconds = (System.nanoTime() - started) / 1e9;
            return report;
        }
    }

    /**
     * Per event kind, the mean seconds without mirror reads from an event's start to the next event's (gaps of over a
     * second between reads mirrors answered): how long each kind of fault keeps the keys off their mirrors.
     */
    static Map<String, Double> secondsWithoutMirrors(List<Nemesis.Struck> struck, List<Op> reads)
    {
        long[] mirrored = reads.stream().filter(r -> r.fromMirror).mapToLong(r -> r.invoked).sorted().toArray();
        long end = reads.stream().mapToLong(r -> r.invoked).max().orElse(0);
        Map<String, List<Double>> dark = new TreeMap<>();
        for (int e = 0; e < struck.size(); e++)
        {
            long from = struck.get(e).started(), to = e + 1 < struck.size() ? struck.get(e + 1).started() : end;
            int i = Arrays.binarySearch(mirrored, from);
            long last = from, nanos = 0;
            for (int at = i >= 0 ? i : -i - 1; at < mirrored.length && mirrored[at] <= to; at++)
            {
                nanos += gap(last, mirrored[at]);
                last = mirrored[at];
            }
            nanos += gap(last, to);
            dark.computeIfAbsent(struck.get(e).kind(), k -> new ArrayList<>()).add(nanos / 1e9);
        }
        Map<String, Double> out = new TreeMap<>();
        dark.forEach((kind, g) -> out.put(kind, g.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        return out;
    }

    private static long gap(long from, long to)
    {
        return to - from > 1_000_000_000L ? to - from : 0;
    }

    /**
     * Once quiet, with every node up: each ONE read through each node equals the ALL read. A refresh round asked for by
     * a hint replayed at the last moment may still be copying: a divergence is compared again, every 5 s, for up to
     * {@link #CONVERGE_WITHIN} (contract 4: mirrors converge once writes stop); what remains then is reported.
     */
    private static void converge(LocalCluster cluster, CqlSession session, Nemesis nemesis, String table, List<String> keys, Report report,
                                 Consumer<String> log) throws Exception
    {
        for (Node n : cluster.members())
            if (n.isPaused())
                n.resume();
        awaitHintsDelivered(cluster, log);
        awaitReady(nemesis, log);
        awaitSettled(nemesis, log);
        long started = System.nanoTime(), before = nemesis.sampleMirrorReads();
        for (int attempts = 1; ; attempts++)
        {
            report.differingKeys.clear();
            int differ = 0, reads = 0;
            String first = null;
            for (String k : keys)
            {
                String all = rows(session, table, k, DefaultConsistencyLevel.ALL, null);
                for (Node n : cluster.members())
                {
                    String one = rows(session, table, k, DefaultConsistencyLevel.ONE, n);
                    reads++;
                    if (!one.equals(all))
                    {
                        differ++;
                        report.differingKeys.add(k);
                        if (first == null)
                            first = k + " through " + n.address() + ": " + one + " vs ALL " + all;
                    }
                }
            }
            long mirrored = nemesis.sampleMirrorReads() - before;
            double waited = (System.nanoTime() - started) / 1e9;
            // Equal because the normal path answered (the zone ended meanwhile: an expiring one) proves nothing.
            report.converged = differ == 0 && mirrored * 2 >= reads;
            report.convergence = differ + " of " + reads + " ONE reads differ from ALL (" + mirrored + " from mirrors)" + (first == null ? "" : "; first: " + first)
                                 + (attempts > 1 ? String.format(Locale.ROOT, "; comparison %d, %.0f s after the first", attempts, waited) : "");
            if (report.converged || waited > CONVERGE_WITHIN.toSeconds())
                return;
            log.accept(report.convergence + "; comparing again in 5 s");
            Thread.sleep(5000);
            awaitReady(nemesis, log);
            awaitSettled(nemesis, log);
            before = nemesis.sampleMirrorReads();
        }
    }

    /**
     * What explains a divergence: per differing key (three at most), its last writes (kind, cells, outcome, times from
     * the start), each mirror table's rows with write times and TTLs; the nemesis's events; the plan's zones.
     */
    private static List<String> divergence(CqlSession session, Nemesis nemesis, String table, java.util.Collection<String> keys, List<Op> writes,
                                           long started)
    {
        List<String> out = new ArrayList<>();
        java.util.function.LongFunction<String> at = t -> String.format(Locale.ROOT, "%.2f", (t - started) / 1e9);
        nemesis.struck.forEach(e -> out.add("event " + e.kind() + " " + at.apply(e.started()) + ".." + at.apply(e.ended()) + " s"));
        List<String> zones = new ArrayList<>();
        try
        {
            for (String line : nemesis.planLines())
            {
                out.add("plan: " + line.replace('\t', ' '));
                zones.add(line.split("\t", -1)[0]);
            }
        }
        catch (Exception e)
        {
            out.add("plan not readable: " + e);
        }
        for (String k : keys.stream().limit(3).toList())
        {
            List<Op> history = writes.stream().filter(w -> w.key.equals(k)).toList();
            history.subList(Math.max(0, history.size() - 12), history.size())
                   .forEach(w -> out.add(k + " write " + w.kind + " " + w.cells + (w.ttlSeconds > 0 ? " ttl " + w.ttlSeconds : "") + " " + w.outcome
                                         + " " + at.apply(w.invoked) + ".." + at.apply(w.completed) + " s @" + w.timestamp + " via " + w.coordinator));
            for (String zone : zones)
                out.add(k + " mirror " + zone + ": " + cells(session, "hotzone_mirror." + zone, k));
            out.add(k + " source (ALL): " + cells(session, table, k));
        }
        return out;
    }

    /** A partition's rows with each value's write time and TTL (read at ALL), or why it could not be read. */
    private static String cells(CqlSession session, String table, String k)
    {
        try
        {
            StringBuilder out = new StringBuilder();
            SimpleStatement s = SimpleStatement.newInstance("SELECT c, v, writetime(v) AS w, ttl(v) AS t FROM " + table + " WHERE k = ?", k)
                                               .setConsistencyLevel(DefaultConsistencyLevel.ALL).setTimeout(Duration.ofSeconds(20));
            for (Row r : session.execute(s))
                out.append(r.getInt("c")).append('=').append(r.isNull("v") ? "null" : String.valueOf(r.getInt("v")))
                   .append("@").append(r.isNull("w") ? "-" : String.valueOf(r.getLong("w")))
                   .append(r.isNull("t") ? "" : " ttl " + r.getInt("t")).append("; ");
            return out.toString();
        }
        catch (RuntimeException e)
        {
            return "not readable: " + e.getMessage();
        }
    }

    private static String rows(CqlSession session, String table, String k, DefaultConsistencyLevel cl, Node node)
    {
        SimpleStatement s = SimpleStatement.newInstance("SELECT c, v FROM " + table + " WHERE k = ?", k).setConsistencyLevel(cl).setTimeout(Duration.ofSeconds(20));
        if (node != null)
            s = s.setNode(session.getMetadata().getNodes().values().stream()
                                 .filter(d -> d.getEndPoint().resolve().toString().contains("/" + node.address() + ":"))
                                 .findFirst().orElseThrow());
        StringBuilder out = new StringBuilder();
        for (Row r : session.execute(s))
            out.append(r.getInt("c")).append('=').append(r.getInt("v")).append(' ');
        return out.toString();
    }

    private static void awaitReady(Nemesis nemesis, Consumer<String> log) throws Exception
    {
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline))
        {
            nemesis.ensureZone(Duration.ofHours(1));
            if (nemesis.isReady())
            {
                log.accept("zone " + nemesis.zone() + " READY");
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("zone " + nemesis.zone() + " not READY within 180 s");
    }

    /**
     * Quiet means no hint left to replay either: a replayed hint is a write the mirrors learn of only by the refresh
     * round its arrival asks for.
     */
    private static void awaitHintsDelivered(LocalCluster cluster, Consumer<String> log) throws InterruptedException
    {
        Instant deadline = Instant.now().plusSeconds(120);
        int quiet = 0;
        while (true)
        {
            int pending = 0;
            for (Node n : cluster.members())
                pending += PluginJmx.pendingHintTargets(n);
            if (pending == 0 && ++quiet >= 2)
                return; // twice in a row, a second apart: a file being sent is off the queue meanwhile
            if (pending > 0)
                quiet = 0;
            if (Instant.now().isAfter(deadline))
                throw new IllegalStateException("hints still pending after 120 s: " + pending + " (node, target) pairs");
            Thread.sleep(1000);
        }
    }

    /** The zone READY and serving its newest round (a refresh asked for by a replayed hint copied). */
    private static void awaitSettled(Nemesis nemesis, Consumer<String> log) throws Exception
    {
        Instant deadline = Instant.now().plusSeconds(120);
        while (!nemesis.isSettled())
        {
            if (Instant.now().isAfter(deadline))
                throw new IllegalStateException("zone " + nemesis.zone() + " still copying after 120 s");
            Thread.sleep(500);
        }
        log.accept("zone " + nemesis.zone() + " serves its newest round");
    }

    private static void ddl(CqlSession session, String cql)
    {
        session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(60)));
    }
}
