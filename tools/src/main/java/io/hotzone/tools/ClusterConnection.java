package io.hotzone.tools;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;

/** The driver session of a client command, from its {@code --host --port --dc -u -pw} options. */
final class ClusterConnection
{
    /** The options that say how to reach the cluster. */
    static final Set<String> OPTIONS = Set.of("--host", "--port", "--dc", "-u", "-pw");

    private ClusterConnection()
    {
    }

    static CqlSession open(Options options)
    {
        CqlSessionBuilder builder = CqlSession.builder();
        int port = (int) options.number("--port", 9042);
        List<InetSocketAddress> points = new ArrayList<>();
        for (String h : options.get("--host", "127.0.0.1").split(","))
            points.add(new InetSocketAddress(h.trim(), port));
        builder.addContactPoints(points);
        ProgrammaticDriverConfigLoaderBuilder config = DriverConfigLoader.programmaticBuilder()
                                                                         .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                                                                         .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10));
        if (options.has("--dc"))
            builder.withLocalDatacenter(options.get("--dc", null));
        else
            config.withString(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, "DcInferringLoadBalancingPolicy");
        if (options.has("-u"))
            builder.withAuthCredentials(options.get("-u", null), options.get("-pw", ""));
        return builder.withConfigLoader(config.build()).build();
    }
}
