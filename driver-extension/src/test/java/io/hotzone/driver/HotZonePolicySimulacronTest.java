package io.hotzone.driver;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3TokenFactory;
import com.datastax.oss.simulacron.common.cluster.ClusterSpec;
import com.datastax.oss.simulacron.common.cluster.QueryLog;
import com.datastax.oss.simulacron.common.stubbing.PrimeDsl;
import com.datastax.oss.simulacron.server.BoundCluster;
import com.datastax.oss.simulacron.server.BoundNode;
import com.datastax.oss.simulacron.server.Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy against a simulated cluster of 2 DCs × 5 nodes (Simulacron, protocol v4) with primed schema and plan
 * rows: hot reads go to the zone's pre-warmed replicas in the local DC, the A/B split holds, and a malformed or
 * missing plan changes nothing.
 */
class HotZonePolicySimulacronTest
{
    private static final String SELECT = "SELECT v FROM ks.tbl WHERE k = ?"; // Simulacron names prepared columns ks.tbl
    private static final String VERSION = "SELECT version FROM hotzone.plan WHERE name = 'current'";
    private static final String NODE_VERSION = "SELECT plan_version FROM hotzone_views.status";
    private static final String RING_DIGEST = "SELECT ring_digest FROM hotzone_views.status";
    private static final String PEER_TOKENS = "SELECT peer, tokens FROM system.peers";
    private static final String PLAN = "SELECT * FROM hotzone.plan WHERE name = 'current'"; // primed without mirror_replicas: an older plugin
    private static final String[] PLAN_COLUMNS = { "version", "bigint", "zone_id", "varchar", "keyspace_name", "varchar", "table_name", "varchar",
                                                   "state", "varchar", "dry_run", "boolean", "tokens", "list<bigint>", "key_bytes", "list<blob>",
                                                   "token_start", "bigint", "token_end", "bigint" };
    private static final ByteBuffer HOT = ByteBuffer.wrap("hot".getBytes(StandardCharsets.UTF_8));

    private static Server server;
    private static BoundCluster cluster;

    @BeforeAll
    static void startSimulacron()
    {
        server = Server.builder().build();
        cluster = server.register(ClusterSpec.builder().withNodes(5, 5));
    }

    @AfterAll
    static void stopSimulacron() throws Exception
    {
        if (cluster != null)
            cluster.close();
        if (server != null)
            server.close();
    }

    @BeforeEach
    void primeSchema()
    {
        cluster.clearPrimes(true);
        String nts = "org.apache.cassandra.locator.NetworkTopologyStrategy";
        cluster.prime(PrimeDsl.when("SELECT * FROM system_schema.keyspaces")
                              .then(PrimeDsl.rows().columnTypes("keyspace_name", "varchar", "durable_writes", "boolean", "replication", "map<varchar,varchar>")
                                            .row("keyspace_name", "ks", "durable_writes", true, "replication", Map.of("class", nts, "dc1", "2", "dc2", "2"))
                                            .row("keyspace_name", "hotzone_mirror", "durable_writes", true, "replication",
                                                 Map.of("class", nts, "dc1", "3", "dc2", "3"))));
        java.util.LinkedHashMap<String, Object> params = new java.util.LinkedHashMap<>(Map.of("k", "hot"));
        java.util.LinkedHashMap<String, String> types = new java.util.LinkedHashMap<>(Map.of("k", "varchar"));
        cluster.prime(PrimeDsl.when(PrimeDsl.query(SELECT, List.of(), params, types)).then(PrimeDsl.rows().columnTypes("v", "varchar").row("v", "value")));
    }

    @AfterEach
    void clearLogs()
    {
        cluster.clearLogs();
    }

