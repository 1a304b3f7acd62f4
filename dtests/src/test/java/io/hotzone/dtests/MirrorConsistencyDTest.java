package io.hotzone.dtests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mirror-read contract (docs/mirror-consistency.md) under the events that broke it before: lightweight
 * transactions, an unboost while ALL writers run, a mirror replica frozen (SIGSTOP) or down while strong writes and
 * text batches go on, TRUNCATE, DROP + re-CREATE, ALTER DROP + ADD, and clients writing HotZone's own tables. Each
 * test asserts the mirrors answered (MirrorReads) where it claims they did, so none can pass by falling back to the
 * normal path. Runs after {@link BoostDTest} on the same 4-node cluster (keyspace {@code app}, RF 2).
 */
@Order(2)
@ExtendWith(BoostCluster.Resolver.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MirrorConsistencyDTest
{
    private static BoostCluster boost;
    private static CqlSession session;
    private static final List<String> keys = new ArrayList<>();

    @BeforeAll
    static void start(BoostCluster shared)
    {
        boost = shared;
        session = shared.session;
        session.execute("CREATE TABLE app.kv (k text, c int, v int, w int, PRIMARY KEY (k, c))");
        for (int i = 0; i < 20; i++)
        {
            keys.add("k" + i);
            for (int c = 0; c < 2; c++)
                boost.write("INSERT INTO app.kv (k, c, v, w) VALUES (?, ?, 0, 0)", DefaultConsistencyLevel.ALL, "k" + i, c);
        }
    }

    @Test
    @Order(1)
    void lightweightTransactionsAreSeenByOneReadsThroughEveryOtherNode() throws Exception
    {
        String zone = boost.boostReady(boost.node(1), "app.kv", keys);
        long mirrorBefore = boost.mirrorReads();
        int reads = 0, stale = 0;
        for (int round = 1; round <= 3; round++)
            for (int i = 0; i < keys.size(); i++)
            {
                String k = keys.get(i);
                Node coordinator = boost.node(1 + i % 4);
                Row applied = session.execute(SimpleStatement.newInstance("UPDATE app.kv SET v = ? WHERE k = ? AND c = 0 IF v = ?", round, k, round - 1)
                                                             .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)
                                                             .setSerialConsistencyLevel(DefaultConsistencyLevel.SERIAL)
                                                             .setNode(Cql.driverNode(session, coordinator.address()))).one();
                assertThat(applied.getBoolean("[applied]")).as("LWT on %s", k).isTrue();
                for (Node n : boost.nodes())
                    if (n != coordinator)
                    {
                        reads++;
                        if (v(k, 0, n) != round)
                            stale++;
                    }
            }
        assertThat(stale).as("ONE reads (of %d) that missed a QUORUM lightweight transaction on RF 2", reads).isZero();
        assertThat(boost.mirrorReads() - mirrorBefore).as("of %d ONE reads, those answered from mirrors", reads).isGreaterThanOrEqualTo(reads / 2);
        // Cassandra commits a Paxos update with the ballot's timestamp: the mirrors hold that one too
        long before = boost.mirrorReads();
        for (String k : keys)
        {
            List<String> all = boost.read("SELECT v, writetime(v) FROM app.kv WHERE k = ? AND c = 0", boost.node(1), DefaultConsistencyLevel.ALL, k);
            for (Node n : boost.nodes())
                assertThat(boost.read("SELECT v, writetime(v) FROM app.kv WHERE k = ? AND c = 0", n, DefaultConsistencyLevel.ONE, k))
                    .as("value and writetime of %s through %s", k, n.address()).isEqualTo(all);
        }
        assertThat(boost.mirrorReads() - before).as("writetime reads answered from mirrors").isGreaterThanOrEqualTo(keys.size() * 4L * 9 / 10);
        boost.unboost(zone);
        boost.awaitState(zone, "GONE");
    }

    @Test
    @Order(2)
    void noStaleReadAcrossAnUnboostWhileAllWritersRun() throws Exception
    {
        String zone = boost.boostReady(boost.node(2), "app.kv", keys);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger(), stale = new AtomicInteger(), writes = new AtomicInteger();
        List<String> staleExamples = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        long mirrorBefore = boost.mirrorReads();
        try
        {
            for (int t = 0; t < 2; t++)
            {
                List<String> mine = keys.subList(t * 10, t * 10 + 10);
                workers.add(pool.submit(() -> {
                    int value = 1000;
                    while (running.get())
                    {
                        value++;
                        for (String k : mine)
                        {
                            boost.write("UPDATE app.kv SET w = ? WHERE k = ? AND c = 1", DefaultConsistencyLevel.ALL, value, k);
                            writes.incrementAndGet();
                            for (Node n : boost.nodes())
                            {
                                int seen = w(k, 1, n);
                                reads.incrementAndGet();
                                if (seen != value)
                                {
                                    stale.incrementAndGet();
                                    staleExamples.add(k + " through " + n.address() + ": " + seen + " after " + value);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(3000);
            long mirroredBeforeUnboost = boost.mirrorReads() - mirrorBefore;
            boost.unboost(zone);
            boost.awaitState(zone, "GONE");
            Thread.sleep(3000);
            running.set(false);
            for (Future<?> f : workers)
                f.get(60, TimeUnit.SECONDS);
            assertThat(mirroredBeforeUnboost).as("ONE reads answered from mirrors before the unboost").isPositive();
        }
        finally
        {
            running.set(false);
            pool.shutdownNow();
        }
        assertThat(stale.get()).as("stale ONE reads of %d, after %d ALL writes; first: %s", reads.get(), writes.get(),
                                   staleExamples.stream().limit(5).toList()).isZero();
    }

    @Test
    @Order(3)
    void allWritesSucceedWithAMirrorReplicaFrozenAndItNeverServesWhatItMissed() throws Exception
    {
        String k = keys.get(3);
        List<Node> mirrorsOnly = boost.nonReplicas(k);
        Node frozen = mirrorsOnly.get(0), other = mirrorsOnly.get(1);
        Node coordinator = boost.nodes().stream().filter(n -> !mirrorsOnly.contains(n)).findFirst().orElseThrow();
        String zone = boost.boostReady(boost.node(1), "app.kv", keys);
        long otherBefore = PluginJmx.metric(other, "MirrorReads");
        frozen.pause();
        try
        {
            // Stock Cassandra accepts these: every source replica of k is up. HotZone must too, and mirror them.
            for (int value = 1; value <= 5; value++)
            {
                boost.writeVia(coordinator, "UPDATE app.kv SET v = ? WHERE k = ? AND c = 0", DefaultConsistencyLevel.ALL, 100 + value, k);
                assertThat(v(k, 0, other)).as("ONE read through %s after ALL write %d", other.address(), value).isEqualTo(100 + value);
            }
            // A weak write reaches the mirrors within the bound of docs/mirror-consistency.md (contract 2), frozen node aside.
            boost.writeVia(coordinator, "UPDATE app.kv SET w = 77 WHERE k = ? AND c = 0", DefaultConsistencyLevel.ONE, k);
            Thread.sleep(2000);
            long before = PluginJmx.metric(other, "MirrorReads");
            assertThat(column("w", k, 0, other)).as("ONE read through %s 2 s after a ONE write", other.address()).isEqualTo(77);
            assertThat(PluginJmx.metric(other, "MirrorReads") - before).as("answered from its mirror").isEqualTo(1);
            assertThat(PluginJmx.metric(other, "MirrorReads") - otherBefore).as("reads %s answered from its mirror", other.address()).isGreaterThanOrEqualTo(4);
        }
        finally
        {
            frozen.resume();
        }
        // The frozen node's view expired while it slept; from its first read on, it answers the last write.
        Instant until = Instant.now().plusSeconds(8);
        int checked = 0;
        while (Instant.now().isBefore(until) || checked == 0)
        {
            try
            {
                assertThat(v(k, 0, frozen)).as("ONE read through %s after it resumed", frozen.address()).isEqualTo(105);
                checked++;
            }
            catch (com.datastax.oss.driver.api.core.DriverException e)
            {
                // the driver dropped its connections to the frozen node and reconnects
                if (Instant.now().isAfter(until.plusSeconds(60)))
                    throw e;
            }
            Thread.sleep(50);
        }
        // and it comes back to serving once a new copy round reached it
        boost.awaitServes(frozen, "SELECT v FROM app.kv WHERE k = ? AND c = 0", k);
        assertThat(v(k, 0, frozen)).isEqualTo(105);
        boost.unboost(zone);
        boost.awaitState(zone, "GONE");
    }

    @Test
    @Order(4)
    void textBatchesAtAllAndLightweightBatchesSucceedWithAMirrorReplicaDown() throws Exception
    {
        String k = keys.get(5);
        Node down = boost.nonReplicas(k).get(0);
        String zone = boost.boostReady(boost.node(1), "app.kv", keys);
        down.stop();
        try
        {
            boost.awaitSeenDown(down);
            Node reader = boost.nonReplicas(k).stream().filter(n -> n != down).findFirst().orElseThrow();
            Node coordinator = boost.nodes().stream().filter(n -> n != down && n != reader).findFirst().orElseThrow();
            session.execute(SimpleStatement.newInstance("BEGIN BATCH UPDATE app.kv SET v = 201 WHERE k = '" + k + "' AND c = 0; "
                                                        + "UPDATE app.kv SET v = 202 WHERE k = '" + k + "' AND c = 1; APPLY BATCH")
                                           .setConsistencyLevel(DefaultConsistencyLevel.ALL).setNode(Cql.driverNode(session, coordinator.address())));
            assertThat(v(k, 0, reader)).isEqualTo(201);
            assertThat(v(k, 1, reader)).isEqualTo(202);
            Row lwt = session.execute(SimpleStatement.newInstance("BEGIN BATCH UPDATE app.kv SET v = 301 WHERE k = '" + k + "' AND c = 0 IF v = 201; "
                                                                  + "UPDATE app.kv SET v = 302 WHERE k = '" + k + "' AND c = 1; APPLY BATCH")
                                                     .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)
                                                     .setNode(Cql.driverNode(session, coordinator.address()))).one();
            assertThat(lwt.getBoolean("[applied]")).isTrue();
            assertThat(v(k, 0, reader)).isEqualTo(301);
            assertThat(v(k, 1, reader)).isEqualTo(302);
        }
        finally
        {
            down.start();
            boost.awaitBack(down);
        }
        assertThat(v(k, 0, down)).as("ONE read through the restarted node").isEqualTo(301);
        boost.awaitServes(down, "SELECT v FROM app.kv WHERE k = ? AND c = 0", k);
        assertThat(v(k, 1, down)).isEqualTo(302);
        boost.unboost(zone);
        boost.awaitState(zone, "GONE");
    }

    @Test
    @Order(5)
    void truncateIsNeverServedFromTheOldMirror() throws Exception
    {
        String zone = boostedTable("app.tr", "v int", "INSERT INTO app.tr (k, c, v) VALUES (?, 0, 7)");
        assertMirrorAnswers("SELECT v FROM app.tr WHERE k = ?", List.of("[v:7]"));
        ddl("TRUNCATE app.tr");
        assertEveryNodeReads("SELECT v FROM app.tr WHERE k = ?", List.of(), "after TRUNCATE");
        writeEveryKey("INSERT INTO app.tr (k, c, v) VALUES (?, 0, 8)");
        // the truncated table's zone is replaced by a fresh one, which serves the new data once copied
        awaitMirrorAnswers("SELECT v FROM app.tr WHERE k = ?", List.of("[v:8]"));
        boost.awaitState(zone, "GONE");
    }

    @Test
    @Order(6)
    void aTableDroppedAndCreatedAgainIsAnotherTable() throws Exception
    {
        String zone = boostedTable("app.dr", "v int", "INSERT INTO app.dr (k, c, v) VALUES (?, 0, 1)");
        assertMirrorAnswers("SELECT c, v FROM app.dr WHERE k = ?", List.of("[c:0, v:1]"));
        ddl("DROP TABLE app.dr");
        ddl("CREATE TABLE app.dr (k text, c int, v int, PRIMARY KEY (k, c))");
        writeEveryKey("INSERT INTO app.dr (k, c, v) VALUES (?, 5, 2)");
        long before = boost.mirrorReads();
        assertEveryNodeReads("SELECT c, v FROM app.dr WHERE k = ?", List.of("[c:5, v:2]"), "after DROP + CREATE");
        assertThat(boost.mirrorReads() - before).as("reads of the new table answered from the old table's mirror").isZero();
        boost.awaitState(zone, "GONE");
    }

    @Test
    @Order(7)
    void aColumnDroppedAndAddedAgainShowsNoOldCells() throws Exception
    {
        String zone = boostedTable("app.al", "v int, w int", "INSERT INTO app.al (k, c, v, w) VALUES (?, 0, 1, 9)");
        assertMirrorAnswers("SELECT v, w FROM app.al WHERE k = ?", List.of("[v:1, w:9]"));
        ddl("ALTER TABLE app.al DROP w");
        ddl("ALTER TABLE app.al ADD w int");
        assertEveryNodeReads("SELECT v, w FROM app.al WHERE k = ?", List.of("[v:1, w:NULL]"), "after DROP w + ADD w");
        boost.write("UPDATE app.al SET w = 3 WHERE k = ? AND c = 0", DefaultConsistencyLevel.ALL, keys.get(0));
        // the mirror comes back in step (with the drop's timestamp) and serves again, still without the old cells
        awaitMirrorAnswers("SELECT v, w FROM app.al WHERE k = ?", null);
        for (String k : keys)
            for (Node n : boost.nodes())
                assertThat(boost.read("SELECT v, w FROM app.al WHERE k = ?", n, DefaultConsistencyLevel.ONE, k))
                    .containsExactly(k.equals(keys.get(0)) ? "[v:1, w:3]" : "[v:1, w:NULL]");
        boost.unboost(zone);
        boost.awaitState(zone, "GONE");
    }

    @Test
    @Order(8)
    void clientsCannotWriteHotZonesPlanFencesOrMirrors() throws Exception
    {
        String zone = boost.boostReady(boost.node(1), "app.kv", keys.subList(0, 2));
        for (String cql : List.of("INSERT INTO hotzone.plan (name, zone_id, state) VALUES ('current', 'zx', 'READY')",
                                  "DELETE FROM hotzone.fences WHERE name = 'current'",
                                  "UPDATE hotzone.leases SET holder = '127.0.0.99' WHERE name = 'leader'",
                                  "INSERT INTO hotzone_mirror." + zone + " (k, c, v) VALUES ('k0', 0, 666)",
                                  "BEGIN BATCH INSERT INTO app.kv (k, c, v) VALUES ('k0', 9, 1); INSERT INTO hotzone_mirror." + zone
                                  + " (k, c, v) VALUES ('k0', 0, 666); APPLY BATCH"))
            assertThatThrownBy(() -> session.execute(cql)).as(cql).isInstanceOf(InvalidQueryException.class).hasMessageContaining("managed by HotZone");
        for (Node n : boost.nodes())
            assertThat(boost.read("SELECT c, v FROM app.kv WHERE k = 'k0' AND c = 9", n, DefaultConsistencyLevel.ONE)).as("refused batch wrote nothing").isEmpty();
        assertThat(boost.planLine(zone)[3]).isEqualTo("READY");
        boost.unboost(zone);
        boost.awaitState(zone, "GONE");
    }

    @Test
    @Order(9)
    void aPartitionOf64MiBIsCopiedAndServedWhole() throws Exception
    {
        session.execute("CREATE TABLE app.wide (k text, c int, b blob, PRIMARY KEY (k, c))");
        com.datastax.oss.driver.api.core.cql.PreparedStatement insert = session.prepare("INSERT INTO app.wide (k, c, b) VALUES ('wide', ?, ?)");
        java.util.Random random = new java.util.Random(64);
        int rows = 256, size = 256 * 1024; // 64 MiB: four times Cassandra's default max_mutation_size
        for (int c = 0; c < rows; c++)
        {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            session.execute(insert.bind(c, java.nio.ByteBuffer.wrap(bytes)).setConsistencyLevel(DefaultConsistencyLevel.ALL).setTimeout(Duration.ofSeconds(30)));
        }
        String zone = boost.boostReady(boost.node(1), "app.wide", List.of("wide"));
        Node mirrorOnly = boost.nonReplicas("wide").get(0);
        long before = PluginJmx.metric(mirrorOnly, "MirrorReads");
        String viaMirror = digest(DefaultConsistencyLevel.ONE, mirrorOnly);
        assertThat(PluginJmx.metric(mirrorOnly, "MirrorReads") - before).as("pages %s answered from its mirror", mirrorOnly.address()).isPositive();
        assertThat(viaMirror).isEqualTo(digest(DefaultConsistencyLevel.ALL, boost.node(1)));
        assertThat(viaMirror).startsWith(rows + " rows");
        boost.unboost(zone);
        boost.awaitState(zone, "GONE");
    }

    @Test
    @Order(10)
    void sstablesImportedIntoABoostedTableReachItsMirrors() throws Exception
    {
        String zone = boostedTable("app.imp", "v int", "INSERT INTO app.imp (k, c, v) VALUES (?, 0, 1)");
        assertMirrorAnswers("SELECT v FROM app.imp WHERE k = ?", List.of("[v:1]"));
        // Newer values reach every replica as sstables (nodetool import), never through a coordinator or the trigger.
        ddl("CREATE TABLE app.imp_staging (k text, c int, v int, PRIMARY KEY (k, c))");
        writeEveryKey("INSERT INTO app.imp_staging (k, c, v) VALUES (?, 0, 2)");
        NodeToolRunner tool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
        int imported = 0;
        for (Node n : boost.nodes())
        {
            Path staged = Files.createDirectories(n.dir().resolve("import-staging").resolve("app").resolve("imp")); // <keyspace>/<table>, as import expects
            tool.copyFlushedSSTables(n, "app", "imp_staging", staged, name -> name);
            try (Stream<Path> files = Files.list(staged))
            {
                if (files.findAny().isEmpty())
                    continue;
            }
            NodeToolRunner.Result result = tool.run(n, "import", "app", "imp", staged.toString());
            assertThat(result.exitCode()).as(result.output()).isZero();
            imported++;
        }
        assertThat(imported).as("nodes that imported sstables").isGreaterThanOrEqualTo(2);
        for (String k : keys)
            assertThat(boost.read("SELECT v FROM app.imp WHERE k = ?", boost.node(1), DefaultConsistencyLevel.ALL, k)).containsExactly("[v:2]");
        // The source replicas saw sstables arrive without a memtable: a refresh round copies them, then mirrors serve them.
        awaitMirrorAnswers("SELECT v FROM app.imp WHERE k = ?", List.of("[v:2]"));
        boost.unboost(zone);
        boost.awaitState(zone, "GONE");
    }

    @Test
    @Order(11)
    void aWriteThatOnlyHintsHeldReachesTheMirrorsWhenTheHintsAreReplayed() throws Exception
    {
        // Both replicas down, the write at ANY lives only as hints on its coordinator, before any zone exists: no
        // trigger and no mirror write see it. The zone is copied without it; the hints then reach the replicas through
        // no coordinator. Only the replicas' request for a new round (on seeing the hints arrive) brings it to the mirrors.
        String k = keys.get(6);
        List<Node> replicas = boost.nodes().stream().filter(n -> boost.replicas(k).contains(n.address())).toList();
        Node coordinator = boost.nonReplicas(k).get(0);
        String select = "SELECT v FROM app.kv WHERE k = ? AND c = 0";
        String hints = "org.apache.cassandra.hints:type=HintsService";
        PluginJmx.invoke(coordinator, hints, "pauseDispatch");
        try
        {
            List<String> before = boost.read(select, coordinator, DefaultConsistencyLevel.ALL, k);
            for (Node r : replicas)
                r.stop();
            try
            {
                for (Node r : replicas)
                    boost.awaitSeenDown(r);
                boost.writeVia(coordinator, "UPDATE app.kv SET v = 601 WHERE k = ? AND c = 0", DefaultConsistencyLevel.ANY, k);
            }
            finally
            {
                for (Node r : replicas)
                    r.start();
                for (Node r : replicas)
                    boost.awaitBack(r);
            }
            assertThat(boost.read(select, coordinator, DefaultConsistencyLevel.ALL, k)).as("held back as hints").isEqualTo(before);
            String zone = boost.boostReady(boost.node(1), "app.kv", keys);
            boost.awaitEveryNodeServes("SELECT k FROM app.kv WHERE k = ?", k);
            assertThat(awaitMirrorAnswer(coordinator, select, k, Duration.ofSeconds(30))).as("the mirror, copied before the hints").isEqualTo(before);
            long replayed = replicas.stream().mapToLong(r -> PluginJmx.metric(r, "ReplayedHints")).sum();
            PluginJmx.invoke(coordinator, hints, "resumeDispatch");
            Instant deadline = Instant.now().plusSeconds(60);
            while (!List.of("[v:601]").equals(awaitMirrorAnswer(coordinator, select, k, Duration.ofSeconds(30))))
            {
                assertThat(Instant.now()).as("the mirror of %s through %s answers 601 within 60 s of the hints' dispatch", k, coordinator.address())
                                         .isBefore(deadline);
                Thread.sleep(1000);
            }
            assertThat(replicas.stream().mapToLong(r -> PluginJmx.metric(r, "ReplayedHints")).sum()).as("hints the replicas saw arrive").isGreaterThan(replayed);
            boost.unboost(zone);
            boost.awaitState(zone, "GONE");
        }
        finally
        {
            PluginJmx.invoke(coordinator, hints, "resumeDispatch");
        }
    }

    /**
     * A ONE read through the node that its mirror answered (the plugin says so when asked); answers of the normal path
     * (a lease renewing, a round restarting) are read again, for up to {@code within}.
     */
    private static List<String> awaitMirrorAnswer(Node via, String select, String key, Duration within) throws InterruptedException
    {
        Instant deadline = Instant.now().plus(within);
        while (true)
        {
            com.datastax.oss.driver.api.core.cql.ResultSet rs = session.execute(
                SimpleStatement.newInstance(select, key).setConsistencyLevel(DefaultConsistencyLevel.ONE).setTimeout(Duration.ofSeconds(20))
                               .setNode(Cql.driverNode(session, via.address()))
                               .setCustomPayload(java.util.Map.of(io.hotzone.adapter.HotZoneQueryHandler.MIRROR_INFO, java.nio.ByteBuffer.allocate(0))));
            if (rs.getExecutionInfo().getIncomingPayload().containsKey(io.hotzone.adapter.HotZoneQueryHandler.MIRROR_INFO))
                return BoostCluster.format(rs);
            assertThat(Instant.now()).as("a mirror answers %s through %s within %s", key, via.address(), within).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void sstablesStreamedBySstableloaderIntoABoostedTableReachItsMirrors() throws Exception
    {
        String zone = boostedTable("app.loaded", "v int", "INSERT INTO app.loaded (k, c, v) VALUES (?, 0, 1)");
        assertMirrorAnswers("SELECT v FROM app.loaded WHERE k = ?", List.of("[v:1]"));
        // Newer values stream in as sstables from a client (sstableloader), never through a coordinator or the trigger.
        ddl("CREATE TABLE app.loaded_staging (k text, c int, v int, PRIMARY KEY (k, c))");
        writeEveryKey("INSERT INTO app.loaded_staging (k, c, v) VALUES (?, 0, 2)");
        NodeToolRunner tool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
        Path staged = Files.createDirectories(SharedCluster.workDir().toAbsolutePath().resolve("sstableloader-staging").resolve("app").resolve("loaded"));
        try (Stream<Path> old = Files.list(staged))
        {
            for (Path f : old.toList())
                Files.delete(f);
        }
        for (Node n : boost.nodes())
        {
            // every node's sstables of the staging table, renamed apart (each node numbers its own from 1)
            tool.copyFlushedSSTables(n, "app", "loaded_staging", staged, name -> name.replaceFirst("^nb-(\\d+)-", "nb-" + n.number() + "0$1-"));
        }
        NodeToolRunner.Result loaded = tool.sstableloader(boost.node(1), staged);
        assertThat(loaded.exitCode()).as(loaded.output()).isZero();
        for (String k : keys)
            assertThat(boost.read("SELECT v FROM app.loaded WHERE k = ?", boost.node(1), DefaultConsistencyLevel.ALL, k)).containsExactly("[v:2]");
        // The replicas received sstables without a memtable: a refresh round copies them, then mirrors serve them.
        awaitMirrorAnswers("SELECT v FROM app.loaded WHERE k = ?", List.of("[v:2]"));
        boost.unboost(zone);
        boost.awaitState(zone, "GONE");
    }

    /** Row count, bytes and a digest of every row of the wide partition, read in pages of 8 rows. */
    private static String digest(DefaultConsistencyLevel cl, Node coordinator) throws Exception
    {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        int count = 0;
        long bytes = 0;
        for (Row row : session.execute(SimpleStatement.newInstance("SELECT c, b FROM app.wide WHERE k = 'wide'").setConsistencyLevel(cl).setPageSize(8)
                                                      .setNode(Cql.driverNode(session, coordinator.address())).setTimeout(Duration.ofSeconds(60))))
        {
            java.nio.ByteBuffer b = row.getByteBuffer("b");
            md.update(java.nio.ByteBuffer.allocate(4).putInt(row.getInt("c")).array());
            bytes += b.remaining();
            md.update(b);
            count++;
        }
        return count + " rows, " + bytes + " bytes, sha256 " + java.util.HexFormat.of().formatHex(md.digest());
    }

    // ---- helpers ----

    /** Creates {@code table (k text, c int, <columns>, PRIMARY KEY (k, c))}, writes each key at ALL, boosts them READY. */
    private static String boostedTable(String table, String columns, String insert) throws Exception
    {
        ddl("CREATE TABLE " + table + " (k text, c int, " + columns + ", PRIMARY KEY (k, c))");
        writeEveryKey(insert);
        String zone = boost.boostReady(boost.node(1), table, keys);
        // boostReady waits for each node to route some READY zone, which an earlier test's zone may satisfy
        boost.awaitEveryNodeServes("SELECT k FROM " + table + " WHERE k = ?", keys.get(0));
        return zone;
    }

    /** The write, at ALL, for every key of the test. */
    private static void writeEveryKey(String cql)
    {
        for (String k : keys)
            boost.write(cql, DefaultConsistencyLevel.ALL, k);
    }

    private static void ddl(String cql)
    {
        session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(60)));
    }

    /** Every key's ONE read through every node returns exactly {@code expected}. */
    private static void assertEveryNodeReads(String select, List<String> expected, String when)
    {
        for (String k : keys)
            for (Node n : boost.nodes())
                assertThat(boost.read(select, n, DefaultConsistencyLevel.ONE, k)).as("%s through %s %s", k, n.address(), when).isEqualTo(expected);
    }

    private static int v(String k, int c, Node coordinator)
    {
        return column("v", k, c, coordinator);
    }

    private static int w(String k, int c, Node coordinator)
    {
        return column("w", k, c, coordinator);
    }

    private static int column(String name, String k, int c, Node coordinator)
    {
        Row row = session.execute(SimpleStatement.newInstance("SELECT " + name + " FROM app.kv WHERE k = ? AND c = ?", k, c)
                                                 .setConsistencyLevel(DefaultConsistencyLevel.ONE)
                                                 .setNode(Cql.driverNode(session, coordinator.address()))
                                                 .setTimeout(Duration.ofSeconds(20))).one();
        return row == null || row.isNull(0) ? -1 : row.getInt(0);
    }

    /** Every key through every node answers {@code expected}, and the mirrors answered at least 90 % of those reads. */
    private static void assertMirrorAnswers(String select, List<String> expected)
    {
        long before = boost.mirrorReads();
        int reads = 0;
        for (String k : keys)
            for (Node n : boost.nodes())
            {
                List<String> rows = boost.read(select, n, DefaultConsistencyLevel.ONE, k);
                if (expected != null)
                    assertThat(rows).as("%s through %s", k, n.address()).isEqualTo(expected);
                reads++;
            }
        assertThat(boost.mirrorReads() - before).as("of %d ONE reads, those answered from mirrors", reads).isGreaterThanOrEqualTo(reads * 9L / 10);
    }

    private static void awaitMirrorAnswers(String select, List<String> expected) throws Exception
    {
        Instant deadline = Instant.now().plus(BoostCluster.STATE_WITHIN);
        while (true)
        {
            try
            {
                assertMirrorAnswers(select, expected);
                return;
            }
            catch (AssertionError e)
            {
                if (Instant.now().isAfter(deadline))
                    throw e;
                Thread.sleep(1000);
            }
        }
    }
}
