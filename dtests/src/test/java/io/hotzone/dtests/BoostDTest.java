package io.hotzone.dtests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;


import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;

import io.hotzone.driver.HotZoneLoadBalancingPolicy;
import io.hotzone.driver.HotZoneOption;
import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Boosting on a real 4-node cluster with a keyspace of replication factor 2 (the acceptance): an exact copy
 * under concurrent writes, deletes and TTLs; unboost and re-boost; QUORUM and SERIAL untouched with a node down;
 * the leader killed mid-copy; ONE reads served by every node's local mirror. Runs first, on its own cluster.
 */
@Order(1)
@ExtendWith(BoostCluster.Resolver.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoostDTest
{
    private static final String TABLE = "app.items";
    private static final String SELECT = "SELECT k, c, v, s, tags, writetime(v) AS wv, writetime(s) AS ws, ttl(v) AS tv FROM app.items WHERE k = ?";

    private static BoostCluster boost;
    private static LocalCluster cluster;
    private static CqlSession session;
    private static PreparedStatement selectPrepared;
    private static final List<String> zoneKeys = new ArrayList<>();
    private static final List<String> otherKeys = new ArrayList<>();

    @BeforeAll
    static void start(BoostCluster shared) throws Exception
    {
        boost = shared;
        cluster = shared.cluster;
        session = shared.session;
        session.execute("CREATE TABLE app.items (k text, c int, v text, s text static, tags set<text>, PRIMARY KEY (k, c))");
        PreparedStatement insert = session.prepare("INSERT INTO app.items (k, c, v, s, tags) VALUES (?, ?, ?, ?, ?)");
        for (int i = 0; i < 200; i++)
        {
            String key = "p" + i;
            (i < 100 ? zoneKeys : otherKeys).add(key);
            for (int c = 0; c < 5; c++)
                session.execute(insert.bind(key, c, "v" + c, "s" + i, Set.of("t" + c)).setConsistencyLevel(DefaultConsistencyLevel.ALL));
        }
        selectPrepared = session.prepare(SELECT);
    }

    @Test
    @Order(1)
    void boostedZoneIsAnExactCopyDespiteConcurrentWritesDeletesAndTtls() throws Exception
    {
        String zone;
        try (Writers writers = new Writers(zoneKeys, 7))
        {
            Thread.sleep(1000);
            zone = boost.boost(cluster.node(2), TABLE, zoneKeys);
            boost.awaitState(zone, "READY");
            Thread.sleep(2000); // writes keep coming after READY: they must reach the mirror too
            assertThat(writers.done.get()).as("writes made while the zone was copied").isGreaterThan(100);
        }
        // The short-TTL writes (2 to 6 s) made while the zone was copied and served have expired by now, on the mirrors
        // as on the source; the long ones show the same remaining ttl(v) through every node.
        Thread.sleep(7000);
        assertEveryOneReadEqualsAllRead(zoneKeys);
        boost.unboost(zone);
    }

    @Test
    @Order(2)
    void unboostReclaimsTheMirrorAndReboostNeitherResurrectsNorShadows() throws Exception
    {
        List<String> keys = otherKeys.subList(0, 40);
        String first = boost.boost(cluster.node(1), TABLE, keys);
        boost.awaitState(first, "READY");
        boost.unboost(first);
        boost.awaitState(first, "GONE");
        assertThat(session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'hotzone_mirror' AND table_name = ?", first).all())
            .as("mirror table dropped").isEmpty();
        // While unboosted: delete some partitions and rows, and write with timestamps older and newer than the old mirror's data.
        long now = System.currentTimeMillis() * 1000;
        for (int i = 0; i < keys.size(); i++)
        {
            String k = keys.get(i);
            switch (i % 4)
            {
                case 0 -> write("DELETE FROM app.items WHERE k = ?", k);
                case 1 -> write("DELETE FROM app.items WHERE k = ? AND c = 1", k);
                case 2 -> write("INSERT INTO app.items (k, c, v) VALUES (?, 9, 'old') USING TIMESTAMP " + (now - 86_400_000_000L), k);
                default -> write("UPDATE app.items USING TIMESTAMP " + (now + 60_000_000L) + " SET v = 'future' WHERE k = ? AND c = 2", k);
            }
        }
        String second = boost.boostReady(cluster.node(3), TABLE, keys); // READY in the plan and in every node's view
        assertThat(second).isNotEqualTo(first);
        assertEveryOneReadEqualsAllRead(keys);
        // A deleted partition stays deleted through the mirror, and the old-timestamp row is visible (nothing shadows it).
        assertThat(oneRead(keys.get(0), cluster.node(4))).isEmpty();
        assertThat(oneRead(keys.get(2), cluster.node(4))).anyMatch(r -> r.contains("old"));
        boost.unboost(second);
    }

    @Test
    @Order(3)
    void quorumAndSerialBehaveAsWithoutHotZoneAlsoWithANodeDown() throws Exception
    {
        String zone = boost.boost(cluster.node(1), TABLE, zoneKeys);
        boost.awaitState(zone, "READY");
        Map<String, List<String>> expected = new HashMap<>();
        for (String k : zoneKeys)
            expected.put(k, withoutTtl(session.execute(selectPrepared.bind(k).setConsistencyLevel(DefaultConsistencyLevel.ALL)).all()));
        Node down = cluster.node(4);
        down.stop();
        try
        {
            boost.awaitSeenDown(down);
            int unavailable = 0, served = 0, allWritesOk = 0;
            for (String k : zoneKeys)
            {
                boolean replicaDown = boost.replicas(k).contains(down.address());
                for (ConsistencyLevel cl : List.of(DefaultConsistencyLevel.QUORUM, DefaultConsistencyLevel.SERIAL))
                {
                    Statement<?> read = selectPrepared.bind(k).setConsistencyLevel(cl).setNode(Cql.driverNode(session, cluster.node(1 + served % 3).address()));
                    if (replicaDown)
                    {
                        assertThatThrownBy(() -> session.execute(read)).as("%s read of %s with a replica down", cl, k)
                                                                       .hasMessageContaining("Not enough replicas available");
                        unavailable++;
                    }
                    else
                    {
                        assertThat(withoutTtl(session.execute(read).all())).as("%s read of %s", cl, k).isEqualTo(expected.get(k));
                        served++;
                    }
                }
                if (!replicaDown)
                {
                    // ALL writes to partitions whose replicas are up succeed as without HotZone (the mirror is not needed for them).
                    session.execute(SimpleStatement.newInstance("UPDATE app.items SET v = 'all' WHERE k = ? AND c = 3", k)
                                                   .setConsistencyLevel(DefaultConsistencyLevel.ALL));
                    allWritesOk++;
                    // and a lightweight transaction is untouched too
                    Row lwt = session.execute(SimpleStatement.newInstance("INSERT INTO app.items (k, c, v) VALUES (?, 100, 'lwt') IF NOT EXISTS", k)
                                                             .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)).one();
                    assertThat(lwt.getBoolean("[applied]")).isTrue();
                }
            }
            assertThat(unavailable).as("reads refused because a replica is down").isPositive();
            assertThat(served).isPositive();
            assertThat(allWritesOk).isPositive();
        }
        finally
        {
            down.start();
            boost.awaitBack(down);
        }
        // The restarted node fenced itself: a new round is copied (the others serve meanwhile), then it serves again
        // and every node's mirror is exact.
        boost.awaitState(zone, "READY", z -> Integer.parseInt(z[4]) >= 1);
        boost.awaitEveryNodeServes("SELECT v FROM app.items WHERE k = ?", zoneKeys.get(0));
        assertEveryOneReadEqualsAllRead(zoneKeys);
        boost.unboost(zone);
    }

    @Test
    @Order(4)
    void killingTheLeaderMidCopyStillEndsReady() throws Exception
    {
        Node leader = leader();
        Node other = cluster.members().stream().filter(n -> n != leader).findFirst().orElseThrow();
        // Killed right after the zone entered the plan: whatever it had started (mirror schema, copy), the next leader continues.
        String zone = boost.boost(other, TABLE, otherKeys);
        leader.kill();
        try
        {
            Instant deadline = Instant.now().plusSeconds(60);
            Node newLeader = null;
            while (Instant.now().isBefore(deadline) && newLeader == null)
            {
                Thread.sleep(1000);
                Node l = leaderOrNull();
                if (l != null && l != leader)
                    newLeader = l;
            }
            assertThat(newLeader).as("a new leader took the lease").isNotNull();
        }
        finally
        {
            leader.start();
            boost.awaitBack(leader);
        }
        boost.awaitState(zone, "READY");
        Thread.sleep(1500);
        assertEveryOneReadEqualsAllRead(otherKeys);
        boost.unboost(zone);
    }

    @Test
    @Order(5)
    void everyNodeServesTheZonesOneReadsFromItsLocalMirror() throws Exception
    {
        String zone = boost.boost(cluster.node(1), TABLE, zoneKeys);
        boost.awaitState(zone, "READY");
        PluginJmx.awaitZonesReady(cluster, Duration.ofSeconds(30));
        long[] mirrorBefore = new long[4], sourceBefore = new long[4], latencyBefore = new long[4], tableBefore = new long[4];
        for (int n = 1; n <= 4; n++)
        {
            mirrorBefore[n - 1] = PluginJmx.metric(cluster.node(n), "MirrorReads");
            sourceBefore[n - 1] = localReads(cluster.node(n));
            latencyBefore[n - 1] = PluginJmx.metric(cluster.node(n), "MirrorReadLatency");
            tableBefore[n - 1] = tableMirrorReads(cluster.node(n));
        }
        int reads = 0;
        for (int round = 0; round < 5; round++)
            for (String k : zoneKeys)
            {
                Node coordinator = cluster.node(1 + reads % 4);
                session.execute(selectPrepared.bind(k).setConsistencyLevel(DefaultConsistencyLevel.ONE).setNode(Cql.driverNode(session, coordinator.address())));
                reads++;
            }
        long total = 0, sourceReads = 0;
        for (int n = 1; n <= 4; n++)
        {
            long served = PluginJmx.metric(cluster.node(n), "MirrorReads") - mirrorBefore[n - 1];
            assertThat(served).as("ONE reads node %d answered from its mirror", n).isEqualTo(reads / 4);
            assertThat(PluginJmx.metric(cluster.node(n), "MirrorReadLatency") - latencyBefore[n - 1]).as("timed mirror reads on node %d", n).isEqualTo(served);
            assertThat(tableMirrorReads(cluster.node(n)) - tableBefore[n - 1]).as("the table's MirrorReads meter on node %d", n).isEqualTo(served);
            sourceReads += localReads(cluster.node(n)) - sourceBefore[n - 1];
            total += served;
        }
        assertThat(total).isEqualTo(reads);
        // Without routing every one of these reads would be a local read of the source table on one of its 2 replicas;
        // the few there are come from background work (another zone's copy), not from these reads.
        assertThat(sourceReads).as("source-table reads during %d routed reads", reads).isLessThan(reads / 10);
        printLatencies();
        boost.unboost(zone);
    }

    /** The per-table meter (0 before the table's first mirror read on the node, when it does not exist yet). */
    private static long tableMirrorReads(Node n)
    {
        String mbean = "org.apache.cassandra.metrics:type=HotZone,keyspace=" + TABLE.split("\\.")[0] + ",scope=" + TABLE.split("\\.")[1] + ",name=MirrorReads";
        try
        {
            return PluginJmx.attribute(n, mbean, "Count");
        }
        catch (IllegalStateException e)
        {
            if (String.valueOf(e.getMessage()).contains("InstanceNotFoundException"))
                return 0;
            throw e;
        }
    }

    @Test
    @Order(6)
    void badBoostRequestsAreRefusedAndChangeNothing() throws Exception
    {
        Node node = cluster.node(1);
        NodeToolRunner tool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
        NodeToolRunner.Result before = tool.run(node, "hotzone", "plan", "show");
        assertThat(before.exitCode()).isZero();
        assertThat(tool.run(node, "hotzone", "boost", "app.nope", "--keys", "'a'").output()).contains("unknown table app.nope");
        assertThat(tool.run(node, "hotzone", "boost", "app.items", "--keys", "12,'x").output()).contains("unterminated quote");
        assertThat(tool.run(node, "hotzone", "boost", "app.items", "--keys", "'p1'", "--until", "2001-01-01").output()).contains("not in the future");
        assertThat(tool.run(node, "hotzone", "boost", "app.items").output()).contains("give --keys or --token-range");
        assertThat(tool.run(node, "hotzone", "unboost", "z000000000000").output()).contains("no active zone z000000000000");
        NodeToolRunner.Result after = tool.run(node, "hotzone", "plan", "show");
        // no zone was added (one may have left: GONE rows expire after the cooldown)
        assertThat(zoneIds(after.output())).as("zones in the plan").isSubsetOf(zoneIds(before.output()));
    }

    @Test
    @Order(7)
    void theDriverPolicyBacksOffWhileThePlanRestsAndSpreadsAZonesReadsOverAllItsMirrorReplicas() throws Exception
    {
        String key = "p7";
        String zone;
        // HotZoneLoadBalancingPolicy with a 20 % stock arm, its plan polls backing off to 8 s at rest; beside it one
        // that polls every second whatever happens (the policy before the back-off)
        try (CqlSession hz = policySession(Duration.ofSeconds(8)); CqlSession fixed = policySession(Duration.ofSeconds(1)))
        {
            HotZoneLoadBalancingPolicy policy = (HotZoneLoadBalancingPolicy) hz.getContext().getLoadBalancingPolicy("default");
            HotZoneLoadBalancingPolicy fixedPolicy = (HotZoneLoadBalancingPolicy) fixed.getContext().getLoadBalancingPolicy("default");
            hz.execute("SELECT release_version FROM system.local"); // the first request starts the plan client
            fixed.execute("SELECT release_version FROM system.local");
            awaitPlanAtRest();
            long hzBefore = policy.planRequests(), fixedBefore = fixedPolicy.planRequests();
            long tableBefore = policy.planTableReads() + fixedPolicy.planTableReads(), versionBefore = planVersion();
            Thread.sleep(10_000);
            long hzIdle = policy.planRequests() - hzBefore, fixedIdle = fixedPolicy.planRequests() - fixedBefore;
            long tableReads = policy.planTableReads() + fixedPolicy.planTableReads() - tableBefore, versions = planVersion() - versionBefore;
            // every version came from the nodes; the plan table was read only if the plan changed (an old GONE row
            // leaving after its cooldown): per change and session the plan's page, and the table's version if the next
            // poll reached a node that had not caught up yet
            assertThat(tableReads).as("plan table reads at rest, %d plan change(s)", versions).isLessThanOrEqualTo(4 * versions);
            System.out.printf("BoostDTest plan requests of one session in 10 s with the plan at rest: every 1 s %d, backing off to 8 s %d%n",
                              fixedIdle, hzIdle);
            assertThat(fixedIdle).as("polls every second, one request each (the node's version; no plan read)").isBetween(6L, 15L);
            assertThat(hzIdle).as("polls backing off while nothing changes").isLessThanOrEqualTo(fixedIdle / 2);
            assertThat(policy.planVersionSource()).isEqualTo("hotzone_views.status");

            zone = boost.boost(cluster.node(1), TABLE, List.of(key));
            boost.awaitState(zone, "READY");
            PluginJmx.awaitZonesReady(cluster, Duration.ofSeconds(30));
            long planVersion = planVersion();
            for (int n = 1; n <= 4; n++)
            {
                String address = cluster.node(n).address();
                Instant until = Instant.now().plusSeconds(10);
                long followed = -1;
                while (followed < planVersion && Instant.now().isBefore(until))
                {
                    Row row = Cql.onNode(session, address, "SELECT plan_version FROM hotzone_views.status").get(0);
                    followed = row.isNull(0) ? -1 : row.getLong(0);
                    if (followed < planVersion)
                        Thread.sleep(200);
                }
                assertThat(followed).as("the plan version node %d says it follows", n).isGreaterThanOrEqualTo(planVersion);
            }
            Set<String> replicas = boost.replicas(key);
            int reads = 400;
            // The stock policy: only the partition's 2 replicas coordinate its reads.
            long[] stockCounts = coordinatedMirrorReads(session, session.prepare(selectPrepared.getQuery()), key, reads);
            for (int n = 1; n <= 4; n++)
                if (!replicas.contains(cluster.node(n).address()))
                    assertThat(stockCounts[n - 1]).as("stock policy: reads coordinated by non-replica node %d", n).isZero();
            PreparedStatement ps = hz.prepare(selectPrepared.getQuery());
            // backed off at rest, the session still learns of the new zone within its longest interval and a few polls
            Instant deadline = Instant.now().plusSeconds(20);
            while (policy.readyZones() < 1 && Instant.now().isBefore(deadline))
                Thread.sleep(200);
            assertThat(policy.readyZones()).as("READY zones the policy read from the plan").isPositive();
            // The driver tells trackers about the first request just after completing it; wait until the counts stop moving,
            // or it can land in the measured window as one read too many
            long settled = -1;
            for (int i = 0; i < 50 && settled != measured(policy); i++)
            {
                settled = measured(policy);
                Thread.sleep(100);
            }
            long routedBefore = policy.abMeasurement().routed().getCount(), stockBefore = policy.abMeasurement().stock().getCount();
            long[] counts = coordinatedMirrorReads(hz, ps, key, reads);
            for (int n = 1; n <= 4; n++)
                assertThat(counts[n - 1]).as("policy: reads node %d answered from its mirror", n).isGreaterThanOrEqualTo(reads / 10);
            // the driver tells trackers about a response just after completing the request: let the last ones land
            for (int i = 0; i < 50 && measured(policy) < routedBefore + stockBefore + reads; i++)
                Thread.sleep(20);
            long routed = policy.abMeasurement().routed().getCount() - routedBefore, stockArm = policy.abMeasurement().stock().getCount() - stockBefore;
            assertThat(routed + stockArm).isEqualTo(reads);
            assertThat(stockArm).as("A/B stock arm").isBetween((long) (reads * 0.1), (long) (reads * 0.3));
            System.out.println("BoostDTest A/B (one hot partition, 4 nodes):\n" + policy.abMeasurement().summary());
        }
        boost.unboost(zone);
    }

    private static CqlSession policySession(Duration maxPlanInterval)
    {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                                                      .withClass(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, HotZoneLoadBalancingPolicy.class)
                                                      .withDuration(HotZoneOption.PLAN_REFRESH_INTERVAL, Duration.ofSeconds(1))
                                                      .withDuration(HotZoneOption.PLAN_REFRESH_MAX_INTERVAL, maxPlanInterval)
                                                      .withDouble(HotZoneOption.STOCK_SHARE, 0.2)
                                                      .withBoolean(HotZoneOption.JMX_ENABLED, false)
                                                      .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                                                      .build();
        return CqlSession.builder().addContactPoint(new java.net.InetSocketAddress(cluster.node(1).address(), 9042))
                         .withLocalDatacenter("dc1").withConfigLoader(config).build();
    }

    private static long planVersion()
    {
        return session.execute(SimpleStatement.newInstance("SELECT version FROM hotzone.plan WHERE name = 'current'")
                                              .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)).one().getLong(0);
    }

    /** Until no zone of the plan is on its way in or out (earlier tests' zones drain for a routing lease). */
    private static void awaitPlanAtRest() throws InterruptedException
    {
        Instant deadline = Instant.now().plusSeconds(60);
        List<String> settling = List.of("?");
        while (!settling.isEmpty() && Instant.now().isBefore(deadline))
        {
            settling = session.execute(SimpleStatement.newInstance("SELECT zone_id, state, dry_run FROM hotzone.plan WHERE name = 'current'")
                                                      .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)).all().stream()
                              .filter(r -> !r.isNull("zone_id") && !r.getBoolean("dry_run") && List.of("PLANNED", "ARMING", "WARMING", "DRAINING").contains(r.getString("state")))
                              .map(r -> r.getString("zone_id") + " " + r.getString("state")).toList();
            if (!settling.isEmpty())
                Thread.sleep(500);
        }
        assertThat(settling).as("zones still settling after 60 s").isEmpty();
        Thread.sleep(1500); // the sessions' next poll sees the plan at rest
    }

    private static long measured(HotZoneLoadBalancingPolicy policy)
    {
        return policy.abMeasurement().routed().getCount() + policy.abMeasurement().stock().getCount();
    }

    /** Runs ONE reads of one partition and returns, per node, how many of them it answered from its mirror. */
    private static long[] coordinatedMirrorReads(CqlSession client, PreparedStatement ps, String key, int reads) throws Exception
    {
        long[] before = new long[4];
        for (int n = 1; n <= 4; n++)
            before[n - 1] = PluginJmx.metric(cluster.node(n), "MirrorReads");
        for (int i = 0; i < reads; i++)
            client.execute(ps.bind(key).setConsistencyLevel(DefaultConsistencyLevel.ONE));
        long[] out = new long[4];
        for (int n = 1; n <= 4; n++)
            out[n - 1] = PluginJmx.metric(cluster.node(n), "MirrorReads") - before[n - 1];
        return out;
    }

    // ---- helpers ----

    @Test
    @Order(8)
    void boostWaitFollowsTheZoneToReadyAndStatusPlanTopPrintJsonAndYaml() throws Exception
    {
        Node node = cluster.node(2);
        NodeToolRunner tool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
        NodeToolRunner.Result boosted = tool.run(node, "hotzone", "boost", TABLE, "--keys", "'p3','p4'", "--until", "10m", "--wait");
        assertThat(boosted.exitCode()).as(boosted.output()).isZero();
        String zone = boosted.output().replaceAll("(?s).*Zone (z[0-9a-f]+) planned.*", "$1");
        // --wait printed the states the zone went through, and returned once the plan shows it READY
        assertThat(boosted.output()).contains("waiting until it is READY").contains("WARMING").contains("READY");
        assertThat(boost.planLine(zone)[3]).isEqualTo("READY");

        com.fasterxml.jackson.databind.JsonNode plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tool.run(node, "hotzone", "plan", "-F", "json").output());
        com.fasterxml.jackson.databind.JsonNode row = null;
        for (com.fasterxml.jackson.databind.JsonNode z : plan.get("zones"))
            if (z.get("zone").asText().equals(zone))
                row = z;
        assertThat(row).as("zone %s in plan -F json: %s", zone, plan).isNotNull();
        assertThat(row.get("state").asText()).isEqualTo("READY");
        assertThat(row.get("round").isNumber()).as("numbers stay numbers").isTrue();
        com.fasterxml.jackson.databind.JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tool.run(node, "hotzone", "status", "--format", "json").output());
        assertThat(status.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(status.get("node").asText()).contains(node.address());
        String yaml = tool.run(node, "hotzone", "top", TABLE, "-F", "yaml").output();
        assertThat(yaml).contains("window_seconds: 300").contains("partitions:");
        NodeToolRunner.Result bad = tool.run(node, "hotzone", "plan", "-F", "xml");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("arguments for -F are json,yaml only.");

        // A boost that cannot become READY: --wait fails with the zone's reason instead of waiting forever
        NodeToolRunner.Result failed = tool.run(node, "hotzone", "boost", TABLE, "--keys", "'p5'", "--until", "10m", "--wait", "--wait-timeout", "1s");
        assertThat(failed.exitCode()).as(failed.output()).isNotZero();
        assertThat(failed.output()).contains("not READY within 1 s");
        String unfinished = failed.output().replaceAll("(?s).*Zone (z[0-9a-f]+) planned.*", "$1");
        for (String id : List.of(zone, unfinished))
        {
            boost.unboost(id);
            boost.awaitState(id, "GONE");
        }
    }

    /**
     * A zone boosted onto one mirror replica (`--mirror-replicas 1`): only the node its mirror set names holds the copy
     * and takes the zone's writes, only it answers the zone's ONE reads from a mirror (every other node reads the normal
     * way), a later QUORUM write through another node is what it then serves, and the driver policy sends the zone's
     * reads to it alone. Without the sizing every node would hold and serve the zone. Then it grows to three under
     * writes: the two new replicas serve only once the new round is complete, and every ONE read equals the ALL read.
     */
    @Test
    @Order(9)
    void aZoneSizedToOneMirrorReplicaIsCopiedMirroredAndServedThereOnlyAndGrowsWithoutServingUncopiedReplicas() throws Exception
    {
        String key = "p190";
        NodeToolRunner tool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
        NodeToolRunner.Result boosted = tool.run(cluster.node(1), "hotzone", "boost", TABLE, "--keys", "'" + key + "'", "--until", "10m",
                                                 "--mirror-replicas", "1", "--wait");
        assertThat(boosted.exitCode()).as(boosted.output()).isZero();
        String zone = boosted.output().replaceAll("(?s).*Zone (z[0-9a-f]+) planned.*", "$1");
        PluginJmx.awaitZonesReady(cluster, Duration.ofSeconds(30));
        String[] line = boost.planLine(zone);
        assertThat(line[line.length - 1]).as("the plan's Mirrors column").isEqualTo("1 per DC");
        // every node is a mirror replica of every token (replicas_per_dc 0): the zone's set is the highest ranked of the four
        Node chosen = cluster.members().stream()
                             .max(java.util.Comparator.comparingLong(n -> io.hotzone.mirror.MirrorSet.rank(zone, n.address()))).orElseThrow();
        for (Node n : cluster.members())
            assertThat(mirrorBytes(n, zone)).as("mirror data of %s on %s (chosen: %s)", zone, n, chosen).matches(b -> n == chosen ? b > 0 : b == 0);

        Node other = cluster.members().stream().filter(n -> n != chosen).findFirst().orElseThrow();
        session.execute(SimpleStatement.newInstance("UPDATE app.items SET v = 'sized' WHERE k = ? AND c = 0", key)
                                       .setConsistencyLevel(DefaultConsistencyLevel.QUORUM).setNode(Cql.driverNode(session, other.address())));
        for (Node n : cluster.members())
        {
            long before = PluginJmx.metric(n, "MirrorReads");
            List<Row> rows = session.execute(selectPrepared.bind(key).setConsistencyLevel(DefaultConsistencyLevel.ONE)
                                                           .setNode(Cql.driverNode(session, n.address()))).all();
            assertThat(rows.stream().filter(r -> r.getInt("c") == 0).map(r -> r.getString("v"))).as("through %s", n).containsExactly("sized");
            assertThat(PluginJmx.metric(n, "MirrorReads") - before).as("mirror reads answered by %s (chosen: %s)", n, chosen)
                                                                    .isEqualTo(n == chosen ? 1 : 0);
        }

        try (CqlSession hz = policySession(Duration.ofSeconds(8)))
        {
            HotZoneLoadBalancingPolicy policy = (HotZoneLoadBalancingPolicy) hz.getContext().getLoadBalancingPolicy("default");
            hz.execute("SELECT release_version FROM system.local"); // starts the plan client
            Instant deadline = Instant.now().plusSeconds(30);
            while (policy.readyZones() == 0 && Instant.now().isBefore(deadline))
                Thread.sleep(200);
            PreparedStatement ps = hz.prepare(SELECT);
            long[] served = coordinatedMirrorReads(hz, ps, key, 200);
            for (int i = 0; i < served.length; i++)
            {
                boolean isChosen = cluster.node(i + 1) == chosen;
                assertThat(served[i]).as("mirror reads through node %d (chosen: %s)", i + 1, chosen).isBetween(isChosen ? 100L : 0L, isChosen ? 200L : 0L);
            }
        }

        // Grown to three while writes go on: until the new round is complete only the first node serves; the two it
        // adds take the new round's writes and copy, then serve too; the fourth never holds anything.
        List<Node> ranked = cluster.members().stream()
                                   .sorted(java.util.Comparator.comparingLong((Node n) -> io.hotzone.mirror.MirrorSet.rank(zone, n.address())).reversed()).toList();
        assertThat(ranked.get(0)).isEqualTo(chosen);
        NodeToolRunner.Result shrink = tool.run(cluster.node(2), "hotzone", "grow", zone, "--mirror-replicas", "1");
        assertThat(shrink.exitCode()).isNotZero();
        assertThat(shrink.output()).contains("a zone only grows");
        List<String> keys = List.of(key);
        try (Writers writers = new Writers(keys, 19))
        {
            try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(2)))
            {
                jmx.bean.grow(zone, 3);
            }
            Thread.sleep(1300); // a routing lease: every view has the new round; its copy waits a lease and the write timeout (4 s)
            assertThat(boost.planLine(zone)[line.length - 1]).isEqualTo("3 per DC (1 serving)");
            for (Node n : ranked.subList(1, 3))
            {
                long before = PluginJmx.metric(n, "MirrorReads");
                session.execute(selectPrepared.bind(key).setConsistencyLevel(DefaultConsistencyLevel.ONE).setNode(Cql.driverNode(session, n.address())));
                assertThat(PluginJmx.metric(n, "MirrorReads") - before).as("%s answered from a mirror before its round was complete", n).isZero();
            }
            assertThat(boost.planLine(zone)[line.length - 1]).as("still growing after those reads").isEqualTo("3 per DC (1 serving)");
            boost.awaitState(zone, "READY", z -> z[z.length - 1].equals("3 per DC"));
            PluginJmx.awaitZonesReady(cluster, Duration.ofSeconds(30));
            Thread.sleep(2000); // writes keep coming after the round completed
            assertThat(writers.done.get()).as("writes while the zone grew").isGreaterThan(50);
        }
        Thread.sleep(7000); // the short TTLs (2 to 6 s) expire: ONE and ALL below are two reads, a second apart at most
        for (Node n : ranked.subList(0, 3))
            boost.awaitServes(n, SELECT, key);
        for (Node n : cluster.members())
        {
            boolean serves = ranked.indexOf(n) < 3;
            assertThat(mirrorBytes(n, zone)).as("mirror data on %s", n).matches(b -> serves ? b > 0 : b == 0);
            long before = PluginJmx.metric(n, "MirrorReads");
            List<Row> all = session.execute(selectPrepared.bind(key).setConsistencyLevel(DefaultConsistencyLevel.ALL)).all();
            List<Row> one = session.execute(selectPrepared.bind(key).setConsistencyLevel(DefaultConsistencyLevel.ONE)
                                                          .setNode(Cql.driverNode(session, n.address()))).all();
            assertThat(PluginJmx.metric(n, "MirrorReads") - before).as("mirror reads answered by %s", n).isEqualTo(serves ? 1 : 0);
            assertSameRows(one, all, "ONE through " + n + " after the writes, against ALL");
        }
        boost.unboost(zone);
        boost.awaitState(zone, "GONE");
    }

    /** Bytes of the zone's mirror table on the node: its memtables and its sstables. */
    private static long mirrorBytes(Node n, String zone)
    {
        String table = "org.apache.cassandra.metrics:type=Table,keyspace=hotzone_mirror,scope=" + zone + ",name=";
        return PluginJmx.attribute(n, table + "MemtableLiveDataSize", "Value") + PluginJmx.attribute(n, table + "LiveDiskSpaceUsed", "Count");
    }

    private static List<String> zoneIds(String planShow)
    {
        return planShow.lines().map(l -> l.split("\\s+")[0]).filter(w -> w.matches("z[0-9a-f]{12}")).sorted().toList();
    }

    /**
     * Every ONE read (prepared and unprepared, through every node) equals the ALL read made just before it, the
     * remaining TTL within the second that may pass between them; and at least 90 % of those ONE reads were answered
     * by mirrors (MirrorReads), so the comparison cannot pass by falling back to the normal path.
     */
    private static void assertEveryOneReadEqualsAllRead(List<String> keys)
    {
        long before = boost.mirrorReads();
        int reads = 0;
        for (String k : keys)
        {
            List<Row> all = session.execute(selectPrepared.bind(k).setConsistencyLevel(DefaultConsistencyLevel.ALL)).all();
            for (Node n : cluster.members())
            {
                assertSameRows(session.execute(selectPrepared.bind(k).setConsistencyLevel(DefaultConsistencyLevel.ONE)
                                                             .setNode(Cql.driverNode(session, n.address()))).all(), all,
                               "prepared ONE read of " + k + " through " + n.address());
                assertSameRows(session.execute(SimpleStatement.newInstance(SELECT, k).setConsistencyLevel(DefaultConsistencyLevel.ONE)
                                                              .setNode(Cql.driverNode(session, n.address()))).all(), all,
                               "unprepared ONE read of " + k + " through " + n.address());
                reads += 2;
            }
        }
        assertThat(boost.mirrorReads() - before).as("of %d ONE reads, those answered from mirrors", reads).isGreaterThanOrEqualTo(reads * 9L / 10);
    }

    /** Same rows; the remaining TTL ({@code tv}) may be one second lower in the later read. */
    private static void assertSameRows(List<Row> one, List<Row> all, String what)
    {
        assertThat(withoutTtl(one)).as(what).isEqualTo(withoutTtl(all));
        for (int i = 0; i < one.size(); i++)
        {
            Integer a = all.get(i).isNull("tv") ? null : all.get(i).getInt("tv");
            Integer o = one.get(i).isNull("tv") ? null : one.get(i).getInt("tv");
            if (a == null || o == null)
                assertThat(o).as(what + ": ttl(v) of row " + i).isEqualTo(a);
            else
                assertThat(o).as(what + ": ttl(v) of row " + i).isBetween(a - 1, a);
        }
    }

    private static List<String> withoutTtl(List<Row> rows)
    {
        List<String> out = new ArrayList<>();
        for (Row r : rows)
            out.add(r.getString("k") + "|" + r.getInt("c") + "|" + r.getString("v") + "|" + r.getString("s") + "|" + r.getSet("tags", String.class)
                    + "|" + r.getObject("wv") + "|" + r.getObject("ws"));
        return out;
    }

    private static List<String> oneRead(String key, Node coordinator)
    {
        return BoostCluster.format(session.execute(SimpleStatement.newInstance(SELECT, key)
                                                     .setConsistencyLevel(DefaultConsistencyLevel.ONE).setNode(Cql.driverNode(session, coordinator.address()))));
    }

    private static void write(String cql, String key)
    {
        session.execute(SimpleStatement.newInstance(cql, key).setConsistencyLevel(DefaultConsistencyLevel.ALL));
    }

    private static Node leader() throws Exception
    {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline))
        {
            Node l = leaderOrNull();
            if (l != null)
                return l;
            Thread.sleep(500);
        }
        throw new AssertionError("no leader");
    }

    private static Node leaderOrNull()
    {
        try
        {
            Row r = session.execute(SimpleStatement.newInstance("SELECT holder FROM hotzone.leases WHERE name = 'leader'")
                                                   .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)).one();
            if (r == null)
                return null;
            return cluster.members().stream().filter(n -> n.address().equals(r.getString("holder"))).findFirst().orElse(null);
        }
        catch (RuntimeException e)
        {
            return null;
        }
    }

    /** Local reads of the source table on a node (Cassandra's per-table ReadLatency count). */
    private static long localReads(Node n) throws Exception
    {
        return PluginJmx.attribute(n, "org.apache.cassandra.metrics:type=Table,keyspace=app,scope=items,name=ReadLatency", "Count");
    }

    /** Mirror path versus normal path, same cluster and client: printed for the README, not asserted (timings). */
    private static void printLatencies()
    {
        for (int pass = 0; pass < 2; pass++)
        {
            long mirror = time(zoneKeys), normal = time(otherKeys);
            if (pass == 1)
                System.out.printf("BoostDTest latency: ONE read mean %.0f us from the mirror, %.0f us on the normal path (%d reads each)%n",
                                  mirror / 1000.0, normal / 1000.0, zoneKeys.size() * 10);
        }
    }

    private static long time(List<String> keys)
    {
        long start = System.nanoTime();
        int n = 0;
        for (int round = 0; round < 10; round++)
            for (String k : keys)
            {
                session.execute(selectPrepared.bind(k).setConsistencyLevel(DefaultConsistencyLevel.ONE));
                n++;
            }
        return (System.nanoTime() - start) / n;
    }

    /** Writers, deleters and TTL writers (TTLs of 2 to 6 s or 3000 s) on the given keys, at LOCAL_QUORUM, until closed. */
    private static final class Writers implements AutoCloseable
    {
        final AtomicLong done = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService pool = Executors.newFixedThreadPool(2);
        private final List<Future<?>> futures = new ArrayList<>();

        Writers(List<String> keys, long seed)
        {
            PreparedStatement[] ops = {
                session.prepare("INSERT INTO app.items (k, c, v) VALUES (?, ?, ?)"),
                session.prepare("INSERT INTO app.items (k, c, v) VALUES (?, ?, ?) USING TTL ?"),
                session.prepare("DELETE FROM app.items WHERE k = ? AND c = ?"),
                session.prepare("DELETE FROM app.items WHERE k = ? AND c > ? AND c < 20"),
                session.prepare("UPDATE app.items SET tags = tags + {'x'}, s = ? WHERE k = ? AND c = ?"),
                session.prepare("DELETE FROM app.items WHERE k = ?"),
            };
            for (int t = 0; t < 2; t++)
            {
                Random random = new Random(seed + t);
                futures.add(pool.submit(() -> {
                    while (running.get())
                    {
                        String k = keys.get(random.nextInt(keys.size()));
                        int c = random.nextInt(12);
                        int op = random.nextInt(20);
                        Statement<?> s = op < 7 ? ops[0].bind(k, c, "w" + done.get())
                                       : op < 11 ? ops[1].bind(k, c, "ttl" + done.get(), random.nextBoolean() ? 2 + random.nextInt(5) : 3000)
                                       : op < 14 ? ops[2].bind(k, c)
                                       : op < 16 ? ops[3].bind(k, 8 + c % 4)
                                       : op < 19 ? ops[4].bind("st" + done.get(), k, c)
                                       : ops[5].bind(k);
                        session.execute(s.setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM));
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
        }

        @Override
        public void close() throws Exception
        {
            running.set(false);
            for (Future<?> f : futures)
                f.get(60, TimeUnit.SECONDS); // a failed client write fails the test here
            pool.shutdownNow();
        }
    }
}
