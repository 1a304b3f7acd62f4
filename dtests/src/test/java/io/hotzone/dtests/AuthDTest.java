package io.hotzone.dtests;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * With PasswordAuthenticator and CassandraAuthorizer on: a read answered from a mirror is authorized against the
 * source table exactly as on the normal path (a role without SELECT gets the same Unauthorized; a role with it is
 * answered from the mirror), and HotZone's keyspaces are not writable by roles that were not granted them. With JMX
 * authentication on too, nodetool-ext takes {@code -u/-pw} and {@code -pwf} as stock nodetool does. Its own 2-node
 * cluster (authentication is set at start).
 */
class AuthDTest
{
    private static final List<String> KEYS = List.of("a1", "a2", "a3", "a4", "a5", "a6");

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void mirrorReadsAreAuthorizedLikeTheSourceTable() throws Exception
    {
        ClusterSpec spec = ClusterSpec.of("hz-auth", 2).withFirstAddress(41).withAuth()
                                      .withHotzoneYamlOnAll(BoostCluster.YAML); // boosts in seconds, not plan_poll 5 s
        LocalCluster cluster = LocalCluster.create(spec, SharedCluster.workDir(), Artifacts.fromSystemProperties());
        try
        {
            cluster.start(LocalCluster.START_TIMEOUT);
            for (Node n : cluster.nodes())
                assertThat(PluginJmx.awaitSettled(n, Duration.ofSeconds(120))).isEqualTo("ACTIVE");
            try (CqlSession admin = login(cluster, LocalCluster.SUPERUSER, LocalCluster.SUPERUSER))
            {
                ddl(admin, "CREATE KEYSPACE app WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 1}");
                ddl(admin, "CREATE TABLE app.kv (k text PRIMARY KEY, v int)");
                for (int i = 0; i < KEYS.size(); i++)
                    admin.execute(SimpleStatement.newInstance("INSERT INTO app.kv (k, v) VALUES (?, ?)", KEYS.get(i), i)
                                                 .setConsistencyLevel(DefaultConsistencyLevel.ALL));
                ddl(admin, "CREATE ROLE reader WITH PASSWORD = 'reader' AND LOGIN = true");
                ddl(admin, "GRANT SELECT ON app.kv TO reader");
                ddl(admin, "CREATE ROLE nobody WITH PASSWORD = 'nobody' AND LOGIN = true");
            }
            List<String> literals = new ArrayList<>();
            KEYS.forEach(k -> literals.add("'" + k + "'"));
            PluginJmx.call(cluster.node(1), hz -> hz.boost("app.kv", literals, "", System.currentTimeMillis() + 3_600_000L));
            PluginJmx.awaitZonesReady(cluster, Duration.ofSeconds(180));

            try (CqlSession reader = login(cluster, "reader", "reader"); CqlSession nobody = login(cluster, "nobody", "nobody"))
            {
                for (Node n : cluster.nodes())
                    awaitMirrorAnswers(reader, n);

                long before = mirrorReads(cluster);
                int reads = 0;
                for (Node n : cluster.nodes())
                    for (int i = 0; i < KEYS.size(); i++, reads++)
                        assertThat(read(reader, n, KEYS.get(i), DefaultConsistencyLevel.ONE).getInt("v")).isEqualTo(i);
                assertThat(mirrorReads(cluster) - before).as("of %d ONE reads by a role with SELECT, those answered from mirrors", reads)
                                                          .isGreaterThanOrEqualTo(reads * 9L / 10);

                before = mirrorReads(cluster);
                for (Node n : cluster.nodes())
                {
                    // QUORUM takes the normal path: what stock Cassandra says to this role
                    UnauthorizedException stock = catchThrowableOfType(() -> read(nobody, n, KEYS.get(0), DefaultConsistencyLevel.QUORUM),
                                                                       UnauthorizedException.class);
                    UnauthorizedException routed = catchThrowableOfType(() -> read(nobody, n, KEYS.get(0), DefaultConsistencyLevel.ONE),
                                                                        UnauthorizedException.class);
                    assertThat(stock).as("stock Cassandra refuses a role without SELECT").isNotNull();
                    assertThat(routed).as("a ONE read of a READY zone through %s by a role without SELECT", n.address()).isNotNull();
                    assertThat(routed.getMessage()).isEqualTo(stock.getMessage());
                }
                assertThat(mirrorReads(cluster) - before).as("mirror reads for a role without SELECT").isZero();

                for (CqlSession role : List.of(reader, nobody))
                {
                    assertThat(catchThrowableOfType(() -> role.execute("INSERT INTO hotzone.events (id, name) VALUES ('x', 'x')"), UnauthorizedException.class))
                        .as("hotzone.events written by a role without MODIFY").isNotNull();
                    assertThat(catchThrowableOfType(() -> role.execute("SELECT * FROM hotzone.plan"), UnauthorizedException.class))
                        .as("hotzone.plan read by a role without SELECT").isNotNull();
                }
            }

            // JMX authentication on (the harness connects with the superuser's credentials): nodetool-ext as stock nodetool
            NodeToolRunner nodetool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
            NodeToolRunner.Result anonymous = nodetool.run(cluster.node(1), "hotzone", "status");
            assertThat(anonymous.exitCode()).as(anonymous.output()).isNotZero();
            assertThat(anonymous.output()).contains("Credentials required");
            NodeToolRunner.Result wrong = nodetool.run(cluster.node(1), "-u", LocalCluster.SUPERUSER, "-pw", "wrong", "hotzone", "status");
            assertThat(wrong.exitCode()).as(wrong.output()).isNotZero();
            NodeToolRunner.Result right = nodetool.run(cluster.node(1), "-u", LocalCluster.SUPERUSER, "-pw", LocalCluster.SUPERUSER, "hotzone", "status");
            assertThat(right.exitCode()).as(right.output()).isZero();
            assertThat(right.output()).contains("ACTIVE");
            java.nio.file.Path passwordFile = java.nio.file.Files.createTempFile("nodetool", ".pw");
            java.nio.file.Files.writeString(passwordFile, LocalCluster.SUPERUSER + " " + LocalCluster.SUPERUSER + "\n");
            NodeToolRunner.Result fromFile = nodetool.run(cluster.node(2), "-u", LocalCluster.SUPERUSER, "-pwf", passwordFile.toString(), "hotzone", "plan");
            assertThat(fromFile.exitCode()).as(fromFile.output()).isZero();
            assertThat(fromFile.output()).contains("Plan version");
        }
        finally
        {
            cluster.close();
        }
    }