    @Test
    void hotReadsGoToTheZonesPreWarmedReplicasInTheLocalDc() throws Exception
    {
        primePlan(PrimeDsl.rows().columnTypes(PLAN_COLUMNS).row(planRow(7L, "z1", "ks", "tbl", "READY", false, List.of(token(HOT)), List.of(HOT), null, null)));
        try (CqlSession session = session(0.0))
        {
            HotZoneLoadBalancingPolicy policy = awaitPlan(session, 1);
            Set<String> coordinators = coordinatorsOf(session, 60);
            Set<String> mirrors = replicas(session, "hotzone_mirror"), ksReplicas = replicas(session, "ks");
            // Mirrors on 3 of dc1's 5 nodes: the two others and dc2 must get none of the hot reads.
            assertThat(mirrors).hasSize(3);
            assertThat(ksReplicas).hasSize(2);
            assertThat(coordinators).as("coordinators of the hot reads").isEqualTo(mirrors);
            awaitRecorded(policy, 60);
            assertThat(policy.abMeasurement().routed().getCount()).isEqualTo(60);
        }
    }

    @Test
    void theAbTimersAreInTheSessionsDropwizardRegistry() throws Exception
    {
        primePlan(PrimeDsl.rows().columnTypes(PLAN_COLUMNS).row(planRow(7L, "z1", "ks", "tbl", "READY", false, List.of(token(HOT)), List.of(HOT), null, null)));
        try (CqlSession session = session(0.5, config -> config.withStringList(DefaultDriverOption.METRICS_SESSION_ENABLED, List.of("cql-requests")), null))
        {
            HotZoneLoadBalancingPolicy policy = awaitPlan(session, 1);
            coordinatorsOf(session, 40);
            awaitRecorded(policy, 40);
            com.codahale.metrics.MetricRegistry registry = (com.codahale.metrics.MetricRegistry) session.getMetrics().orElseThrow().getRegistry();
            String prefix = session.getName() + ".hotzone.default.hot-reads.";
            assertThat(registry.getTimers().get(prefix + "routed").getCount() + registry.getTimers().get(prefix + "stock").getCount()).isEqualTo(40);
        }
    }

    @Test
    void theAbTimersAreInTheSessionsMicrometerRegistryWhenItsFactoryIsMicrometer() throws Exception
    {
        primePlan(PrimeDsl.rows().columnTypes(PLAN_COLUMNS).row(planRow(7L, "z1", "ks", "tbl", "READY", false, List.of(token(HOT)), List.of(HOT), null, null)));
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (CqlSession session = session(0.5, config -> config.withString(DefaultDriverOption.METRICS_FACTORY_CLASS, "MicrometerMetricsFactory")
                                                               .withStringList(DefaultDriverOption.METRICS_SESSION_ENABLED, List.of("cql-requests")), meters))
        {
            HotZoneLoadBalancingPolicy policy = awaitPlan(session, 1);
            coordinatorsOf(session, 40);
            awaitRecorded(policy, 40);
            String prefix = session.getName() + ".hotzone.default.hot-reads.";
            long routed = meters.get(prefix + "routed").timer().count(), stock = meters.get(prefix + "stock").timer().count();
            assertThat(routed + stock).as("hot reads in the Micrometer timers").isEqualTo(40);
            assertThat(routed).isEqualTo(policy.abMeasurement().routed().getCount());
            assertThat(meters.get(prefix + "routed.errors").counter().count()).isZero();
        }
    }

    @Test
    void theAbShareKeepsTheStockPlanForAboutItsFraction() throws Exception
    {
        primePlan(PrimeDsl.rows().columnTypes(PLAN_COLUMNS).row(planRow(7L, "z1", "ks", "tbl", "READY", false, List.of(token(HOT)), List.of(HOT), null, null)));
        try (CqlSession session = session(0.5))
        {
            HotZoneLoadBalancingPolicy policy = awaitPlan(session, 1);
            coordinatorsOf(session, 200);
            awaitRecorded(policy, 200);
            long routed = policy.abMeasurement().routed().getCount(), stock = policy.abMeasurement().stock().getCount();
            assertThat(routed + stock).isEqualTo(200);
            assertThat(stock).as("stock arm of 200 at a 0.5 share").isBetween(60L, 140L);
            assertThat(policy.abMeasurement().summary()).contains("routed").contains("stock");
        }
    }

