package io.hotzone.dtests.cli;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hotzone.dtests.bench.BaselineLoader;
import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;
import io.hotzone.dtests.cluster.PluginJmx;
import io.hotzone.surfaces.HotZoneMXBean;
import io.hotzone.tools.HotZoneTool;

/**
 * {@code bin/hotzone bench import [--quick]}: one CSV of orders (a few customers with far more rows than the rest),
 * loaded three times into fresh tables of one cluster: by the driver-documentation baseline (async INSERTs, 256 in
 * flight), by {@code import load} without a profile, and by {@code import load --profile} (its hot partitions boosted
 * before the load). Per arm: rows/s and MB/s end to end, client and node CPU seconds, each node's share of the
 * table's local writes, seconds until the hot set is READY after the load ends (the arms without a profile boost it
 * then), and whether the table equals the file (every row compared). A table, then one JSON line.
 */
final class BenchImportCommand
{
    private static final String HEADER = "customer,order_id,product,region,qty,amount,at,note";
    private int nodes = 3, rows = 400_000, hotCustomers = 5;

    int run(List<String> options) throws Exception
    {
        Options o = Options.parse(options, Set.of("--nodes", "--rows"), Set.of("--quick"));
        rows = o.integer("--rows", o.flag("--quick") ? 100_000 : rows);
        nodes = o.integer("--nodes", nodes);
        if (rows < 10_000)
            throw new HotZoneCli.UsageException("--rows must be at least 10000, got " + rows);
        Path work = Path.of(System.getProperty("hotzone.work.dir", "work")).toAbsolutePath();
        Files.createDirectories(work);
        Path csv = work.resolve("bench-import.csv");
        Map<String, String> expected = generate(csv);
        System.out.printf("Generated %s: %d rows, %.1f MB%n", csv, rows, Files.size(csv) / 1e6);
        ClusterSpec spec = ClusterSpec.of("hotzone-bench-import", nodes).withFirstAddress(11).withFullJit();
        spec = spec.withHotzoneYamlOnAll("cycle: 2s\nbucket: 1s\nforecast:\n  enabled: false\n  lease_ttl: 6s\nboost:\n  plan_poll: 500ms\n");
        try (LocalCluster cluster = LocalCluster.create(spec, work, Artifacts.fromSystemProperties()))
        {
            System.out.printf("Starting %d nodes (%s) ...%n", nodes, spec.address(1) + ".." + spec.address(nodes));
            cluster.startWithPluginActive();
            Node first = cluster.node(1);
            try (CqlSession session = cluster.session())
            {
                session.execute("CREATE KEYSPACE IF NOT EXISTS bench WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
                for (String t : List.of("warmup_baseline", "warmup_load", "baseline", "load", "profiled", "via_sstables"))
                {
                    session.execute("DROP TABLE IF EXISTS bench." + t);
                    session.execute("CREATE TABLE bench." + t + " (customer text, order_id bigint, product text, region text, qty int, amount double, "
                                    + "at timestamp, note text, PRIMARY KEY (customer, order_id))");
                }
            }
            String[] cluster1 = { "--host", first.address(), "--dc", "dc1" };
            Path profile = work.resolve("bench.profiled.profile.json");
            long profileStart = System.nanoTime();
            tool(args(List.of("import", "profile", "--table", "bench.profiled", "--out", profile.toString()), cluster1, csv));
            double profileSeconds = (System.nanoTime() - profileStart) / 1e9;
            List<String> hotKeys = new ArrayList<>();
            new ObjectMapper().readTree(profile.toFile()).at("/recommendations/zones/0/keys").forEach(k -> hotKeys.add(k.asText()));
            System.out.printf("Profiled in %.1f s: %d predicted hot partitions %s%n", profileSeconds, hotKeys.size(), hotKeys);

            // both loaders once on a slice of the file first, so that no arm pays the JIT warm-up of the client or the nodes
            Path slice = work.resolve("bench-import-warmup.csv");
            try (java.util.stream.Stream<String> lines = Files.lines(csv))
            {
                Files.write(slice, (Iterable<String>) lines.limit(Math.min(30_001, rows / 3))::iterator);
            }
            System.out.println("Warming up both loaders on " + slice + " ...");
            try (CqlSession s = cluster.session())
            {
                BaselineLoader.load(s, "bench.warmup_baseline", slice, 256, DefaultConsistencyLevel.LOCAL_QUORUM);
            }
            tool(args(List.of("import", "load", "--table", "bench.warmup_load", "--work-dir", work.toString(), "--id", runId("warmup"),
                              "--progress-seconds", "60"), cluster1, slice));

            Map<String, Map<String, Object>> arms = new LinkedHashMap<>();
            arms.put("baseline", arm(cluster, "baseline", hotKeys, expected, () -> {
                try (CqlSession s = cluster.session())
                {
                    long[] r = BaselineLoader.load(s, "bench.baseline", csv, 256, DefaultConsistencyLevel.LOCAL_QUORUM);
                    return new long[] { r[0], r[1], -1, -1 };
                }
            }));
            arms.put("load", arm(cluster, "load", hotKeys, expected, () -> loaded(tool(args(List.of("import", "load", "--table", "bench.load", "--work-dir",
                                                                                                      work.toString(), "--id", runId("load")), cluster1, csv)))));
            arms.put("load_profiled", arm(cluster, "profiled", hotKeys, expected, () -> loaded(tool(args(List.of("import", "load", "--profile", profile.toString(),
                                                                                                                 "--work-dir", work.toString(), "--jmx-host",
                                                                                                                 "127.0.0.1", "--jmx-port",
                                                                                                                 Integer.toString(first.jmxPort()), "--id",
                                                                                                                 runId("profiled")),
                                                                                                         cluster1, csv)))));
            arms.put("sstables", arm(cluster, "via_sstables", hotKeys, expected, () -> viaSSTables(cluster, work, csv)));
            print(arms, profileSeconds);
        }
        return 0;
    }

    private interface Load
    {
        /**
         * @return rows written, rejects, load milliseconds as the tool measured them, and milliseconds from the load's end
         *         until its pre-warmed zones were READY as the tool saw them (-1: not reported)
         */
        long[] run() throws Exception;
    }

    private Map<String, Object> arm(LocalCluster cluster, String table, List<String> hotKeys, Map<String, String> expected, Load load) throws Exception
    {
        System.out.printf("%n== %s ==%n", table);
        long[] writesBefore = localWrites(cluster, table);
        long[] cpuBefore = cluster.cpuTicks();
        long clientBefore = clientCpuNanos();
        long start = System.nanoTime();
        long[] result = load.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double clientCpu = (clientCpuNanos() - clientBefore) / 1e9;
        long[] cpuAfter = cluster.cpuTicks();
        double nodeCpu = 0;
        for (int i = 0; i < cpuAfter.length; i++)
            nodeCpu += (cpuAfter[i] - cpuBefore[i]) / 100.0;
        long[] writes = localWrites(cluster, table);
        long total = 0;
        for (int i = 0; i < writes.length; i++)
            total += writes[i] -= writesBefore[i];
        List<Double> share = new ArrayList<>();
        for (long w : writes)
            share.add(total == 0 ? 0 : Math.round(w * 1000.0 / total) / 1000.0);
        // the tool waits for its pre-warmed zones and says when they were READY; without them, boost now and measure
        double hotReady = result[3] >= 0 ? result[3] / 1000.0 : hotReadyAfterLoad(cluster, table, hotKeys);
        boolean equal = equalsFile(cluster, table, expected);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", result[0]);
        m.put("seconds", round(seconds));
        m.put("rows_per_s", round(result[0] / seconds));
        m.put("mb_per_s", round(bytes / 1e6 / seconds));
        if (result[2] >= 0)
            m.put("load_only_rows_per_s", round(result[0] / (result[2] / 1000.0)));
        m.put("client_cpu_s", round(table.equals("via_sstables") ? clientCpu + Math.max(0, sstableWriterCpuSeconds) : clientCpu));
        m.put("node_cpu_s", round(nodeCpu));
        m.put("write_share", share);
        m.put("hot_ready_after_load_s", round(hotReady));
        m.put("rows_equal", equal);
        m.put("rejects", result[1]);
        System.out.println(m);
        return m;
    }

    private long bytes;

    /** Writes the CSV; returns each row's expected text by key. */
    private Map<String, String> generate(Path csv) throws Exception
    {
        Random random = new Random(42);
        int customers = rows / 20;
        Map<String, String> expected = new LinkedHashMap<>();
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8))
        {
            w.write(HEADER);
            w.write('\n');
            for (int i = 0; i < rows; i++)
            {
                // hotCustomers customers take 1 % of the rows each: 50x the mean partition
                String customer = random.nextInt(100) < hotCustomers ? "hot" + random.nextInt(hotCustomers) : "c" + random.nextInt(customers);
                int product = random.nextInt(500);
                int qty = 1 + random.nextInt(9);
                double amount = qty * (5 + product % 50);
                Instant at = t0.plusSeconds(random.nextInt(30 * 86_400));
                String note = random.nextInt(50) == 0 ? "gift, wrapped" : "";
                String line = String.join(",", customer, Integer.toString(i), "p" + product, "r" + product % 7, Integer.toString(qty),
                                          Double.toString(amount), at.toString(), note.isEmpty() ? "" : "\"" + note + "\"");
                w.write(line);
                w.write('\n');
                bytes += line.length() + 1;
                expected.put(customer + "/" + i, text("p" + product, "r" + product % 7, qty, amount, at.toEpochMilli(), note.isEmpty() ? null : note));
            }
        }
        return expected;
    }

    private static String text(String product, String region, int qty, double amount, long at, String note)
    {
        return product + "|" + region + "|" + qty + "|" + amount + "|" + at + "|" + note;
    }

    private static boolean equalsFile(LocalCluster cluster, String table, Map<String, String> expected)
    {
        int seen = 0, differ = 0;
        try (CqlSession session = cluster.session())
        {
            for (Row r : session.execute(SimpleStatement.newInstance("SELECT customer, order_id, product, region, qty, amount, at, note FROM bench." + table)
                                                        .setConsistencyLevel(DefaultConsistencyLevel.ALL).setPageSize(5000)))
            {
                seen++;
                String want = expected.get(r.getString(0) + "/" + r.getLong(1));
                if (!text(r.getString(2), r.getString(3), r.getInt(4), r.getDouble(5), r.getInstant(6).toEpochMilli(), r.getString(7)).equals(want))
                    differ++;
            }
        }
        if (seen != expected.size() || differ > 0)
            System.out.printf("bench.%s differs from the file: %d rows (want %d), %d differ%n", table, seen, expected.size(), differ);
        return seen == expected.size() && differ == 0;
    }

    /** Boosts the hot set (or finds its zone) and measures the seconds until it is READY. */
    private static double hotReadyAfterLoad(LocalCluster cluster, String table, List<String> hotKeys) throws Exception
    {
        long start = System.nanoTime();
        String zone = null;
        for (String line : PluginJmx.call(cluster.node(1), HotZoneMXBean::plan))
        {
            String[] f = line.split("\t", -1);
            if (f.length > 3 && f[1].equals("bench." + table) && !f[3].startsWith("GONE") && !f[3].startsWith("DRAINING"))
            {
                zone = f[0];
            }
        }
        if (zone == null)
            zone = PluginJmx.call(cluster.node(1), hz -> hz.boost("bench." + table, hotKeys, null, System.currentTimeMillis() + 3_600_000L));
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline)
        {
            for (String line : PluginJmx.call(cluster.node(1), HotZoneMXBean::plan))
                if (line.startsWith(zone + "\t") && line.split("\t", -1)[3].startsWith("READY"))
                    return (System.nanoTime() - start) / 1e9;
            Thread.sleep(100);
        }
        throw new IllegalStateException("zone " + zone + " of bench." + table + " not READY within 5 minutes");
    }

    private static long[] localWrites(LocalCluster cluster, String table)
    {
        return PluginJmx.perNode(cluster, "org.apache.cassandra.metrics:type=Table,keyspace=bench,scope=" + table + ",name=WriteLatency", "Count");
    }

    private static long clientCpuNanos()
    {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static List<String> args(List<String> command, String[] cluster, Path csv)
    {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(cluster));
        all.add(csv.toString());
        return all;
    }

    private static final Pattern PREWARMED = Pattern.compile("Pre-warmed: zone \\S+ READY ([0-9.]+) s after the load ended");
    private static final Pattern SUMMARY = Pattern.compile("Import (\\S+) DONE: \\d+ records read, (\\d+) rows written, (\\d+) rejected.*?, ([0-9.]+) s,");

    private static final Pattern WRITER_CPU = Pattern.compile("cpu_ns=(\\d+)");

    /**
     * The SSTable path: the CSV written as sstables by Cassandra's CQLSSTableWriter (a JVM on Cassandra's classpath),
     * then streamed by sstableloader. Its client CPU is the writer's (sstableloader's own JVM is not counted).
     */
    private long[] viaSSTables(LocalCluster cluster, Path work, Path csv) throws Exception
    {
        Path source = work.resolve("WriteSSTables.java");
        try (java.io.InputStream in = BenchImportCommand.class.getResourceAsStream("/bench/WriteSSTables.java"))
        {
            Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path out = work.resolve("sstables-" + System.currentTimeMillis()).resolve("bench").resolve("via_sstables");
        Path toolsJar = Path.of(io.hotzone.tools.profile.CsvRecords.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        NodeToolRunner runner = new NodeToolRunner(Artifacts.fromSystemProperties(), work);
        long start = System.nanoTime();
        NodeToolRunner.Result written = runner.java(List.of("-Xmx1g", "-XX:TieredStopAtLevel=4", "-Dcassandra.storagedir=" + out.getParent().getParent()),
                                                    List.of(source.toString(), csv.toString(), out.toString(), "bench", "via_sstables"),
                                                    "CQLSSTableWriter", 900, toolsJar);
        System.out.print(written.output());
        if (written.exitCode() != 0)
            throw new IllegalStateException("writing sstables failed: " + written.output());
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        NodeToolRunner.Result loaded = runner.sstableloader(cluster.node(1), out, 900);
        System.out.print(loaded.output());
        if (loaded.exitCode() != 0)
            throw new IllegalStateException("sstableloader failed: " + loaded.output());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "SSTables written in %.1f s, streamed by sstableloader in %.1f s%n", writeSeconds, seconds - writeSeconds);
        Matcher cpu = WRITER_CPU.matcher(written.output());
        sstableWriterCpuSeconds = cpu.find() ? Long.parseLong(cpu.group(1)) / 1e9 : -1;
        return new long[] { rows, 0, Math.round(seconds * 1000), -1 };
    }

    private double sstableWriterCpuSeconds = -1;

    /** A new import id per run: the work directory keeps the checkpoints of earlier runs. */
    private static String runId(String arm)
    {
        return "bench-" + arm + "-" + System.currentTimeMillis();
    }

    /** Runs the client tool, echoing what it prints; returns that text. */
    private static String tool(List<String> args)
    {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new java.io.OutputStream()
        {
            @Override
            public void write(int b)
            {
                buffer.write(b);
                System.out.write(b);
            }
        }, true, StandardCharsets.UTF_8);
        int status = HotZoneTool.run(args, both, both);
        both.flush();
        String text = buffer.toString(StandardCharsets.UTF_8);
        if (status != 0)
            throw new IllegalStateException("hotzone " + String.join(" ", args) + " failed with status " + status);
        return text;
    }

    private static long[] loaded(String printed)
    {
        Matcher m = SUMMARY.matcher(printed);
        if (!m.find())
            throw new IllegalStateException("no summary line in the load's output");
        Matcher ready = PREWARMED.matcher(printed);
        long readyMillis = ready.find() ? Math.round(Double.parseDouble(ready.group(1)) * 1000) : -1;
        return new long[] { Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Math.round(Double.parseDouble(m.group(4)) * 1000), readyMillis };
    }

    private static double round(double v)
    {
        return Math.round(v * 100) / 100.0;
    }

    private void print(Map<String, Map<String, Object>> arms, double profileSeconds) throws Exception
    {
        System.out.printf("%n%-14s %10s %10s %8s %14s %12s %12s %10s %22s %10s%n", "Arm", "Rows/s", "MB/s", "Seconds", "Load-only r/s", "Client CPU s",
                          "Node CPU s", "Hot READY", "Write share per node", "Equal");
        arms.forEach((name, m) -> System.out.printf(Locale.ROOT, "%-14s %10.0f %10.2f %8.1f %14s %12.1f %12.1f %9.1fs %22s %10s%n", name, m.get("rows_per_s"),
                                                    m.get("mb_per_s"), m.get("seconds"), m.getOrDefault("load_only_rows_per_s", "-"), m.get("client_cpu_s"),
                                                    m.get("node_cpu_s"), m.get("hot_ready_after_load_s"), m.get("write_share"), m.get("rows_equal")));
        Map<String, Object> profiled = arms.get("load_profiled");
        double base = (Double) arms.get("baseline").get("rows_per_s");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bench", "import");
        json.put("nodes", nodes);
        json.put("rf", 2);
        json.put("rows", rows);
        json.put("profile_s", round(profileSeconds));
        json.put("rows_per_s", profiled.get("rows_per_s"));
        json.put("ratio_vs_baseline", round((Double) profiled.get("rows_per_s") / base));
        json.put("ratio_vs_baseline_without_profile", round((Double) arms.get("load").get("rows_per_s") / base));
        json.put("hot_ready_after_load_s", profiled.get("hot_ready_after_load_s"));
        json.put("rows_equal", arms.values().stream().allMatch(m -> Boolean.TRUE.equals(m.get("rows_equal"))));
        json.put("rejects", profiled.get("rejects"));
        json.put("ratio_sstables_vs_baseline", round((Double) arms.get("sstables").get("rows_per_s") / base));
        json.put("arms", arms);
        System.out.println(new ObjectMapper().writeValueAsString(json));
    }
}
