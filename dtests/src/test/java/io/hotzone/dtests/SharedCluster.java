package io.hotzone.dtests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

/**
 * One 3-node cluster (vnodes, one DC) for every dtest class that asks for a {@link LocalCluster} parameter: started
 * on first use, stopped when the whole test run ends (JUnit closes root-store resources), and by the harness's
 * shutdown hook if the JVM dies first. Tests that change a node put it back the way they found it; each class starts
 * on a settled cluster (every node sees every other up, one schema version).
 */
public final class SharedCluster implements ParameterResolver
{
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedCluster.class);

    /** Short buckets and history steps, so tests see their traffic in history within seconds (dtest-hotzone.yaml). */
    public static final String FAST = resource("/dtest-hotzone.yaml");

    /**
     * Contact points (comma-separated) of a running cluster to test instead of starting one, with
     * {@value #JMX_PORTS} (one JMX port per contact point, on 127.0.0.1) and optionally {@value #DC} (default dc1).
     */
    public static final String HOSTS = "hotzone.dtest.hosts", JMX_PORTS = "hotzone.dtest.jmx-ports", DC = "hotzone.dtest.dc";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
    {
        return parameter.getParameter().getType() == LocalCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
    {
        LocalCluster cluster = context.getRoot().getStore(NS).getOrComputeIfAbsent("three-nodes", k -> start(), Running.class).cluster;
        // Once per test class: a node the class before restarted may still be joining gossip or pulling the schema,
        // and a DDL statement then waits for schema agreement longer than a request may take.
        ExtensionContext testClass = context.getTestMethod().isPresent() ? context.getParent().orElse(context) : context;
        testClass.getStore(NS).getOrComputeIfAbsent("settled", k -> {
            cluster.awaitSettled(Duration.ofSeconds(90));
            return Boolean.TRUE;
        });
        return cluster;
    }

    public static Path workDir()
    {
        return Path.of(System.getProperty("hotzone.work.dir", "target/dtest-clusters"));
    }

    private static String resource(String name)
    {
        try (java.io.InputStream in = SharedCluster.class.getResourceAsStream(name))
        {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        catch (IOException | NullPointerException e)
        {
            throw new IllegalStateException("test resource " + name + " missing", e);
        }
    }

    /** The running cluster named by {@value #HOSTS}, or null to start the shared one. */
    private static LocalCluster external()
    {
        String hosts = System.getProperty(HOSTS, "");
        if (hosts.isBlank())
            return null;
        List<String> addresses = List.of(hosts.split("\\s*,\\s*"));
        List<Integer> ports = new java.util.ArrayList<>();
        for (String p : System.getProperty(JMX_PORTS, "").split("\\s*,\\s*"))
            if (!p.isBlank())
                ports.add(Integer.parseInt(p));
        if (ports.size() != addresses.size())
            throw new IllegalArgumentException("-D" + JMX_PORTS + " must give one JMX port per host of -D" + HOSTS + ": " + addresses + " vs " + ports);
        return LocalCluster.external(addresses, ports, System.getProperty(DC, "dc1"));
    }

    private static Running start()
    {
        LocalCluster external = external();
        if (external != null)
        {
            for (Node node : external.nodes())
                assertActive(PluginJmx.awaitSettled(node, Duration.ofSeconds(60)), node);
            return new Running(external);
        }
        try
        {
            ClusterSpec spec = ClusterSpec.of("hz-shared", 3);
            spec = spec.withHotzoneYamlOnAll(FAST);
            LocalCluster cluster = LocalCluster.create(spec, workDir(), Artifacts.fromSystemProperties());
            Running running = new Running(cluster);
            cluster.start(LocalCluster.START_TIMEOUT);
            for (Node node : cluster.nodes())
                PluginJmx.awaitSettled(node, Duration.ofSeconds(120));
            return running;
        }
        catch (IOException e)
        {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertActive(String state, Node node)
    {
        if (!state.equals("ACTIVE"))
            throw new IllegalStateException("HotZone is " + state + " on " + node.address() + " (JMX port " + node.jmxPort() + ")");
    }

    private static final class Running implements ExtensionContext.Store.CloseableResource
    {
        final LocalCluster cluster;

        Running(LocalCluster cluster)
        {
            this.cluster = cluster;
        }

        @Override
        public void close()
        {
            cluster.close();
        }
    }
}