    @Test
    void aMalformedPlanChangesNothing() throws Exception
    {
        primePlan(PrimeDsl.rows().columnTypes(PLAN_COLUMNS)
                          .row(planRow(7L, "z1", "ks", "tbl", "READY", false, null, null, null, null))    // no tokens, keys or range
                          .row(planRow(7L, "z2", null, "tbl", "READY", false, List.of(token(HOT)), List.of(HOT), null, null))); // no keyspace
        try (CqlSession session = session(0.0))
        {
            HotZoneLoadBalancingPolicy policy = awaitPlan(session, 0);
            assertThat(policy.planVersion()).isEqualTo(7);
            assertThat(coordinatorsOf(session, 40)).as("stock plan: the partition's replicas").isSubsetOf(replicas(session, "ks"));
        }
    }

    @Test
    void aMissingPlanChangesNothing() throws Exception
    {
        // nothing primed for the plan queries: Simulacron answers them without rows
        try (CqlSession session = session(0.0))
        {
            HotZoneLoadBalancingPolicy policy = (HotZoneLoadBalancingPolicy) session.getContext().getLoadBalancingPolicy("default");
            assertThat(coordinatorsOf(session, 40)).isSubsetOf(replicas(session, "ks"));
            // The plan client must have asked, and asked again (every 200 ms here), and found nothing to act on.
            long polls = 0;
            for (int i = 0; i < 100 && polls < 3; i++)
            {
                Thread.sleep(50);
                polls = planQueries();
            }
            assertThat(polls).as("plan queries the policy sent").isGreaterThanOrEqualTo(3);
            assertThat(policy.planVersion()).as("no plan version without a plan").isLessThanOrEqualTo(0);
            assertThat(policy.readyZones()).isZero();
            assertThat(coordinatorsOf(session, 40)).isSubsetOf(replicas(session, "ks"));
        }
    }

    @Test
    void aPlanAtRestIsPolledLessAndLessASettlingOneAtTheBaseInterval() throws Exception
    {
        cluster.prime(PrimeDsl.when(NODE_VERSION).then(PrimeDsl.rows().columnTypes("plan_version", "bigint").row("plan_version", 7L)));
        Object[] ready = planRow(7L, "z1", "ks", "tbl", "READY", false, List.of(token(HOT)), List.of(HOT), null, null);
        primePlan(PrimeDsl.rows().columnTypes(PLAN_COLUMNS).row(ready));
        long atRest = nodeVersionPollsIn2s(1);
        primeSchema();
        cluster.prime(PrimeDsl.when(NODE_VERSION).then(PrimeDsl.rows().columnTypes("plan_version", "bigint").row("plan_version", 7L)));
        primePlan(PrimeDsl.rows().columnTypes(PLAN_COLUMNS).row(ready)
                          .row(planRow(7L, "z2", "ks", "tbl", "WARMING", false, List.of(token(HOT) + 1), List.of(HOT), null, null)));
        long settling = nodeVersionPollsIn2s(1);
        System.out.printf("plan version polls in 2 s: at rest %d, settling %d%n", atRest, settling);
        // base 100 ms, at most 1.6 s: at rest 200, 400, 800, 1600 ms (about 4 polls in 2 s); settling every 100 ms (about 20)
        assertThat(atRest).as("version polls in 2 s, the plan at rest").isBetween(1L, 7L);
        assertThat(settling).as("version polls in 2 s, a zone WARMING").isGreaterThanOrEqualTo(10L);
    }

