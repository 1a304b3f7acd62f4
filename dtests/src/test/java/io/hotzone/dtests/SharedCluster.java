package io.hotzone.dtests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

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
 * shutdown hook if the JVM dies first. Tests that change a node put it back the way they found it.
 */
public final class SharedCluster implements ParameterResolver
{
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedCluster.class);

    /** Short buckets and history steps, so tests see their traffic in history within seconds. */
    public static final String FAST = "bucket: 1s\ncycle: 4s\nhistory:\n  step: 2s\n"
                                      + "forecast:\n  step: 2s\n  horizon_steps: 10\n  history: 10m\n  lease_ttl: 12s\n  retrain_every: 1h\n"
                                      + "boost:\n  plan_poll: 1s\n";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
    {
        return parameter.getParameter().getType() == LocalCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
    {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("three-nodes", k -> start(), Running.class).cluster;
    }

    public static Path workDir()
    {
        return Path.of(System.getProperty("hotzone.work.dir", "target/dtest-clusters"));
    }

    private static Running start()
    {
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
