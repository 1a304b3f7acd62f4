package io.hotzone.dtests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 4-node cluster (one DC, keyspace {@code app} with replication factor 2; a fifth, spare node joins during the
 * consistency check) that the boost dtests share: started by
 * the first class that asks for it, stopped by {@link #close()} from the last one (and at the end of the run anyway).
 * Also the helpers those tests have in common: boost, unboost, wait for a zone's state, mirror-read counts.
 */
public final class BoostCluster implements AutoCloseable
{
    static final String YAML = "bucket: 1s\ncycle: 2s\nhistory:\n  step: 2s\nforecast:\n  enabled: false\n  lease_ttl: 6s\n"
                               + "boost:\n  plan_poll: 500ms\n  cooldown: 30s\n";
    static final Duration STATE_WITHIN = Duration.ofSeconds(150);

    final LocalCluster cluster;
    final CqlSession session;

    private BoostCluster(LocalCluster cluster, CqlSession session)
    {
        this.cluster = cluster;
        this.session = session;
    }

    /** Resolves a {@link BoostCluster} parameter (of a {@code @BeforeAll} method) to the run's one instance. */
    public static final class Resolver implements ParameterResolver
    {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(BoostCluster.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
        {
            return parameter.getParameter().getType() == BoostCluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
        {
            Holder holder = context.getRoot().getStore(NS).getOrComputeIfAbsent("four-nodes", k -> new Holder(), Holder.class);
            return holder.get();
        }
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource
    {
        private BoostCluster instance;

        synchronized BoostCluster get()
        {
            if (instance == null || instance.closed)
                instance = start();
            return instance;
        }

        @Override
        public synchronized void close()
        {
            if (instance != null)
                instance.close();
        }
    }

    private volatile boolean closed;

    private static BoostCluster start()
    {
        LocalCluster cluster = null;
        try
        {
            // A copy round waits a lease plus the write timeout before it reads (writes in flight land first): 3 s instead
            // of the harness's 10 s takes 7 s off every boost of these tests.
            ClusterSpec spec = ClusterSpec.of("hz-boost", 4).withSpares(1).withFirstAddress(11).withHotzoneYamlOnAll(YAML)
                                          .withCassandraYaml("write_request_timeout: 3000ms");
            cluster = LocalCluster.create(spec, SharedCluster.workDir(), Artifacts.fromSystemProperties());
            cluster.start(LocalCluster.START_TIMEOUT);
            for (Node node : cluster.members())
                assertThat(PluginJmx.awaitSettled(node, Duration.ofSeconds(120))).isEqualTo("ACTIVE");
            CqlSession session = cluster.session();
            session.execute("CREATE KEYSPACE app WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            return new BoostCluster(cluster, session);
        }
        catch (IOException e)
        {
            if (cluster != null)
                cluster.close();
            throw new java.io.UncheckedIOException(e);
        }
        catch (RuntimeException | Error e)
        {
            if (cluster != null)
                cluster.close();
            throw e;
        }
    }

    /** Stops every node; later requests for the cluster start a new one. */
    @Override
    public synchronized void close()
    {
        if (closed)
            return;
        closed = true;
        session.close();
        cluster.close();
    }

    Node node(int n)
    {
        return cluster.node(n);
    }

    List<Node> nodes()
    {
        return cluster.members();
    }

    // ---- zones ----

    String boost(Node via, String table, List<String> keys) throws Exception
    {
        List<String> literals = keys.stream().map(k -> "'" + k + "'").toList();
        try (HotZoneJmx jmx = new HotZoneJmx(via))
        {
            return jmx.bean.boost(table, literals, null, System.currentTimeMillis() + 3_600_000L);
        }
    }

    void unboost(String zone) throws Exception
    {
        for (Node n : cluster.members())
            if (n.isRunning() && !n.isPaused())
                try (HotZoneJmx jmx = new HotZoneJmx(n))
                {
                    assertThat(jmx.bean.unboost(zone, List.of())).containsExactly(zone);
                    return;
                }
        throw new AssertionError("no running node to unboost " + zone + " through");
    }

    /** Boosts the keys and waits until the zone is READY in the plan and every node's routing view. */
    String boostReady(Node via, String table, List<String> keys) throws Exception
    {
        String zone = boost(via, table, keys);
        awaitState(zone, "READY");
        PluginJmx.awaitZonesReady(cluster, Duration.ofSeconds(30));
        return zone;
    }

    void awaitState(String zone, String state) throws Exception
    {
        awaitState(zone, state, z -> true);
    }

    /** Waits for the zone's plan line (see PlanView.COLUMNS) to show the state and satisfy the condition. */
    void awaitState(String zone, String state, Predicate<String[]> condition) throws Exception
    {
        Instant deadline = Instant.now().plus(STATE_WITHIN);
        String last = "";
        while (Instant.now().isBefore(deadline))
        {
            String[] line = planLine(zone);
            if (line != null)
            {
                last = String.join(" ", line);
                if (line[3].equals(state) && condition.test(line))
                    return;
            }
            else if (state.equals("GONE"))
                return; // GONE rows leave the plan after the cooldown
            Thread.sleep(500);
        }
        throw new AssertionError("zone " + zone + " did not reach " + state + " within " + STATE_WITHIN + "; last: " + last);
    }

    /** The zone's line in the plan as the first reachable node reads it; null when the plan has no such zone. */
    String[] planLine(String zone) throws Exception
    {
        Exception last = null;
        for (Node n : cluster.members())
        {
            if (!n.isRunning() || n.isPaused())
                continue;
            try
            {
                for (String[] f : HotZoneJmx.planZones(n))
                    if (f[0].equals(zone))
                        return f;
                return null;
            }
            catch (Exception e)
            {
                last = e;
            }
        }
        throw last != null ? last : new IllegalStateException("no running node");
    }

    // ---- reads ----

    long mirrorReads()
    {
        long sum = 0;
        for (Node n : cluster.members())
            if (n.isRunning() && !n.isPaused())
                sum += PluginJmx.metric(n, "MirrorReads");
        return sum;
    }

    /** Until a ONE read of the key through each node is answered from that node's mirror (a fenced node waits for a round). */
    void awaitEveryNodeServes(String select, String key) throws Exception
    {
        for (Node n : cluster.members())
            awaitServes(n, select, key);
    }

    /** Until a ONE read of the key through the node is answered from its mirror. */
    void awaitServes(Node n, String select, String key) throws Exception
    {
        Instant deadline = Instant.now().plus(STATE_WITHIN);
        while (true)
        {
            long before = PluginJmx.metric(n, "MirrorReads");
            try
            {
                read(select, n, DefaultConsistencyLevel.ONE, key);
                if (PluginJmx.metric(n, "MirrorReads") > before)
                    return;
            }
            catch (com.datastax.oss.driver.api.core.DriverException e)
            {
                // the driver is reconnecting to a restarted or thawed node
            }
            if (Instant.now().isAfter(deadline))
                throw new AssertionError(n + " did not answer " + key + " from its mirror within " + STATE_WITHIN);
            Thread.sleep(500);
        }
    }

    /** Until every other running node's failure detector has marked the node down (as a client would then see it). */
    void awaitSeenDown(Node down) throws Exception
    {
        awaitSeen(down, true);
    }

    void awaitSeenUp(Node up) throws Exception
    {
        awaitSeen(up, false);
    }

    private void awaitSeen(Node subject, boolean down) throws Exception
    {
        Instant deadline = Instant.now().plusSeconds(60);
        for (Node n : cluster.members())
        {
            if (n == subject || !n.isRunning() || n.isPaused())
                continue;
            while (true)
            {
                try (JMXConnector c = n.jmx())
                {
                    Object unreachable = c.getMBeanServerConnection().getAttribute(new ObjectName("org.apache.cassandra.db:type=StorageService"), "UnreachableNodes");
                    if (String.valueOf(unreachable).contains(subject.address()) == down)
                        break;
                }
                if (Instant.now().isAfter(deadline))
                    throw new AssertionError(n + " never saw " + subject + (down ? " down" : " up"));
                Thread.sleep(500);
            }
        }
    }

    /** The addresses of the key's replicas in keyspace {@code app}. */
    Set<String> replicas(String key)
    {
        return Set.copyOf(session.getMetadata().getTokenMap().orElseThrow()
                                 .getReplicas("app", TypeCodecs.TEXT.encode(key, session.getContext().getProtocolVersion()))
                                 .stream().map(n -> ((InetSocketAddress) n.getEndPoint().resolve()).getAddress().getHostAddress()).toList());
    }

    /** The nodes that are not replicas of the key (they answer ONE reads of a READY zone from their mirror only). */
    List<Node> nonReplicas(String key)
    {
        Set<String> replicas = replicas(key);
        return cluster.members().stream().filter(n -> !replicas.contains(n.address())).toList();
    }

    List<String> read(String cql, Node coordinator, DefaultConsistencyLevel cl, Object... values)
    {
        return format(session.execute(SimpleStatement.newInstance(cql, values).setConsistencyLevel(cl)
                                                     .setNode(Cql.driverNode(session, coordinator.address()))
                                                     .setTimeout(Duration.ofSeconds(20))));
    }

    void write(String cql, DefaultConsistencyLevel cl, Object... values)
    {
        session.execute(SimpleStatement.newInstance(cql, values).setConsistencyLevel(cl).setTimeout(Duration.ofSeconds(20)));
    }

    void writeVia(Node coordinator, String cql, DefaultConsistencyLevel cl, Object... values)
    {
        session.execute(SimpleStatement.newInstance(cql, values).setConsistencyLevel(cl).setTimeout(Duration.ofSeconds(20))
                                       .setNode(Cql.driverNode(session, coordinator.address())));
    }

    /** A node restarted by a test: CQL up, the plugin settled, and the driver connected to it again. */
    void awaitBack(Node node) throws Exception
    {
        node.waitForCql(Duration.ofSeconds(120));
        PluginJmx.awaitSettled(node, Duration.ofSeconds(120));
        awaitSeenUp(node);
        Instant deadline = Instant.now().plusSeconds(60);
        while (true)
        {
            try
            {
                Cql.onNode(session, node.address(), "SELECT release_version FROM system.local");
                return;
            }
            catch (com.datastax.oss.driver.api.core.DriverException e)
            {
                if (Instant.now().isAfter(deadline))
                    throw e;
                Thread.sleep(250);
            }
        }
    }

    static List<String> format(ResultSet rs)
    {
        List<String> out = new ArrayList<>();
        for (Row r : rs)
            out.add(r.getFormattedContents());
        return out;
    }

    static long sum(long[] values)
    {
        return LongStream.of(values).sum();
    }
}
