package io.hotzone.dtests;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every statement kind, coordinated by every node, is counted exactly once per partition it touches; the
 * cluster-wide top merges all nodes' history.
 */
@ExtendWith(SharedCluster.class)
class CaptureDTest
{
    private static LocalCluster cluster;
    private static CqlSession session;
    private static final Map<String, Long> expected = new HashMap<>();
    private static int next;

    @BeforeAll
    static void runKnownWorkload(LocalCluster shared) throws Exception
    {
        cluster = shared;
        session = cluster.session();
        session.execute("CREATE KEYSPACE IF NOT EXISTS capture WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
        session.execute("CREATE TABLE IF NOT EXISTS capture.kv (k text PRIMARY KEY, v int)");
        session.execute("CREATE TABLE IF NOT EXISTS capture.untouched (k text PRIMARY KEY, v int)");

        PreparedStatement select = session.prepare("SELECT v FROM capture.kv WHERE k = ?");
        PreparedStatement update = session.prepare("UPDATE capture.kv SET v = ? WHERE k = ?");
        for (int i = 0; i < 12; i++)
            run(SimpleStatement.newInstance("SELECT v FROM capture.kv WHERE k = 'hot'"), "hot");          // unprepared read
        for (int i = 0; i < 9; i++)
            run(select.bind("hot"), "hot");                                                              // prepared read
        Thread.sleep(2500); // the rest lands in a later history step: the top must merge steps as well as nodes
        for (int i = 0; i < 6; i++)
            run(update.bind(i, "warm"), "warm");                                                         // prepared write
        for (int i = 0; i < 4; i++)
            run(SimpleStatement.newInstance("INSERT INTO capture.kv (k, v) VALUES ('warm', " + i + ")"), "warm"); // unprepared write
        run(SimpleStatement.newInstance("DELETE FROM capture.kv WHERE k = 'cold'"), "cold");
        run(SimpleStatement.newInstance("SELECT v FROM capture.kv WHERE k IN ('cold', 'hot')"), "cold", "hot");
        run(SimpleStatement.newInstance("INSERT INTO capture.kv (k, v) VALUES ('lwt', 1) IF NOT EXISTS"), "lwt");
        run(SimpleStatement.newInstance("BEGIN BATCH INSERT INTO capture.kv (k, v) VALUES ('b1', 1); "
                                        + "INSERT INTO capture.kv (k, v) VALUES ('b2', 2); APPLY BATCH"), "b1", "b2");
        run(BatchStatement.newInstance(DefaultBatchType.LOGGED, update.bind(7, "b1"), update.bind(8, "cold")), "b1", "cold");
        // Reads of system and HotZone tables are never counted.
        run(SimpleStatement.newInstance("SELECT * FROM system.local"));
        run(SimpleStatement.newInstance("SELECT * FROM hotzone.leases WHERE name = 'x'"));
        // History rows are written per 2 s step once the step is over.
        Thread.sleep(6000);
    }

    /** Runs the statement on the next node in turn (so all three coordinate) and expects one access per key given. */
    private static void run(Statement<?> statement, String... keys)
    {
        Node coordinator = cluster.node(1 + (next++ % 3));
        session.execute(statement.setNode(Cql.driverNode(session, coordinator.address())));
        for (String k : keys)
            expected.merge(k, 1L, Long::sum);
    }

    @AfterAll
    static void close()
    {
        if (session != null)
            session.close();
    }

    private static List<String> top(String table, int limit) throws Exception
    {
        try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(2)))
        {
            return jmx.bean.topPartitions(table, 120, limit);
        }
    }

    @Test
    void everyStatementKindOnEveryCoordinatorIsCountedExactly() throws Exception
    {
        Map<String, Long> counted = new HashMap<>();
        for (String line : top("capture.kv", 100))
        {
            String[] f = line.split("\t");
            assertThat(f[0]).isEqualTo("capture.kv");
            assertThat(f[4]).as("error bound of " + line).isEqualTo("0");
            counted.put(f[1], Long.parseLong(f[3]));
        }
        Map<String, Long> expectedLiterals = new HashMap<>();
        expected.forEach((k, v) -> expectedLiterals.put("'" + k + "'", v));
        assertThat(counted).isEqualTo(expectedLiterals);
    }

    @Test
    void readsAndWritesAreCountedApart() throws Exception
    {
        Map<String, long[]> split = new HashMap<>(); // reads, writes
        for (String line : top("capture.kv", 100))
        {
            String[] f = line.split("\t");
            assertThat(Long.parseLong(f[5]) + Long.parseLong(f[6])).as("reads + writes = count in " + line).isEqualTo(Long.parseLong(f[3]));
            split.put(f[1], new long[] { Long.parseLong(f[5]), Long.parseLong(f[6]) });
        }
        assertThat(split.get("'hot'")).as("hot: only reads").containsExactly(expected.get("hot"), 0);
        assertThat(split.get("'warm'")).as("warm: 6 updates and 4 inserts").containsExactly(0, 10);
        assertThat(split.get("'cold'")).as("cold: a delete, a batched update, a read").containsExactly(1, 2);
        assertThat(split.get("'b1'")).as("b1: in a text batch and a logged batch").containsExactly(0, 2);
        assertThat(split.get("'b2'")).containsExactly(0, 1);
    }

    @Test
    void historyHoldsOneRowPerNodeAndStep()
    {
        List<Row> rows = session.execute("SELECT step_start, node FROM hotzone.access_log WHERE keyspace_name = 'capture' AND table_name = 'kv' "
                                         + "AND step_start > '2020-01-01' ALLOW FILTERING").all();
        assertThat(rows.stream().map(r -> r.getString("node")).distinct()).hasSize(3);
        assertThat(rows.stream().map(r -> r.getInstant("step_start")).distinct().count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void mostAccessedComeFirstAndOnlyTouchedUserTablesAppear() throws Exception
    {
        List<String> kv = top("capture.kv", 3);
        assertThat(kv).hasSize(3);
        assertThat(kv.get(0)).startsWith("capture.kv\t'hot'\t");
        assertThat(kv.get(1)).startsWith("capture.kv\t'warm'\t");
        assertThat(top("", 1000)).anyMatch(l -> l.startsWith("capture.kv\t'hot'\t"));
        assertThat(top("", 1000)).noneMatch(l -> l.startsWith("system") || l.startsWith("hotzone") || l.startsWith("capture.untouched"));
    }

    @Test
    void coordinatorsSeeTheirOwnShareInTheVirtualTables()
    {
        long total = 0;
        for (Node node : cluster.nodes())
        {
            for (Row r : Cql.onNode(session, node.address(), "SELECT partition_key, count FROM hotzone_views.top_partitions WHERE table_name = 'capture.kv'"))
                if (r.getString("partition_key").equals("'hot'"))
                    total += r.getLong("count");
        }
        // The view window (30 s by default) still covers the workload: the three nodes' shares add up.
        assertThat(total).isEqualTo(expected.get("hot"));
        List<Row> ranges = Cql.onNode(session, cluster.node(1).address(), "SELECT range, reads, writes FROM hotzone_views.ranges WHERE table_name = 'capture.kv'");
        assertThat(ranges).isNotEmpty().allMatch(r -> r.getInt("range") >= 0 && r.getInt("range") < 256);
    }

    @Test
    void aFullScanCountsAgainstEverySubRange() throws Exception
    {
        Node coordinator = cluster.node(3);
        session.execute(SimpleStatement.newInstance("SELECT * FROM capture.untouched").setNode(Cql.driverNode(session, coordinator.address())));
        Thread.sleep(2500); // one bucket sealed
        List<Row> ranges = Cql.onNode(session, coordinator.address(), "SELECT range, reads FROM hotzone_views.ranges WHERE table_name = 'capture.untouched'");
        assertThat(ranges).hasSize(256).allMatch(r -> r.getLong("reads") >= 1);
    }

    @Test
    void nodetoolExtPrintsTheClusterWideTop() throws Exception
    {
        NodeToolRunner.Result r = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir())
                                      .run(cluster.node(1), "hotzone", "top", "capture.kv", "--window", "2m", "--limit", "2");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("capture\\.kv\\s+'hot'\\s+-?\\d+\\s+" + expected.get("hot") + "\\s+" + expected.get("hot") + "\\s+0\\s+0");
        assertThat(r.output()).containsPattern("(?m)^Table\\s+Partition\\s+Token\\s+Count\\s+Reads\\s+Writes\\s+Error");
        assertThat(r.output()).doesNotContain("'cold'");

        NodeToolRunner.Result bad = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir())
                                        .run(cluster.node(1), "hotzone", "top", "capture.nope");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("unknown table capture.nope");
    }
}
