package io.hotzone.dtests;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A node killed with SIGKILL comes back with the plugin working; the others never notice: they answer QUORUM reads
 * meanwhile, and their plugin stays in the same state since the same moment, with no new error.
 */
@ExtendWith(SharedCluster.class)
@Order(Integer.MAX_VALUE)
class NodeRestartDTest
{
    @Test
    void killNineAndRestartKeepsThePluginWorking(LocalCluster cluster) throws Exception
    {
        assumeFalse(cluster.isExternal(), "kills and restarts nodes: only on a cluster the harness started");
        Node victim = cluster.node(3);
        long before = victim.pid();
        try
        {
            killAndRestart(cluster, victim, before);
        }
        finally
        {
            // Leave the shared cluster whole for whatever runs after this class.
            if (!victim.isRunning())
            {
                victim.start();
                victim.waitForCql(LocalCluster.START_TIMEOUT);
            }
        }
    }

    private static void killAndRestart(LocalCluster cluster, Node victim, long before) throws Exception
    {
        List<Node> others = cluster.nodes().stream().filter(n -> n != victim).toList();
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS restart WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}");
            session.execute("CREATE TABLE IF NOT EXISTS restart.items (k int PRIMARY KEY, v int)");
            for (int k = 0; k < 20; k++)
                session.execute(SimpleStatement.newInstance("INSERT INTO restart.items (k, v) VALUES (?, ?)", k, k * 7)
                                               .setConsistencyLevel(DefaultConsistencyLevel.ALL));
            Map<String, String> othersBefore = plugins(others);

            victim.kill();
            assertThat(victim.isRunning()).isFalse();
            assertThat(ProcessHandle.of(before).filter(ProcessHandle::isAlive)).isEmpty();
            // The others answer QUORUM reads as stock Cassandra does (RF 3: two replicas left), also before their failure
            // detectors convict the victim: a replica that does not answer is replaced by the table's speculative retry.
            for (Node n : others)
                for (int k = 0; k < 20; k++)
                    assertThat(Cql.onNode(session, n.address(), SimpleStatement.newInstance("SELECT v FROM restart.items WHERE k = ?", k)
                                                                                .setConsistencyLevel(DefaultConsistencyLevel.QUORUM))
                                  .get(0).getInt("v"))
                        .as("key %d through %s while %s is down", k, n, victim).isEqualTo(k * 7);

            victim.start();
            victim.waitForCql(LocalCluster.START_TIMEOUT);
            assertThat(victim.pid()).isNotEqualTo(before);
            assertThat(PluginJmx.awaitSettled(victim, Duration.ofSeconds(120))).isEqualTo("ACTIVE");

            // Wait for the driver to see the node back up, then read its own status row through it.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<Row> rows = null;
            while (rows == null)
            {
                try
                {
                    rows = Cql.onNode(session, victim.address(), "SELECT state FROM hotzone_views.status");
                }
                catch (RuntimeException notYet)
                {
                    if (System.nanoTime() > deadline)
                        throw notYet;
                    Thread.sleep(500);
                }
            }
            assertThat(rows).extracting(r -> r.getString("state")).containsExactly("ACTIVE");
            // The others never noticed: same state since the same moment, no new plugin error.
            assertThat(plugins(others)).as("the other nodes' plugin state, since and last error").isEqualTo(othersBefore);
        }
    }

    /** Per node: its plugin's state, when it entered it and its last error. */
    private static Map<String, String> plugins(List<Node> nodes) throws Exception
    {
        Map<String, String> out = new TreeMap<>();
        for (Node n : nodes)
            out.put(n.toString(), PluginJmx.<String>call(n, hz -> hz.getState() + " since " + hz.getStateSince() + ", last error: " + hz.getLastError()));
        return out;
    }
}