    /** A session as this role; the superuser appears shortly after the first start, so its login is retried for a while. */
    private static CqlSession login(LocalCluster cluster, String role, String password) throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true)
        {
            try
            {
                return CqlSession.builder()
                                 .addContactPoint(new InetSocketAddress(cluster.node(1).address(), 9042))
                                 .withLocalDatacenter(cluster.node(1).datacenter())
                                 .withConfigLoader(LocalCluster.sessionConfig().build())
                                 .withAuthCredentials(role, password)
                                 .build();
            }
            catch (RuntimeException e)
            {
                if (System.nanoTime() > deadline)
                    throw e;
                Thread.sleep(1000);
            }
        }
    }

    private static void ddl(CqlSession session, String cql)
    {
        session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(60)));
    }

    private static Row read(CqlSession session, Node through, String key, DefaultConsistencyLevel level)
    {
        return session.execute(SimpleStatement.newInstance("SELECT v FROM app.kv WHERE k = ?", key).setConsistencyLevel(level)
                                              .setNode(Cql.driverNode(session, through.address()))).one();
    }

    private static long mirrorReads(LocalCluster cluster)
    {
        long sum = 0;
        for (Node n : cluster.nodes())
            sum += PluginJmx.metric(n, "MirrorReads");
        return sum;
    }

    /** Until a ONE read through the node is answered from its mirror (its routing view has the READY zone). */
    private static void awaitMirrorAnswers(CqlSession session, Node n) throws InterruptedException
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true)
        {
            long before = PluginJmx.metric(n, "MirrorReads");
            read(session, n, KEYS.get(0), DefaultConsistencyLevel.ONE);
            if (PluginJmx.metric(n, "MirrorReads") > before)
                return;
            if (System.nanoTime() > deadline)
                throw new AssertionError(n + " did not answer from its mirror within 60 s");
            Thread.sleep(500);
        }
    }
}