    @Test
    void theRingsTokensAreReadOnlyWhenTheNodesDigestOfThemMoves() throws Exception
    {
        primeTokens();
        cluster.prime(PrimeDsl.when(RING_DIGEST).then(PrimeDsl.rows().columnTypes("ring_digest", "varchar").row("ring_digest", "d1")));
        try (CqlSession session = session(0.0, config -> config.withDuration(HotZoneOption.TOKEN_REFRESH_INTERVAL, Duration.ofMillis(100)), null))
        {
            session.execute("SELECT release_version FROM system.local");
            Thread.sleep(600); // the first two checks read the tokens (no digest checked yet, then digest d1)
            cluster.clearLogs();
            Thread.sleep(2000);
            long steadyDigests = queries(RING_DIGEST), steadyTokens = queries(PEER_TOKENS);

            primeSchema();
            primeTokens();
            cluster.prime(PrimeDsl.when(RING_DIGEST).then(PrimeDsl.rows().columnTypes("ring_digest", "varchar").row("ring_digest", "d2")));
            cluster.clearLogs();
            Thread.sleep(1000);
            long afterMove = queries(PEER_TOKENS);

            primeSchema(); // the digest unprimed: an empty answer, as from a plugin without the column
            primeTokens();
            cluster.clearLogs();
            Thread.sleep(1000);
            long withoutDigest = queries(PEER_TOKENS);
            System.out.printf("in 2 s at 100 ms: %d digest reads, %d token reads; 1 s after the digest moved: %d token reads; 1 s without a digest: %d%n",
                              steadyDigests, steadyTokens, afterMove, withoutDigest);
            assertThat(steadyDigests).as("digest reads in 2 s").isGreaterThanOrEqualTo(10);
            // one full check every 30 intervals (3 s here) whatever the digest says: at most one in the window
            assertThat(steadyTokens).as("token reads in 2 s while the digest stays d1").isLessThanOrEqualTo(1);
            assertThat(afterMove).as("token reads in the second after the digest moved (twice for the new digest, a full check at most)").isBetween(1L, 4L);
            assertThat(withoutDigest).as("token reads in 1 s without a digest (every check)").isGreaterThanOrEqualTo(5);
        }
    }

    /** The token queries answered, without rows: every node's tokens stay as the driver has them. */
    private static void primeTokens()
    {
        cluster.prime(PrimeDsl.when(PEER_TOKENS).then(PrimeDsl.rows().columnTypes("peer", "inet", "tokens", "set<varchar>")));
        cluster.prime(PrimeDsl.when("SELECT broadcast_address, tokens FROM system.local")
                              .then(PrimeDsl.rows().columnTypes("broadcast_address", "inet", "tokens", "set<varchar>")));
    }

    /** How many times the nodes received this query since the logs were last cleared. */
    private static long queries(String query)
    {
        return cluster.getNodes().stream().flatMap(n -> n.getLogs().getQueryLogs().stream()).filter(log -> query.equals(log.getQuery())).count();
    }

    /** Opens a session, waits for its plan, then counts the version polls the nodes got in 2 s; no plan read among them. */
    private static long nodeVersionPollsIn2s(int readyZones) throws InterruptedException
    {
        try (CqlSession session = session(0.0, config -> config.withDuration(HotZoneOption.PLAN_REFRESH_INTERVAL, Duration.ofMillis(100))
                                                               .withDuration(HotZoneOption.PLAN_REFRESH_MAX_INTERVAL, Duration.ofMillis(1600)), null))
        {
            HotZoneLoadBalancingPolicy policy = awaitPlan(session, readyZones);
            assertThat(policy.planVersionSource()).isEqualTo("hotzone_views.status");
            Thread.sleep(300);
            cluster.clearLogs();
            Thread.sleep(2000);
            assertThat(planQueries()).as("plan table reads while the version stays 7").isZero();
            return cluster.getNodes().stream().flatMap(n -> n.getLogs().getQueryLogs().stream())
                          .filter(log -> NODE_VERSION.equals(log.getQuery())).count();
        }
    }

    /** Queries of hotzone.plan any node received since the logs were last cleared. */
    private static long planQueries()
    {
        return cluster.getNodes().stream().flatMap(n -> n.getLogs().getQueryLogs().stream())
                      .filter(log -> log.getQuery() != null && log.getQuery().contains("FROM hotzone.plan")).count();
    }

    /** The driver tells request trackers about a response just after completing the request: wait for the last ones. */
    private static void awaitRecorded(HotZoneLoadBalancingPolicy policy, long reads) throws InterruptedException
    {
        for (int i = 0; i < 50 && policy.abMeasurement().routed().getCount() + policy.abMeasurement().stock().getCount() < reads; i++)
            Thread.sleep(20);
    }

