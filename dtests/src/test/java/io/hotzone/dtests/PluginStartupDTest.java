package io.hotzone.dtests;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;
import io.hotzone.dtests.cluster.PluginJmx;
import io.hotzone.schema.HotZoneKeyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin, dropped into lib/ of every node of a real 3-node cluster, comes up on each and creates its keyspace once. */
@ExtendWith(SharedCluster.class)
class PluginStartupDTest
{
    private static LocalCluster cluster;
    private static CqlSession session;

    @BeforeAll
    static void connect(LocalCluster shared)
    {
        cluster = shared;
        session = cluster.session();
    }

    @AfterAll
    static void disconnect()
    {
        if (session != null)
            session.close();
    }

    @Test
    void pluginIsActiveOnEveryNodeOverJmx()
    {
        for (Node node : cluster.nodes())
            assertThat(PluginJmx.state(node)).as(node.name()).isEqualTo("ACTIVE");
    }

    @Test
    void statusVirtualTableAnswersOnEveryNode()
    {
        for (Node node : cluster.nodes())
        {
            List<Row> rows = Cql.onNode(session, node.address(), "SELECT node, state, active, plugin_version, last_error, config_source FROM hotzone_views.status");
            assertThat(rows).hasSize(1);
            Row row = rows.get(0);
            assertThat(row.getString("node")).isEqualTo(node.address());
            assertThat(row.getString("state")).isEqualTo("ACTIVE");
            assertThat(row.getBoolean("active")).isTrue();
            assertThat(row.getString("plugin_version")).isEqualTo("0.1.0-SNAPSHOT");
            if (!node.isExternal()) // the harness wrote this file; elsewhere its path is the installer's
                assertThat(row.getString("config_source")).isEqualTo(node.hotzoneYaml().toString());
        }
    }

    @Test
    void metricsSitInCassandrasRegistryBesideCassandrasOwn() throws Exception
    {
        for (Node node : cluster.nodes())
        {
            try (JMXConnector jmx = node.jmx())
            {
                MBeanServerConnection mbs = jmx.getMBeanServerConnection();
                assertThat(mbs.getAttribute(new ObjectName("org.apache.cassandra.metrics:type=HotZone,name=Active"), "Value")).isEqualTo(1);
                assertThat(mbs.getAttribute(new ObjectName("org.apache.cassandra.metrics:type=HotZone,name=Errors"), "Count")).isEqualTo(0L);
                // Cassandra's own metric in the same domain, for comparison.
                assertThat(mbs.isRegistered(new ObjectName("org.apache.cassandra.metrics:type=ClientRequest,scope=Read,name=Latency"))).isTrue();
            }
        }
    }

    @Test
    void keyspaceIsCreatedOnceWithOneAgreedSchema()
    {
        assertThat(session.checkSchemaAgreement()).isTrue();
        KeyspaceMetadata ks = session.getMetadata().getKeyspace(HotZoneKeyspace.NAME).orElseThrow();
        assertThat(ks.getReplication()).containsEntry("class", "org.apache.cassandra.locator.NetworkTopologyStrategy").containsEntry("dc1", "3");
        assertThat(ks.getTable(HotZoneKeyspace.LEASES)).isPresent();

        Set<Object> tableIds = new HashSet<>();
        Set<Object> versions = new HashSet<>();
        for (Node node : cluster.nodes())
        {
            Row ksRow = Cql.onNode(session, node.address(),
                                   "SELECT writetime(durable_writes) AS created FROM system_schema.keyspaces WHERE keyspace_name = 'hotzone'").get(0);
            // Written with the plugin's fixed schema timestamps (generation, or generation + replicas when a node
            // raised the replication), never a node's clock: concurrent creation converges.
            assertThat(ksRow.getLong("created")).as(node.name())
                                                .isBetween(HotZoneKeyspace.GENERATION, HotZoneKeyspace.replicationTimestamp(Map.of("dc1", 3)));
            tableIds.add(Cql.onNode(session, node.address(),
                                    "SELECT id FROM system_schema.tables WHERE keyspace_name = 'hotzone' AND table_name = 'leases'").get(0).getUuid("id"));
            versions.add(Cql.onNode(session, node.address(), "SELECT schema_version FROM system.local").get(0).getUuid("schema_version"));
        }
        assertThat(tableIds).hasSize(1);
        assertThat(versions).hasSize(1);
    }

    @Test
    void leasesAreTakenWithLightweightTransactionsAndClientsCannotWriteThem()
    {
        // The leader lease is an LWT on hotzone.leases: a SERIAL read sees it (Paxos works on the keyspace).
        Row leader = session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance("SELECT holder FROM hotzone.leases WHERE name = 'leader'")
                                                                                         .setConsistencyLevel(com.datastax.oss.driver.api.core.DefaultConsistencyLevel.SERIAL)).one();
        assertThat(leader).as("leader lease").isNotNull();
        assertThat(cluster.nodes().stream().map(Node::address)).contains(leader.getString("holder"));
        assertThatThrownBy(() -> session.execute("INSERT INTO hotzone.leases (name, holder) VALUES ('dtest', 'a') IF NOT EXISTS"))
            .hasMessageContaining("managed by HotZone");
    }

    @Test
    void nodetoolExtReportsThePluginOnEachNodeAndKeepsStockCommands() throws Exception
    {
        NodeToolRunner nodetool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
        for (Node node : cluster.nodes())
        {
            NodeToolRunner.Result result = nodetool.run(node, "hotzone", "status");
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("HotZone on " + node.address())
                                       .containsPattern("State\\s+: ACTIVE")
                                       .containsPattern("Plugin version\\s+: 0.1.0-SNAPSHOT");
        }
        NodeToolRunner.Result ring = nodetool.run(cluster.node(1), "status");
        assertThat(ring.exitCode()).as(ring.output()).isZero();
        for (Node node : cluster.nodes())
            assertThat(ring.output()).containsPattern("UN\\s+" + node.address().replace(".", "\\.") + "\\s");
    }

    @Test
    void eachNodeRunsWithThePluginJarDroppedIntoItsOwnLib()
    {
        assumeFalse(cluster.isExternal(), "the nodes' lib directories are the harness's only on a cluster it started");
        for (Node node : cluster.nodes())
            assertThat(node.dir().resolve("lib").resolve(Path.of(System.getProperty("hotzone.plugin.jar")).getFileName())).isRegularFile();
    }
}
