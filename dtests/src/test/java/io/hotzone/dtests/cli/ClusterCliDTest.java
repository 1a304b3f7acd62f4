package io.hotzone.dtests.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.datastax.oss.driver.api.core.CqlSession;

import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.Pids;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code bin/hotzone cluster} on one node of its own (127.0.0.51): a start where something already listens on the
 * node's CQL port is refused naming the port; then per node pause (SIGSTOP, shown in status), resume, stop and start
 * again, each checked on the process and over CQL; then the harness attaches to it as to a cluster it did not start.
 */
class ClusterCliDTest
{
    private static final String ADDRESS = "127.0.0.51";

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void perNodeCommandsAndTheCheckOfPortsInUse() throws Exception
    {
        String previous = System.getProperty("hotzone.work.dir");
        System.setProperty("hotzone.work.dir", previous != null ? previous : "target/dtest-clusters");
        Path dir = Path.of(System.getProperty("hotzone.work.dir")).toAbsolutePath().resolve(ClusterCommand.NAME);
        try
        {
            try (ServerSocket squatter = new ServerSocket())
            {
                squatter.bind(new InetSocketAddress(ADDRESS, 9042));
                assertThatThrownBy(() -> cli("cluster", "start", "--nodes", "1", "--first-address", "51"))
                    .hasMessageContaining(ADDRESS + ":9042 is in use").hasMessageContaining("--first-address");
            }
            assertThat(cli("cluster", "start", "--nodes", "1", "--first-address", "51")).contains("Plugin settled on all nodes");

            String paused = cli("cluster", "pause", "1");
            Node node = LocalCluster.open(dir).nodes().get(0);
            assertThat(Pids.stopped(node.pid())).as("SIGSTOP").isTrue();
            assertThat(paused).containsPattern("node1\\s+" + ADDRESS.replace(".", "\\.") + ".*paused");
            assertThat(cli("cluster", "status")).contains("paused");

            cli("cluster", "resume", "1");
            assertThat(Pids.stopped(node.pid())).isFalse();
            assertThat(query()).isEqualTo(ADDRESS);

            long pid = node.pid();
            assertThat(cli("cluster", "stop", "1")).contains("Stopped node1");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(cli("cluster", "start", "1")).contains("node1 accepts CQL");
            assertThat(query()).isEqualTo(ADDRESS);
            Node restarted = LocalCluster.open(dir).nodes().get(0);
            assertThat(restarted.pid()).isNotEqualTo(pid);

            // the harness attached to a cluster it did not start (as the dtests with -Dhotzone.dtest.hosts): it reaches
            // the node over CQL and JMX, refuses to kill it, and leaves it running when closed
            LocalCluster external = LocalCluster.external(List.of(ADDRESS), List.of(restarted.jmxPort()), "dc1");
            assertThat(PluginJmx.awaitSettled(external.node(1), java.time.Duration.ofSeconds(60))).isEqualTo("ACTIVE");
            try (CqlSession session = external.session())
            {
                assertThat(session.execute("SELECT state FROM hotzone_views.status").one().getString(0)).isEqualTo("ACTIVE");
            }
            assertThatThrownBy(() -> external.node(1).kill()).hasMessageContaining("did not start");
            external.close();
            assertThat(ProcessHandle.of(restarted.pid()).map(ProcessHandle::isAlive).orElse(false)).as("still running after close").isTrue();
        }
        finally
        {
            cli("cluster", "stop");
            if (previous == null)
                System.clearProperty("hotzone.work.dir");
        }
    }

    private static String query()
    {
        try (CqlSession session = CqlSession.builder().addContactPoint(new InetSocketAddress(ADDRESS, 9042)).withLocalDatacenter("dc1").build())
        {
            return session.execute("SELECT rpc_address FROM system.local").one().getInetAddress(0).getHostAddress();
        }
    }

    /** Runs a bin/hotzone command in this JVM; returns what it printed. */
    private static String cli(String... args) throws Exception
    {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            assertThat(HotZoneCli.run(List.of(args))).isZero();
        }
        finally
        {
            System.setOut(original);
            System.out.print(captured.toString(StandardCharsets.UTF_8));
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
