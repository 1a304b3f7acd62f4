package io.hotzone.dtests;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;

import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pre-computed aggregates on the shared 4-node boost cluster (every node holds the zone's mirror): a sales table with
 * rules by (product, region, hour), (product, region, day) and (product); GROUP BY queries the rules cover — prepared
 * and not, aliased, projected, on an aligned hour range — are answered from the aggregates through every coordinator
 * (the plugin says so in the response's payload) and equal Cassandra's own answer at ALL, before, during and after
 * concurrent inserts, updates, deletes and short TTLs; a strong write, a delete and an expiring row are never
 * missed by an aggregate answer; queries a rule does not cover, or at QUORUM, take the normal path; unboost drops the
 * aggregates with the mirror.
 */
@ExtendWith(BoostCluster.Resolver.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@org.junit.jupiter.api.Order(2) // on the boost cluster, before ConsistencyCheckDTest (3) closes it
class AggregatesDTest
{
    private static final String MIRROR_INFO = io.hotzone.adapter.HotZoneQueryHandler.MIRROR_INFO;
    private static final byte FROM_AGGREGATE = io.hotzone.adapter.HotZoneQueryHandler.FROM_AGGREGATE;
    private static final List<String> PRODUCTS = List.of("p0", "p1", "p2", "p3");
    private static final String CHECKED = "pc"; // written only by the strong checker
    private static final List<String> REGIONS = List.of("eu", "us", "apac");
    /** Whole hours, so rows fall in known buckets; 2026-01-01T00:00Z. */
    private static final long T0 = 1_767_225_600_000L;

    private static final String BY_HOUR = "SELECT product, region, floor(at, 1h), count(*), sum(amount), min(qty), max(qty), avg(amount) "
                                          + "FROM app.sales WHERE product = ? GROUP BY product, region, floor(at, 1h)";
    private static final String BY_HOUR_PROJECTED = "select REGION, floor( at , 1h ) AS hour, sum(amount) AS total FROM app.sales "
                                                    + "WHERE product = ? AND region = ? GROUP BY product, region, floor(at, 1h)";
    private static final String BY_HOUR_RANGE = "SELECT region, floor(at, 1h), count(*), sum(amount) FROM app.sales WHERE product = ? AND region = ? "
                                                + "AND at >= ? AND at < ? GROUP BY product, region, floor(at, 1h)";
    private static final String BY_DAY = "SELECT product, region, floor(at, 1d), count(*), sum(amount) FROM app.sales WHERE product = ? "
                                         + "GROUP BY product, region, floor(at, 1d)";
    private static final String TOTAL = "SELECT count(*), sum(amount), max(qty) FROM app.sales WHERE product = ? GROUP BY product";
    /** Cuts an hour bucket: no rule holds the answer. */
    private static final String UNALIGNED = "SELECT region, floor(at, 1h), count(*), sum(amount) FROM app.sales WHERE product = ? AND region = ? "
                                            + "AND at >= ? AND at < ? GROUP BY product, region, floor(at, 1h)";

    private static BoostCluster boost;
    private static LocalCluster cluster;
    private static CqlSession session;
    private static String zone;

    @BeforeAll
    static void start(BoostCluster shared) throws Exception
    {
        boost = shared;
        cluster = shared.cluster;
        session = shared.session;
        session.execute("CREATE TABLE app.sales (product text, region text, at timestamp, amount bigint, qty int, "
                        + "PRIMARY KEY ((product), region, at)) WITH CLUSTERING ORDER BY (region ASC, at DESC)");
        PreparedStatement insert = session.prepare("INSERT INTO app.sales (product, region, at, amount, qty) VALUES (?, ?, ?, ?, ?)");
        Random random = new Random(21);
        List<java.util.concurrent.CompletionStage<?>> pending = new ArrayList<>();
        for (String p : PRODUCTS)
            for (int i = 0; i < 600; i++)
            {
                pending.add(session.executeAsync(insert.bind(p, REGIONS.get(i % 3), Instant.ofEpochMilli(T0 + random.nextInt(48 * 3_600_000)),
                                                             (long) random.nextInt(1000), random.nextInt(20))
                                                       .setConsistencyLevel(DefaultConsistencyLevel.ALL)));
                if (pending.size() >= 64)
                {
                    for (java.util.concurrent.CompletionStage<?> s : pending)
                        s.toCompletableFuture().get(20, TimeUnit.SECONDS);
                    pending.clear();
                }
            }
        for (java.util.concurrent.CompletionStage<?> s : pending)
            s.toCompletableFuture().get(20, TimeUnit.SECONDS);
        try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
        {
            jmx.bean.addRule("app.sales", "by_hour", "product,region,at", "at 1h", "count(*), sum(amount), min(qty), max(qty), avg(amount)");
            jmx.bean.addRule("app.sales", "by_day", "product,region,at", "at 1d", "count(*), sum(amount)");
            jmx.bean.addRule("app.sales", "total", "product", null, "count(*), sum(amount), max(qty)");
        }
        List<String> keys = new ArrayList<>(PRODUCTS);
        keys.add(CHECKED);
        zone = boost.boostReady(cluster.node(2), "app.sales", keys);
    }

    /** Leaves the shared cluster as it found it (also after a failure): no zone, no rules, no table of this class. */
    @AfterAll
    static void dropRulesAndZone() throws Exception
    {
        if (cluster == null)
            return;
        try
        {
            boost.unboost(zone);
            boost.awaitState(zone, "GONE");
        }
        catch (Throwable t)
        {
            // the zone had ended already (a failure between unboost and boost again)
        }
        try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
        {
            for (String rule : List.of("by_hour", "by_day", "total"))
                try
                {
                    jmx.bean.removeRule("app.sales", rule);
                }
                catch (RuntimeException e)
                {
                    // not added (the class failed before)
                }
        }
        session.execute(SimpleStatement.newInstance("DROP TABLE IF EXISTS app.sales").setTimeout(Duration.ofSeconds(60)));
    }

    @Test
    void coveredQueriesAreAnsweredFromAggregatesExactlyBeforeDuringAndAfterConcurrentChanges() throws Exception
    {
        // Pre-computed once READY, before any query asks: every rule's result of every partition of the zone, on every node
        for (Node node : cluster.members())
        {
            Instant deadline = Instant.now().plusSeconds(20);
            while (heldByRule(node).values().stream().anyMatch(n -> n < 5) || heldByRule(node).size() < 3)
            {
                assertThat(Instant.now()).as("results of the 5 zone partitions for 3 rules on %s: %s", node.address(), heldByRule(node)).isBefore(deadline);
                Thread.sleep(200);
            }
        }
        long[] servedBefore = new long[4];
        for (int n = 1; n <= 4; n++)
            servedBefore[n - 1] = PluginJmx.metric(cluster.node(n), "AggregateReads");

        // Quiet: every covered query, through every coordinator, from the aggregates and equal to Cassandra's answer at ALL
        everyCoveredQueryAnswersFromAggregatesAsCassandraDoes();
        for (int n = 1; n <= 4; n++)
            assertThat(PluginJmx.metric(cluster.node(n), "AggregateReads") - servedBefore[n - 1]).as("AggregateReads on node %d", n)
                                                                                                  .isGreaterThanOrEqualTo(PRODUCTS.size() * 5);

        // Churn: inserts, updates, deletes and short TTLs at ONE, QUORUM and ALL on the four products, while a checker
        // owns product pc and reads each of its own strong writes back at ONE right away, and again a little later
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread churn = new Thread(() -> churn(stop, failure), "churn");
        churn.start();
        int[] fromAggregate = new int[1];
        try
        {
            strongChecks(Duration.ofSeconds(20), fromAggregate);
        }
        finally
        {
            stop.set(true);
            churn.join(30_000);
        }
        assertThat(failure.get()).as("churn writer").isNull();
        assertThat(fromAggregate[0]).as("checker reads answered from an aggregate (the rest were dirty)").isGreaterThan(5);

        // Once the TTLs are over: exact again, from the aggregates
        Thread.sleep(4_000);
        everyCoveredQueryAnswersFromAggregatesAsCassandraDoes();

        // nodetool-ext hotzone plan lists the zone's table's rules with this node's results
        io.hotzone.dtests.cluster.NodeToolRunner.Result plan = new io.hotzone.dtests.cluster.NodeToolRunner(
            io.hotzone.dtests.cluster.Artifacts.fromSystemProperties(), SharedCluster.workDir()).run(cluster.node(4), "hotzone", "plan", "-F", "json");
        assertThat(plan.exitCode()).as(plan.output()).isZero();
        assertThat(plan.output()).containsPattern("\"rule\"\\s*:\\s*\"by_hour\"").containsPattern("\"partitions\"\\s*:\\s*5\\b");
    }

    @Test
    void queriesNoRuleCoversAndOtherLevelsTakeTheNormalPathAndUnboostDropsTheAggregates() throws Exception
    {
        Node node = cluster.node(3);
        // an hour bucket cut in half, and a covered query at QUORUM: answered, never from an aggregate
        Object[] unaligned = { "p1", "eu", Instant.ofEpochMilli(T0 + 1_800_000), Instant.ofEpochMilli(T0 + 5 * 3_600_000) };
        for (int i = 0; i < 5; i++)
        {
            ResultSet rs = run(SimpleStatement.newInstance(UNALIGNED, unaligned), node, DefaultConsistencyLevel.ONE);
            assertThat(format(rs)).isEqualTo(format(run(SimpleStatement.newInstance(UNALIGNED, unaligned), node, DefaultConsistencyLevel.ALL)));
            assertThat(answeredBy(rs)).isNotEqualTo(FROM_AGGREGATE);
            assertThat(answeredBy(run(SimpleStatement.newInstance(TOTAL, "p1"), node, DefaultConsistencyLevel.QUORUM))).isNotEqualTo(FROM_AGGREGATE);
            Thread.sleep(200);
        }
        awaitFromAggregate(SimpleStatement.newInstance(TOTAL, "p2"), node);

        boost.unboost(zone);
        boost.awaitState(zone, "GONE");
        String indexes = "SELECT index_name FROM system_schema.indexes WHERE keyspace_name = 'hotzone_mirror' AND table_name = ?";
        assertThat(session.execute(SimpleStatement.newInstance(indexes, zone)).all()).as("the aggregate index of the zone's mirror").isEmpty();
        for (int i = 0; i < 5; i++)
            assertThat(answeredBy(run(SimpleStatement.newInstance(TOTAL, "p2"), node, DefaultConsistencyLevel.ONE))).isZero();
        zone = boost.boostReady(cluster.node(2), "app.sales", List.of("p0", "p1", "p2", "p3", CHECKED));
        assertThat(session.execute(SimpleStatement.newInstance(indexes, zone)).one().getString(0)).isEqualTo(zone + "_hz_aggregates");
        awaitFromAggregate(SimpleStatement.newInstance(TOTAL, "p2"), node);
    }

    private static void everyCoveredQueryAnswersFromAggregatesAsCassandraDoes() throws Exception
    {
        PreparedStatement byHour = session.prepare(BY_HOUR);
        for (Node node : cluster.members())
            for (String p : PRODUCTS)
            {
                List<Statement<?>> covered = List.of(
                    byHour.bind(p),
                    SimpleStatement.newInstance(BY_HOUR_PROJECTED, p, "us"),
                    SimpleStatement.newInstance(BY_HOUR_RANGE, p, "eu", Instant.ofEpochMilli(T0 + 3 * 3_600_000), Instant.ofEpochMilli(T0 + 30 * 3_600_000)),
                    SimpleStatement.newInstance(BY_DAY, p),
                    SimpleStatement.newInstance(TOTAL, p));
                for (Statement<?> s : covered)
                {
                    // a weak write a mirror missed is copied again within its bound: equal within 10 s, from an aggregate
                    Instant until = Instant.now().plusSeconds(10);
                    while (true)
                    {
                        List<String> served = format(awaitFromAggregate(s, node)), cassandra = format(run(s, node, DefaultConsistencyLevel.ALL));
                        if (served.equals(cassandra))
                            break;
                        assertThat(Instant.now()).as("%s on %s through %s: %s from an aggregate, %s from Cassandra at ALL", s, p, node.address(), served, cassandra)
                                                 .isBefore(until);
                        Thread.sleep(500);
                    }
                }
            }
    }

    /** hotzone_views.aggregate_rules on the node: partitions held per rule of app.sales. */
    private static Map<String, Long> heldByRule(Node node)
    {
        Map<String, Long> held = new java.util.TreeMap<>();
        for (com.datastax.oss.driver.api.core.cql.Row r : Cql.onNode(session, node.address(), "SELECT rule, partitions FROM hotzone_views.aggregate_rules WHERE table_name = 'app.sales'"))
            held.put(r.getString("rule"), r.getLong("partitions"));
        return held;
    }

    /** Runs the statement at ONE through the node until an aggregate answers it (a stale or missing one is recomputed). */
    private static ResultSet awaitFromAggregate(Statement<?> s, Node node) throws Exception
    {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true)
        {
            ResultSet rs = run(s, node, DefaultConsistencyLevel.ONE);
            if (answeredBy(rs) == FROM_AGGREGATE)
                return rs;
            assertThat(Instant.now()).as("%s through %s answered from an aggregate", s, node.address()).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * The checker's own product: each strong write (ALL), delete and short-TTL insert is read back at ONE through
     * every coordinator at once, and again 300 ms later (by then mostly from a recomputed aggregate), and compared
     * with the checker's model. An aggregate that missed a write would answer the old count or sum.
     */
    private static void strongChecks(Duration duration, int[] fromAggregate) throws Exception
    {
        PreparedStatement insert = session.prepare("INSERT INTO app.sales (product, region, at, amount, qty) VALUES (?, ?, ?, ?, ?)");
        PreparedStatement insertTtl = session.prepare("INSERT INTO app.sales (product, region, at, amount, qty) VALUES (?, ?, ?, ?, ?) USING TTL 2");
        PreparedStatement deleteRegion = session.prepare("DELETE FROM app.sales WHERE product = ? AND region = ?");
        PreparedStatement total = session.prepare(TOTAL);
        PreparedStatement hours = session.prepare(BY_HOUR_RANGE);
        Map<String, Map<Long, long[]>> model = new java.util.HashMap<>(); // region -> at -> {amount, qty, expiresAtMillis}
        Random random = new Random(7);
        Instant end = Instant.now().plus(duration);
        int step = 0;
        while (Instant.now().isBefore(end))
        {
            step++;
            String region = REGIONS.get(random.nextInt(3));
            long at = T0 + random.nextInt(24) * 3_600_000L + random.nextInt(1000);
            long amount = random.nextInt(1000), qty = random.nextInt(20);
            if (step % 7 == 0)
            {
                session.execute(deleteRegion.bind(CHECKED, region).setConsistencyLevel(DefaultConsistencyLevel.ALL));
                model.remove(region);
            }
            else if (step % 5 == 0)
            {
                // The row expires at the coordinator's second of the write + 2: between these two instants.
                long sent = System.currentTimeMillis();
                session.execute(insertTtl.bind(CHECKED, region, Instant.ofEpochMilli(at), amount, (int) qty).setConsistencyLevel(DefaultConsistencyLevel.ALL));
                long acked = System.currentTimeMillis();
                model.computeIfAbsent(region, r -> new java.util.HashMap<>()).put(at, new long[]{ amount, qty, (sent / 1000 + 2) * 1000, (acked / 1000 + 2) * 1000 });
            }
            else
            {
                session.execute(insert.bind(CHECKED, region, Instant.ofEpochMilli(at), amount, (int) qty).setConsistencyLevel(DefaultConsistencyLevel.ALL));
                model.computeIfAbsent(region, r -> new java.util.HashMap<>()).put(at, new long[]{ amount, qty, Long.MAX_VALUE, Long.MAX_VALUE });
            }
            for (int pass = 0; pass < 2; pass++)
            {
                if (pass == 1)
                    Thread.sleep(300);
                for (Node node : cluster.members())
                    for (int query = 0; query < 2; query++)
                    {
                        long before = System.currentTimeMillis();
                        ResultSet rs = query == 0 ? run(total.bind(CHECKED), node, DefaultConsistencyLevel.ONE)
                                                  : run(hours.bind(CHECKED, region, Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 12 * 3_600_000L)),
                                                        node, DefaultConsistencyLevel.ONE);
                        long after = System.currentTimeMillis();
                        boolean aggregate = answeredBy(rs) == FROM_AGGREGATE;
                        List<String> got = format(rs);
                        // rows that may expire while the read runs may be in or out: skip that read
                        if (model.values().stream().flatMap(m -> m.values().stream()).anyMatch(v -> v[2] != Long.MAX_VALUE && after >= v[2] - 100 && before <= v[3] + 100))
                            continue;
                        List<String> expected = query == 0 ? expectedTotal(model, after) : expectedHours(model.getOrDefault(region, Map.of()), region, after);
                        assertThat(got).as("step %d pass %d query %d through %s (from aggregate: %s)", step, pass, query, node.address(), aggregate)
                                       .isEqualTo(expected);
                        if (aggregate)
                            fromAggregate[0]++;
                    }
            }
        }
    }

    /** BY_HOUR_RANGE over [T0, T0 + 12 h) of one region: its hours newest first (the clustering is DESC), live rows only. */
    private static List<String> expectedHours(Map<Long, long[]> rows, String region, long now)
    {
        java.util.TreeMap<Long, long[]> byHour = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        rows.forEach((at, v) -> {
            if (v[2] > now && at >= T0 && at < T0 + 12 * 3_600_000L)
            {
                long[] h = byHour.computeIfAbsent(at - (at - T0) % 3_600_000L, k -> new long[2]);
                h[0]++;
                h[1] += v[0];
            }
        });
        List<String> out = new ArrayList<>();
        byHour.forEach((hour, h) -> out.add(region + "|" + Instant.ofEpochMilli(hour) + "|" + h[0] + "|" + h[1]));
        return out;
    }

    private static List<String> expectedTotal(Map<String, Map<Long, long[]>> model, long now)
    {
        long count = 0, sum = 0;
        Integer max = null;
        for (Map<Long, long[]> rows : model.values())
            for (long[] v : rows.values())
                if (v[2] > now)
                {
                    count++;
                    sum += v[0];
                    max = max == null ? (int) v[1] : Math.max(max, (int) v[1]);
                }
        return count == 0 ? List.of() : List.of(count + "|" + sum + "|" + max);
    }

    /** Random inserts, updates, row and region deletes, and 2-3 s TTLs on the four products, at ONE, QUORUM or ALL. */
    private static void churn(AtomicBoolean stop, AtomicReference<Throwable> failure)
    {
        try
        {
            PreparedStatement insert = session.prepare("INSERT INTO app.sales (product, region, at, amount, qty) VALUES (?, ?, ?, ?, ?) USING TTL ?");
            PreparedStatement update = session.prepare("UPDATE app.sales SET amount = ? WHERE product = ? AND region = ? AND at = ?");
            PreparedStatement delete = session.prepare("DELETE FROM app.sales WHERE product = ? AND region = ? AND at = ?");
            PreparedStatement deleteHours = session.prepare("DELETE FROM app.sales WHERE product = ? AND region = ? AND at >= ? AND at < ?");
            List<ConsistencyLevel> levels = List.of(DefaultConsistencyLevel.ONE, DefaultConsistencyLevel.QUORUM, DefaultConsistencyLevel.ALL);
            Random random = new Random(99);
            while (!stop.get())
            {
                String p = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
                String region = REGIONS.get(random.nextInt(3));
                Instant at = Instant.ofEpochMilli(T0 + random.nextInt(48) * 3_600_000L + random.nextInt(3_600_000));
                ConsistencyLevel cl = levels.get(random.nextInt(3));
                int op = random.nextInt(20);
                Statement<?> s;
                if (op < 10)
                    s = insert.bind(p, region, at, (long) random.nextInt(1000), random.nextInt(20), op < 3 ? 2 + random.nextInt(2) : 0);
                else if (op < 15)
                    s = update.bind((long) random.nextInt(1000), p, region, at);
                else if (op < 19)
                    s = delete.bind(p, region, at);
                else
                {
                    long hour = T0 + random.nextInt(48) * 3_600_000L;
                    s = deleteHours.bind(p, region, Instant.ofEpochMilli(hour), Instant.ofEpochMilli(hour + 3_600_000));
                }
                session.execute(s.setConsistencyLevel(cl));
                Thread.sleep(5);
            }
        }
        catch (Throwable t)
        {
            failure.set(t);
        }
    }

    private static ResultSet run(Statement<?> s, Node node, ConsistencyLevel level)
    {
        return session.execute(s.setConsistencyLevel(level).setNode(Cql.driverNode(session, node.address()))
                                .setCustomPayload(Map.of(MIRROR_INFO, ByteBuffer.allocate(0))));
    }

    /** 0 for the normal path, 1 when the mirror's rows answered, 2 when an aggregate did. */
    private static int answeredBy(ResultSet rs)
    {
        ByteBuffer value = rs.getExecutionInfo().getIncomingPayload().get(MIRROR_INFO);
        return value == null || !value.hasRemaining() ? 0 : value.get(value.position());
    }

    private static List<String> format(ResultSet rs)
    {
        List<String> out = new ArrayList<>();
        rs.forEach(row -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.getColumnDefinitions().size(); i++)
                b.append(i == 0 ? "" : "|").append(row.getObject(i));
            out.add(b.toString());
        });
        return out;
    }
}