    /** Simulacron rows are name, value pairs. */
    private static Object[] planRow(Object... values)
    {
        Object[] row = new Object[values.length * 2];
        for (int i = 0; i < values.length; i++)
        {
            row[2 * i] = PLAN_COLUMNS[2 * i];
            row[2 * i + 1] = values[i];
        }
        return row;
    }

    private static void primePlan(PrimeDsl.RowBuilder rows)
    {
        cluster.prime(PrimeDsl.when(VERSION).then(PrimeDsl.rows().columnTypes("version", "bigint").row("version", 7L)));
        cluster.prime(PrimeDsl.when(PLAN).then(rows));
    }

    private static CqlSession session(double stockShare)
    {
        return session(stockShare, config -> config, null);
    }

    private static CqlSession session(double stockShare, java.util.function.UnaryOperator<com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder> more,
                                      Object metricRegistry)
    {
        BoundNode contact = cluster.dc(0).getNodes().iterator().next();
        DriverConfigLoader config = more.apply(DriverConfigLoader.programmaticBuilder()
                                                                 .withClass(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, HotZoneLoadBalancingPolicy.class)
                                                                 .withDuration(HotZoneOption.PLAN_REFRESH_INTERVAL, Duration.ofMillis(200))
                                                                 .withDouble(HotZoneOption.STOCK_SHARE, stockShare)
                                                                 .withString(DefaultDriverOption.PROTOCOL_VERSION, "V4")
                                                                 .withBoolean(HotZoneOption.JMX_ENABLED, false))
                                        .build();
        com.datastax.oss.driver.api.core.CqlSessionBuilder builder = CqlSession.builder().addContactPoint((InetSocketAddress) contact.getAddress())
                                                                               .withLocalDatacenter("dc1").withConfigLoader(config);
        if (metricRegistry != null)
            builder.withMetricRegistry(metricRegistry);
        return builder.build();
    }

    private static HotZoneLoadBalancingPolicy awaitPlan(CqlSession session, int readyZones) throws InterruptedException
    {
        HotZoneLoadBalancingPolicy policy = (HotZoneLoadBalancingPolicy) session.getContext().getLoadBalancingPolicy("default");
        session.execute("SELECT release_version FROM system.local"); // any request starts the plan client
        for (int i = 0; i < 100 && (policy.planVersion() != 7 || policy.readyZones() != readyZones); i++)
            Thread.sleep(100);
        assertThat(policy.planVersion()).isEqualTo(7);
        assertThat(policy.readyZones()).isEqualTo(readyZones);
        return policy;
    }

    /** Runs prepared ONE reads of the hot partition; returns the addresses of the nodes that received them. */
    private static Set<String> coordinatorsOf(CqlSession session, int reads)
    {
        cluster.clearLogs();
        PreparedStatement ps = session.prepare(SELECT);
        for (int i = 0; i < reads; i++)
            session.execute(ps.bind("hot").setConsistencyLevel(DefaultConsistencyLevel.ONE));
        Set<String> out = new HashSet<>();
        for (BoundNode node : cluster.getNodes())
            for (QueryLog log : node.getLogs().getQueryLogs())
                if (log.getType().equals("EXECUTE") && SELECT.equals(log.getQuery()))
                    out.add(((InetSocketAddress) node.getAddress()).getAddress().getHostAddress());
        return out;
    }

    /** Replicas of the hot partition in dc1 for this keyspace, by the driver's own token map. */
    private static Set<String> replicas(CqlSession session, String keyspace)
    {
        Token token = session.getMetadata().getTokenMap().orElseThrow().newToken(HOT.duplicate());
        return session.getMetadata().getTokenMap().orElseThrow().getReplicas(keyspace, token).stream()
                      .filter(n -> "dc1".equals(n.getDatacenter()))
                      .map(n -> ((InetSocketAddress) n.getEndPoint().resolve()).getAddress().getHostAddress())
                      .collect(Collectors.toSet());
    }

    private static long token(ByteBuffer key)
    {
        return ((Murmur3Token) new Murmur3TokenFactory().hash(key.duplicate())).getValue();
    }
}
