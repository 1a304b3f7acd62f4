package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The configuration files of one local node: cassandra.yaml, rack/DC file, logback.xml and hotzone.yaml. */
final class NodeFiles
{
    /** With authentication on, the default superuser is created at start rather than 10 s later (a test would wait). */
    static final String SUPERUSER_AT_ONCE = "-Dcassandra.superuser_setup_delay_ms=0";

    private static final BigInteger RING = BigInteger.TWO.pow(64);
    private static final BigInteger MIN_TOKEN = BigInteger.TWO.pow(63).negate();

    private NodeFiles()
    {
    }

    static void write(ClusterSpec spec, int node, Path dir, Path confDir) throws IOException
    {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf.resolve("triggers"));
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(conf.resolve("cassandra.yaml"), cassandraYaml(spec, node, dir), StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("cassandra-rackdc.properties"),
                          "dc=" + spec.datacenter(node) + "\nrack=rack1\n", StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("logback.xml"), logback(dir.resolve("logs")), StandardCharsets.UTF_8);
        String hotzone = spec.hotzoneYaml().get(node);
        if (hotzone != null)
            Files.writeString(conf.resolve("hotzone.yaml"), hotzone, StandardCharsets.UTF_8);
        else
            Files.copy(confDir.resolve("hotzone.yaml"), conf.resolve("hotzone.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (spec.auth())
        {
            // JMX authentication as cassandra-env.sh sets it up for remote JMX: the JDK's password file, owner-only
            Path password = conf.resolve(JMX_PASSWORD_FILE);
            Files.deleteIfExists(password);
            Files.writeString(password, LocalCluster.SUPERUSER + " " + LocalCluster.SUPERUSER + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    static final String JMX_PASSWORD_FILE = "jmxremote.password";

    /** The JMX flags of a node: authentication with the password file when the cluster has authentication on. */
    static List<String> jmxOptions(ClusterSpec spec, Path dir)
    {
        if (!spec.auth())
            return List.of("-Dcom.sun.management.jmxremote.authenticate=false");
        return List.of("-Dcom.sun.management.jmxremote.authenticate=true",
                       "-Dcom.sun.management.jmxremote.password.file=" + dir.resolve("conf").resolve(JMX_PASSWORD_FILE));
    }

    /** The JVM options the operator adds (conf/jvm-server.options.hotzone), comments and blank lines dropped. */
    static List<String> pluginOptions(Path confDir) throws IOException
    {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(confDir.resolve("jvm-server.options.hotzone"), StandardCharsets.UTF_8))
        {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#"))
                options.add(trimmed);
        }
        return options;
    }

    private static String cassandraYaml(ClusterSpec spec, int node, Path dir)
    {
        String seeds = IntStream.rangeClosed(1, spec.nodes()).filter(n -> !spec.isSpare(n)).mapToObj(spec::address).collect(Collectors.joining(","));
        String address = spec.address(node);
        StringBuilder y = new StringBuilder();
        y.append("cluster_name: '").append(spec.name()).append("'\n");
        y.append("num_tokens: ").append(spec.numTokens()).append('\n');
        if (spec.numTokens() == 1)
            y.append("initial_token: ").append(initialToken(spec, node)).append('\n');
        y.append("auto_bootstrap: ").append(spec.isSpare(node)).append('\n');
        y.append("partitioner: org.apache.cassandra.dht.Murmur3Partitioner\n");
        y.append("endpoint_snitch: GossipingPropertyFileSnitch\n");
        y.append("data_file_directories: [").append(dir.resolve("data")).append("]\n");
        y.append("commitlog_directory: ").append(dir.resolve("commitlog")).append('\n');
        y.append("saved_caches_directory: ").append(dir.resolve("saved_caches")).append('\n');
        y.append("hints_directory: ").append(dir.resolve("hints")).append('\n');
        y.append("cdc_raw_directory: ").append(dir.resolve("cdc_raw")).append('\n');
        y.append("seed_provider:\n  - class_name: org.apache.cassandra.locator.SimpleSeedProvider\n    parameters:\n      - seeds: \"")
         .append(seeds).append("\"\n");
        y.append("listen_address: ").append(address).append('\n');
        y.append("rpc_address: ").append(address).append('\n');
        y.append("storage_port: 7000\n");
        y.append("native_transport_port: 9042\n");
        y.append("start_native_transport: true\n");
        y.append("commitlog_sync: periodic\n");
        y.append("commitlog_sync_period: 10000ms\n");
        // Two cores shared by several JVMs: pauses happen, do not convict nodes for them.
        y.append("phi_convict_threshold: 12\n");
        y.append("concurrent_compactors: 1\n");
        // Generous timeouts for a loaded machine, unless the cluster's own lines set them.
        for (String timeout : List.of("read_request_timeout: 10000ms", "write_request_timeout: 10000ms", "range_request_timeout: 20000ms",
                                      "request_timeout: 20000ms", "cas_contention_timeout: 5000ms"))
            if (!("\n" + spec.cassandraYamlExtra()).contains("\n" + timeout.substring(0, timeout.indexOf(':') + 1)))
                y.append(timeout).append('\n');
        if (spec.auth())
        {
            y.append("authenticator: PasswordAuthenticator\n");
            y.append("authorizer: CassandraAuthorizer\n");
            y.append("role_manager: CassandraRoleManager\n");
        }
        y.append(spec.cassandraYamlExtra());
        return y.toString();
    }

    /** Evenly spaced Murmur3 tokens; data centers are offset by their index so tokens never collide. */
    static String initialToken(ClusterSpec spec, int node)
    {
        int dcIndex = (node - 1) % spec.dcs();
        int dcNodes = (int) IntStream.rangeClosed(1, spec.nodes()).filter(n -> (n - 1) % spec.dcs() == dcIndex).count();
        int position = (node - 1) / spec.dcs();
        return MIN_TOKEN.add(RING.multiply(BigInteger.valueOf(position)).divide(BigInteger.valueOf(dcNodes)))
                        .add(BigInteger.valueOf(dcIndex)).toString();
    }

    private static String logback(Path logs)
    {
        return "<configuration scan=\"false\">\n"
               + "  <appender name=\"SYSTEMLOG\" class=\"ch.qos.logback.core.FileAppender\">\n"
               + "    <file>" + logs.resolve("system.log") + "</file>\n"
               + "    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>\n"
               + "  </appender>\n"
               + "  <appender name=\"STDOUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
               + "    <filter class=\"ch.qos.logback.classic.filter.ThresholdFilter\"><level>WARN</level></filter>\n"
               + "    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>\n"
               + "  </appender>\n"
               + "  <root level=\"INFO\">\n"
               + "    <appender-ref ref=\"SYSTEMLOG\"/>\n"
               + "    <appender-ref ref=\"STDOUT\"/>\n"
               + "  </root>\n"
               + "</configuration>\n";
    }
}
