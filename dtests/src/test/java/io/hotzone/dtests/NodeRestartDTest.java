package io.hotzone.dtests;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** A node killed with SIGKILL comes back with the plugin working; the others never notice the plugin. */
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
        victim.kill();
        assertThat(victim.isRunning()).isFalse();
        assertThat(ProcessHandle.of(before).filter(ProcessHandle::isAlive)).isEmpty();

        try (CqlSession session = cluster.session())
        {
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
        }
    }
}
