package io.hotzone.dtests;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose hotzone.yaml is wrong still starts and serves; the plugin stays passive and says why. A one-node
 * cluster of its own (127.0.0.10) so the shared cluster keeps a valid configuration.
 */
class BrokenConfigDTest
{
    private static final String BROKEN = "enabled: true\ncycle: 45s\nbucket: 10s\nkeyspace_replication_factr: 2\n";

    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception
    {
        ClusterSpec spec = ClusterSpec.of("hz-broken-config", 1).withFirstAddress(10).withHotzoneYaml(1, BROKEN);
        cluster = LocalCluster.create(spec, SharedCluster.workDir(), Artifacts.fromSystemProperties());
        cluster.start(LocalCluster.START_TIMEOUT);
    }

    @AfterAll
    static void stop()
    {
        if (cluster != null)
            cluster.close();
    }

    @Test
    void nodeStartsAndServesWhileThePluginStaysPassiveAndSaysWhy() throws Exception
    {
        Node node = cluster.node(1);
        assertThat(PluginJmx.awaitSettled(node, Duration.ofSeconds(120))).isEqualTo("PASSIVE");

        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS app WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS app.kv (k int PRIMARY KEY, v text)");
            session.execute("INSERT INTO app.kv (k, v) VALUES (1, 'served')");
            assertThat(session.execute("SELECT v FROM app.kv WHERE k = 1").one().getString("v")).isEqualTo("served");

            Row status = session.execute("SELECT state, active, reason, last_error FROM hotzone_views.status").one();
            assertThat(status.getString("state")).isEqualTo("PASSIVE");
            assertThat(status.getBoolean("active")).isFalse();
            assertThat(status.getString("reason")).contains("invalid hotzone.yaml");
            assertThat(status.getString("last_error")).contains(node.hotzoneYaml().toString()).contains("keyspace_replication_factr");
            // Passive means passive: no keyspace of its own, no mirrors, no trigger, nothing routed.
            assertThat(session.getMetadata().getKeyspace("hotzone")).isEmpty();
            assertThat(session.getMetadata().getKeyspace("hotzone_mirror")).isEmpty();
            assertThat(session.execute("SELECT * FROM system_schema.triggers WHERE keyspace_name = 'app'").all()).isEmpty();
        }

        NodeToolRunner.Result result = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir()).run(node, "hotzone", "status");
        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).containsPattern("State\\s+: PASSIVE").contains("keyspace_replication_factr");
    }
}
