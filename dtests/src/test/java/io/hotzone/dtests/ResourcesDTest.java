package io.hotzone.dtests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;
import io.hotzone.dtests.cluster.PluginJmx;
import io.hotzone.surfaces.HotZoneMXBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Resource allocation on the shared 3-node cluster (dtest-hotzone.yaml: samples every 2 s, reservations polled every
 * 1 s, stale after 4 s, the leader's reservations live 6 s; hot values compaction_throughput 5, read_concurrency 40).
 * Every knob is read back through Cassandra's own MBeans, never through the plugin.
 */
@ExtendWith(SharedCluster.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ResourcesDTest
{
    private static final String STORAGE_SERVICE = "org.apache.cassandra.db:type=StorageService";
    private static final String READ_STAGE_MAX = "org.apache.cassandra.metrics:type=ThreadPools,path=request,scope=ReadStage,name=MaxPoolSize";
    private static final String KEY_CACHE_CAPACITY = "org.apache.cassandra.metrics:type=Cache,scope=KeyCache,name=Capacity";
    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(15);

    private static LocalCluster cluster;

    @BeforeAll
    static void start(LocalCluster shared)
    {
        cluster = shared;
    }

    @AfterEach
    void releaseEverything() throws Exception
    {
        for (Node n : cluster.nodes())
            if (n.isRunning())
                PluginJmx.call(n, hz -> { hz.setAutoReserve(false); return null; });
        Node any = cluster.nodes().stream().filter(Node::isRunning).findFirst().orElseThrow();
        Instant deadline = Instant.now().plusSeconds(60); // a node restarted by a test may not see the others up yet
        for (String knob : List.of("compaction_throughput", "concurrent_compactors", "read_concurrency", "key_cache", "row_cache", "cpu_quota"))
        {
            while (true)
            {
                try
                {
                    PluginJmx.call(any, hz -> hz.release(List.of(), knob));
                    break;
                }
                catch (Exception e)
                {
                    if (Instant.now().isAfter(deadline))
                        throw e;
                    Thread.sleep(1000);
                }
            }
        }
    }

    private static long compactionThroughput(Node n)
    {
        return PluginJmx.attribute(n, STORAGE_SERVICE, "CompactionThroughputMbPerSec");
    }

    private static long readConcurrency(Node n)
    {
        return PluginJmx.attribute(n, READ_STAGE_MAX, "Value");
    }

    private static void await(String what, Duration within, java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean())
        {
            if (Instant.now().isAfter(deadline))
                throw new AssertionError(what + " not within " + within.toSeconds() + " s");
            Thread.sleep(200);
        }
    }

    private static void awaitValue(String what, Node n, java.util.function.ToLongFunction<Node> read, LongPredicate wanted, Duration within)
        throws InterruptedException
    {
        await(what + " on " + n.address() + " (now " + read.applyAsLong(n) + ")", within, () -> wanted.test(read.applyAsLong(n)));
    }

    @Test
    void everyNodeSamplesItsLoadAndCountsTheReadsItCoordinated() throws Exception
    {
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS res WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            session.execute("CREATE TABLE IF NOT EXISTS res.kv (k int PRIMARY KEY, v text)");
            for (int i = 0; i < 50; i++)
                session.execute("INSERT INTO res.kv (k, v) VALUES (?, ?)", i, "v" + i);
            Node coordinator = cluster.nodes().get(1);
            PreparedStatement select = session.prepare("SELECT v FROM res.kv WHERE k = ?");
            int reads = 600;
            Instant started = Instant.now();
            for (int i = 0; i < reads; i++)
                session.execute(select.bind(i % 50).setNode(Cql.driverNode(session, coordinator.address())));
            Thread.sleep(4_500); // two sample steps: the step holding the last read has ended

            // the coordinator's samples since the reads started count every one of them (step x rate)
            double counted = 0;
            for (Instant hour : List.of(started.truncatedTo(ChronoUnit.HOURS), Instant.now().truncatedTo(ChronoUnit.HOURS)).stream().distinct().toList())
                for (Row r : session.execute(SimpleStatement.newInstance("SELECT * FROM hotzone.node_metrics WHERE node = ? AND hour = ?", coordinator.address(), hour)
                                                            .setConsistencyLevel(DefaultConsistencyLevel.ONE)).all())
                    if (!r.getInstant("at").isBefore(started))
                        counted += r.getDouble("client_reads_per_s") * r.getDouble("step_seconds");
            assertThat(counted).as("client reads the coordinator's samples account for").isGreaterThanOrEqualTo(reads - 1.0);

            for (Node n : cluster.nodes())
            {
                List<Row> recent = Cql.onNode(session, n.address(), "SELECT * FROM hotzone_views.node_metrics");
                assertThat(recent).as("samples kept by " + n.address()).isNotEmpty();
                Row last = recent.get(0);
                assertThat(last.getString("node")).isEqualTo(n.address());
                assertThat(last.getDouble("heap_used")).isPositive().isLessThanOrEqualTo(last.getDouble("heap_max"));
                assertThat(last.getDouble("cpu_process")).isPositive().isLessThan(Runtime.getRuntime().availableProcessors() + 0.5);
                assertThat(last.getDouble("off_heap")).isPositive();
                assertThat(last.getDouble("gc_share")).isBetween(0.0, 1.0);
                assertThat(last.getDouble("net_out_bytes_per_s")).as("gossip alone sends bytes").isPositive();
                assertThat(last.getDouble("step_seconds")).isBetween(1.5, 4.0);
                // every window (6 s here) is predicted at its start and measured at its end
                await("load prediction windows measured on " + n.address(), Duration.ofSeconds(40), () -> Cql.onNode(session, n.address(),
                    "SELECT * FROM hotzone_views.load_predictions").stream().filter(r -> !r.isNull("measured_cpu") && !r.isNull("predicted_cpu")).count() >= 2);
                Row window = Cql.onNode(session, n.address(), "SELECT * FROM hotzone_views.load_predictions").stream()
                                .filter(r -> !r.isNull("cpu_error")).reduce((a, b) -> b).orElseThrow();
                assertThat(window.getDouble("measured_cpu")).isPositive();
                assertThat(window.getDouble("cpu_error")).isNotNegative();
                assertThat(window.getInstant("window_end")).isAfter(window.getInstant("window_start"));
                assertThat(session.execute(SimpleStatement.newInstance("SELECT count(*) FROM hotzone.node_metrics WHERE node = ? AND hour = ?", n.address(),
                                                                       Instant.now().truncatedTo(ChronoUnit.HOURS))).one().getLong(0))
                    .as("rows of " + n.address() + " in hotzone.node_metrics").isPositive();
            }
        }
    }

    @Test
    void aManualReservationAppliesOnItsNodeOnlyAndReleaseRestoresTheBaseline() throws Exception
    {
        Node target = cluster.nodes().get(1), other = cluster.nodes().get(2);
        long baseline = compactionThroughput(target), otherBaseline = compactionThroughput(other);
        long reserved = baseline + 7;
        List<String> written = PluginJmx.call(cluster.nodes().get(0), hz -> hz.reserve(List.of(target.address()), "compaction_throughput", reserved, 300, "test"));
        assertThat(written).hasSize(1);
        awaitValue("compaction throughput reserved", target, ResourcesDTest::compactionThroughput, v -> v == reserved, APPLIED_WITHIN);
        assertThat(compactionThroughput(other)).as("a node without a reservation").isEqualTo(otherBaseline);

        NodeToolRunner tool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
        await("the node reports what it applied", APPLIED_WITHIN, () -> {
            try
            {
                return PluginJmx.call(other, HotZoneMXBean::reservations).stream()
                                .anyMatch(l -> l.startsWith(target.address() + "\tcompaction_throughput\t" + reserved + "\t")
                                               && l.contains("\t" + reserved + "\t" + baseline + "\t"));
            }
            catch (Exception e)
            {
                throw new IllegalStateException(e);
            }
        });
        NodeToolRunner.Result shown = tool.run(other, "hotzone", "reservations");
        assertThat(shown.exitCode()).as(shown.output()).isZero();
        assertThat(shown.output()).contains("Node", "Baseline", target.address(), "compaction_throughput", "manual");
        NodeToolRunner.Result json = tool.run(other, "hotzone", "reservations", "-F", "json");
        assertThat(json.output()).contains("\"knob\" : \"compaction_throughput\"", "\"baseline\" : " + baseline);

        NodeToolRunner.Result released = tool.run(other, "hotzone", "release", "compaction_throughput", "--nodes", target.address());
        assertThat(released.output()).as(released.output()).contains("Released compaction_throughput on " + target.address());
        awaitValue("compaction throughput back to its baseline", target, ResourcesDTest::compactionThroughput, v -> v == baseline, APPLIED_WITHIN);
    }

    @Test
    void aReservationNobodyRenewsExpiresAndTheNodeReturnsToItsBaselineByItself() throws Exception
    {
        Node target = cluster.nodes().get(2);
        long baseline = readConcurrency(target);
        long reserved = baseline + 9;
        NodeToolRunner tool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
        NodeToolRunner.Result made = tool.run(cluster.nodes().get(0), "hotzone", "reserve", "read_concurrency", Long.toString(reserved), "--nodes",
                                              target.address(), "--ttl", "8s");
        assertThat(made.exitCode()).as(made.output()).isZero();
        awaitValue("read concurrency reserved", target, ResourcesDTest::readConcurrency, v -> v == reserved, Duration.ofSeconds(7));
        Instant applied = Instant.now();
        awaitValue("read concurrency back to its baseline after the TTL", target, ResourcesDTest::readConcurrency, v -> v == baseline, Duration.ofSeconds(15));
        assertThat(Duration.between(applied, Instant.now())).as("held until the TTL ran out").isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void badReservationsAreRefusedWithAClearErrorAndNothingIsWritten() throws Exception
    {
        Node node = cluster.nodes().get(0);
        String address = cluster.nodes().get(1).address();
        // make sure every node has reported its ceilings
        await("every node reports its knobs", APPLIED_WITHIN, () -> {
            try
            {
                return cluster.session().execute("SELECT count(*) FROM hotzone.reservation_state").one().getLong(0) >= 3L * 8;
            }
            catch (RuntimeException e)
            {
                return false;
            }
        });
        long processors = PluginJmx.attribute(node, "java.lang:type=OperatingSystem", "AvailableProcessors");
        assertRefused(() -> PluginJmx.call(node, hz -> hz.reserve(List.of(address), "compaction_throughput", -1, 60, "")),
                      "compaction_throughput must be at least 0 MiB/s, got -1");
        assertRefused(() -> PluginJmx.call(node, hz -> hz.reserve(List.of(), "concurrent_compactors", processors + 1, 60, "")),
                      "concurrent_compactors must be at most " + processors + " threads on this node, got " + (processors + 1));
        assertRefused(() -> PluginJmx.call(node, hz -> hz.reserve(List.of(address), "disk_quota", 5, 60, "")), "unknown knob 'disk_quota'; known: compaction_throughput");
        assertRefused(() -> PluginJmx.call(node, hz -> hz.reserve(List.of("10.9.9.9"), "read_concurrency", 40, 60, "")), "unknown node '10.9.9.9'");
        assertRefused(() -> PluginJmx.call(node, hz -> hz.reserve(List.of(address), "read_concurrency", 40, 0, "")), "the TTL must be between 1s and 7d");
        NodeToolRunner.Result cli = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir())
            .run(node, "hotzone", "reserve", "read_concurrency", "many");
        assertThat(cli.exitCode()).isNotZero();
        assertThat(cli.output()).contains("the value must be a whole number, got 'many'");
        try (CqlSession session = cluster.session())
        {
            // a reservation can throttle a node: clients cannot write one with CQL, only operators over JMX
            assertThatThrownBy(() -> session.execute("INSERT INTO hotzone.reservations (node, knob, value, expires_at, origin) VALUES (?, 'cpu_quota', 100, ?, 'manual')",
                                                     address, Instant.now().plusSeconds(600)))
                .hasMessageContaining("hotzone.reservations is managed by HotZone and cannot be written by clients");
            assertThat(session.execute("SELECT * FROM hotzone.reservations").all()).as("manual reservations written")
                .noneMatch(r -> "manual".equals(r.getString("origin")));
        }
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message)
    {
        assertThatThrownBy(call).satisfies(t -> assertThat(HotZoneJmx.rootMessage(t)).contains(message));
    }

    @Test
    void aKnobTheNodeLacksIsReportedUnavailableWhileTheOthersApply() throws Exception
    {
        Node target = cluster.nodes().get(0);
        long keyCache = PluginJmx.attribute(target, KEY_CACHE_CAPACITY, "Value") >> 20;
        long reserved = keyCache + 3;
        Node via = cluster.nodes().get(2);
        PluginJmx.call(via, hz -> hz.reserve(List.of(target.address()), "row_cache", 16, 300, "memory tier"));
        PluginJmx.call(via, hz -> hz.reserve(List.of(target.address()), "key_cache", reserved, 300, "memory tier"));
        awaitValue("key cache reserved", target, n -> PluginJmx.attribute(n, KEY_CACHE_CAPACITY, "Value") >> 20, v -> v == reserved, APPLIED_WITHIN);
        try (CqlSession session = cluster.session())
        {
            await("row_cache reported unavailable", APPLIED_WITHIN, () -> {
                Row row = Cql.onNode(session, target.address(), "SELECT * FROM hotzone_views.reservations WHERE knob = 'row_cache'").get(0);
                return row.getString("status").startsWith("unavailable: row_cache_size is 0") && row.isNull("applied");
            });
            Row key = Cql.onNode(session, target.address(), "SELECT * FROM hotzone_views.reservations WHERE knob = 'key_cache'").get(0);
            assertThat(key.getLong("applied")).isEqualTo(reserved);
            assertThat(key.getLong("baseline")).isEqualTo(keyCache);
            assertThat(key.getString("origin")).isEqualTo("manual");
        }
        PluginJmx.call(via, hz -> hz.release(List.of(target.address()), "key_cache"));
        awaitValue("key cache back to its baseline", target, n -> PluginJmx.attribute(n, KEY_CACHE_CAPACITY, "Value") >> 20, v -> v == keyCache, APPLIED_WITHIN);
    }

    @Test
    void cpuKnobsWriteOnlyTheNodesOwnCgroup() throws Exception
    {
        assumeFalse(cluster.isExternal(), "caps a node's CPU through the harness");
        Node target = cluster.nodes().get(2), via = cluster.nodes().get(0);
        long baseline = readConcurrency(target), reserved = baseline + 5;
        PluginJmx.call(via, hz -> hz.reserve(List.of(target.address()), "cpu_quota", 1500, 300, "hot node"));
        PluginJmx.call(via, hz -> hz.reserve(List.of(target.address()), "read_concurrency", reserved, 300, "hot node"));
        // uncapped, the node shares its cgroup (the root one here): the CPU knob is refused, the others still apply
        awaitValue("read concurrency reserved", target, ResourcesDTest::readConcurrency, v -> v == reserved, APPLIED_WITHIN);
        try (CqlSession session = cluster.session())
        {
            await("cpu_quota reported unavailable", APPLIED_WITHIN, () -> Cql.onNode(session, target.address(),
                "SELECT status FROM hotzone_views.reservations WHERE knob = 'cpu_quota'").get(0).getString("status").startsWith("unavailable: "));
        }
        assumeTrue(target.capCpu(100), "no writable cgroup v1 cpu controller here");
        try
        {
            Path quota = target.cpuGroupDir().orElseThrow().resolve("cpu.cfs_quota_us");
            assertThat(Files.readString(quota).trim()).isEqualTo("100000");
            await("cpu_quota applied in the node's own group", APPLIED_WITHIN, () -> read(quota).equals("150000"));
            PluginJmx.call(via, hz -> hz.release(List.of(target.address()), "cpu_quota"));
            await("cpu_quota back to the group's own 100000", APPLIED_WITHIN, () -> read(quota).equals("100000"));
        }
        finally
        {
            target.uncapCpu();
        }
    }

    private static String read(Path file)
    {
        try
        {
            return Files.readString(file).trim();
        }
        catch (java.io.IOException e)
        {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aZonesNodesGetTheHotValuesForItsWindowOnly() throws Exception
    {
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS res WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            session.execute("CREATE TABLE IF NOT EXISTS res.zoned (k text PRIMARY KEY, v text)");
            session.execute("INSERT INTO res.zoned (k, v) VALUES ('hot', 'x')");
        }
        long[] baselines = cluster.nodes().stream().mapToLong(ResourcesDTest::compactionThroughput).toArray();
        for (Node n : cluster.nodes())
            PluginJmx.call(n, hz -> { hz.setAutoReserve(true); return null; });
        long until = System.currentTimeMillis() + 25_000;
        String zone = PluginJmx.call(cluster.nodes().get(0), hz -> hz.boost("res.zoned", List.of("'hot'"), null, until));
        try
        {
            // every node is a mirror replica (boost.replicas_per_dc 0): all of them serve the zone
            for (Node n : cluster.nodes())
            {
                awaitValue("hot compaction throughput", n, ResourcesDTest::compactionThroughput, v -> v == 5, APPLIED_WITHIN);
                awaitValue("hot read concurrency", n, ResourcesDTest::readConcurrency, v -> v == 40, APPLIED_WITHIN);
            }
            assertThat(PluginJmx.call(cluster.nodes().get(1), HotZoneMXBean::reservations))
                .anyMatch(l -> l.contains("\tcompaction_throughput\t5\t") && l.contains("forecast") && l.contains(zone));
            // still held by every node shortly before the window's end
            Thread.sleep(Math.max(0, until - 3_000 - System.currentTimeMillis()));
            for (Node n : cluster.nodes())
                assertThat(compactionThroughput(n)).as("%s 3 s before the window's end", n).isEqualTo(5);
            for (int i = 0; i < baselines.length; i++)
            {
                Node n = cluster.nodes().get(i);
                long baseline = baselines[i];
                awaitValue("compaction throughput back once the window ended", n, ResourcesDTest::compactionThroughput, v -> v == baseline,
                           Duration.ofMillis(until - System.currentTimeMillis()).plusSeconds(20));
            }
            assertThat(System.currentTimeMillis()).as("restored after the window's end, not before").isGreaterThanOrEqualTo(until);
        }
        finally
        {
            unboostIfActive(cluster.nodes().get(0), zone);
        }
    }

    @Test
    void whenTheLeaderDiesItsReservationsExpireAndEveryNodeReturnsToItsBaselineByItself() throws Exception
    {
        assumeFalse(cluster.isExternal(), "kills a node");
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS res WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            session.execute("CREATE TABLE IF NOT EXISTS res.zoned (k text PRIMARY KEY, v text)");
            Node leader = leader(session);
            List<Node> others = cluster.nodes().stream().filter(n -> n != leader).toList();
            long[] baselines = others.stream().mapToLong(ResourcesDTest::readConcurrency).toArray();
            PluginJmx.call(leader, hz -> { hz.setAutoReserve(true); return null; }); // only the leader reserves
            String zone = PluginJmx.call(leader, hz -> hz.boost("res.zoned", List.of("'hot'"), null, System.currentTimeMillis() + 600_000));
            try
            {
                for (Node n : others)
                    awaitValue("hot read concurrency", n, ResourcesDTest::readConcurrency, v -> v == 40, APPLIED_WITHIN);
                leader.kill();
                Instant killed = Instant.now();
                for (int i = 0; i < others.size(); i++)
                {
                    long baseline = baselines[i];
                    awaitValue("read concurrency back after the leader died", others.get(i), ResourcesDTest::readConcurrency, v -> v == baseline,
                               Duration.ofSeconds(30));
                }
                // reservation_ttl 6 s + one poll; a leader with auto off leaves reservations alone: only their TTL ended them
                assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(12));
            }
            finally
            {
                if (!leader.isRunning())
                {
                    leader.start();
                    PluginJmx.awaitSettled(leader, Duration.ofSeconds(120));
                }
                unboostIfActive(others.get(0), zone);
            }
        }
    }

    private static void unboostIfActive(Node via, String zone) throws Exception
    {
        if (HotZoneJmx.planZones(via).stream().anyMatch(z -> z[0].equals(zone) && List.of("PLANNED", "ARMING", "WARMING", "READY").contains(z[3])))
            PluginJmx.call(via, hz -> hz.unboost(zone, List.of()));
    }

    private static Node leader(CqlSession session) throws InterruptedException
    {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline))
        {
            Row r = session.execute(SimpleStatement.newInstance("SELECT holder FROM hotzone.leases WHERE name = 'leader'")
                                                   .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)).one();
            if (r != null)
                for (Node n : cluster.nodes())
                    if (n.address().equals(r.getString("holder")))
                        return n;
            Thread.sleep(500);
        }
        throw new AssertionError("no leader");
    }
}
