package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;

/**
 * A local multi-node Cassandra cluster: one JVM per node on 127.0.0.x. Nodes are started concurrently and
 * stopped by pid only. Unless it is {@link #detach detached} (for {@code bin/hotzone cluster start}), a JVM
 * shutdown hook stops every node this instance started, so a test run never leaves a Cassandra JVM behind;
 * node folders (with their logs) stay under the work directory for post-mortems.
 */
public final class LocalCluster implements AutoCloseable
{
    private static final Logger logger = LoggerFactory.getLogger(LocalCluster.class);
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** Name and password of the superuser Cassandra creates on a cluster with authentication ({@link ClusterSpec#auth}). */
    public static final String SUPERUSER = "cassandra";

    private final ClusterSpec spec;
    private final Path dir;
    private final List<Node> nodes;
    private volatile Thread shutdownHook;
    private final Set<Integer> joined = ConcurrentHashMap.newKeySet();

    private LocalCluster(ClusterSpec spec, Path dir, List<Node> nodes)
    {
        this.spec = spec;
        this.dir = dir;
        this.nodes = List.copyOf(nodes);
    }

    /** Lays out a fresh cluster under {@code workDir/spec.name()}, wiping data left by an earlier run of the same name. */
    public static LocalCluster create(ClusterSpec spec, Path workDir, Artifacts artifacts) throws IOException
    {
        Path dir = workDir.resolve(spec.name()).toAbsolutePath().normalize();
        LocalCluster cluster = new LocalCluster(spec, dir, nodes(spec, dir, launcher(spec, artifacts)));
        for (Node node : cluster.nodes)
        {
            node.attach();
            node.stop(); // a node of an earlier run with this name (our pid and folder only)
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        cluster.saveSpec();
        for (Node node : cluster.nodes)
            node.install();
        cluster.shutdownHook = new Thread(cluster::stopQuietly, "hotzone-cluster-" + spec.name() + "-shutdown");
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        return cluster;
    }

    /** Re-attaches to a cluster created earlier (by another process) in {@code dir}. */
    public static LocalCluster open(Path dir) throws IOException
    {
        return open(dir, null);
    }

    /**
     * A cluster someone else started (ccm, a tarball install, {@code bin/hotzone cluster start}) with the plugin
     * installed: node {@code i} answers CQL on {@code addresses[i]}:9042 and JMX on 127.0.0.1:{@code jmxPorts[i]}. The
     * harness only reaches it: starting, stopping, killing or pausing its nodes is refused, and closing it leaves
     * every node running.
     */
    public static LocalCluster external(List<String> addresses, List<Integer> jmxPorts, String datacenter)
    {
        if (addresses.isEmpty() || addresses.size() != jmxPorts.size())
            throw new IllegalArgumentException("give one JMX port per contact point: " + addresses + " vs " + jmxPorts);
        ClusterSpec spec = ClusterSpec.of("external", addresses.size());
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++)
            nodes.add(Node.external(spec, i + 1, new Node.Endpoint(addresses.get(i), jmxPorts.get(i), datacenter)));
        return new LocalCluster(spec, null, nodes);
    }

    /** Whether this is a cluster the harness did not start (see {@link #external}). */
    public boolean isExternal()
    {
        return nodes.get(0).isExternal();
    }

    /** The cluster of an earlier command, able to start its nodes again with these artifacts (null: only attach). */
    public static LocalCluster open(Path dir, Artifacts artifacts) throws IOException
    {
        Path file = dir.resolve("cluster.properties");
        if (!Files.exists(file))
            throw new IllegalStateException("no local cluster in " + dir + " (start one with: bin/hotzone cluster start)");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file))
        {
            p.load(r);
        }
        ClusterSpec spec = new ClusterSpec(p.getProperty("name"), Integer.parseInt(p.getProperty("nodes")), Integer.parseInt(p.getProperty("dcs")),
                                           Integer.parseInt(p.getProperty("num_tokens")), Integer.parseInt(p.getProperty("heap_mb")),
                                           Optional.ofNullable(p.getProperty("cpu_quota_percent")).map(Integer::parseInt), Map.of(),
                                           Optional.ofNullable(p.getProperty("cassandra_home")).map(Path::of),
                                           Integer.parseInt(p.getProperty("first_address")), Boolean.parseBoolean(p.getProperty("full_jit")),
                                           Integer.parseInt(p.getProperty("spares", "0")), Boolean.parseBoolean(p.getProperty("auth", "false")),
                                           "", // the nodes' files exist already
                                           Integer.parseInt(p.getProperty("ring_delay_ms", "2000")));
        LocalCluster cluster = new LocalCluster(spec, dir, nodes(spec, dir, artifacts == null ? null : launcher(spec, artifacts)));
        cluster.nodes.forEach(Node::attach);
        return cluster;
    }

    private static NodeLauncher launcher(ClusterSpec spec, Artifacts artifacts)
    {
        return spec.cassandraHome().<NodeLauncher>map(home -> new TarballLauncher(home, artifacts)).orElseGet(() -> new JarLauncher(artifacts));
    }

    private static List<Node> nodes(ClusterSpec spec, Path dir, NodeLauncher launcher)
    {
        List<Node> nodes = new ArrayList<>();
        for (int n = 1; n <= spec.nodes(); n++)
            nodes.add(new Node(spec, n, dir.resolve("node" + n), launcher));
        return nodes;
    }

    private void saveSpec() throws IOException
    {
        Properties p = new Properties();
        p.setProperty("name", spec.name());
        p.setProperty("nodes", Integer.toString(spec.nodes()));
        p.setProperty("dcs", Integer.toString(spec.dcs()));
        p.setProperty("num_tokens", Integer.toString(spec.numTokens()));
        p.setProperty("heap_mb", Integer.toString(spec.heapMb()));
        p.setProperty("first_address", Integer.toString(spec.firstAddress()));
        p.setProperty("full_jit", Boolean.toString(spec.fullJit()));
        p.setProperty("spares", Integer.toString(spec.spares()));
        p.setProperty("auth", Boolean.toString(spec.auth()));
        p.setProperty("ring_delay_ms", Integer.toString(spec.ringDelayMs()));
        spec.cpuQuotaPercent().ifPresent(q -> p.setProperty("cpu_quota_percent", Integer.toString(q)));
        spec.cassandraHome().ifPresent(h -> p.setProperty("cassandra_home", h.toString()));
        try (Writer w = Files.newBufferedWriter(dir.resolve("cluster.properties")))
        {
            p.store(w, "HotZone local cluster");
        }
    }

    /** Keeps the nodes running after this JVM exits (bin/hotzone cluster start); stop them with {@link #stop()} later. */
    public void detach()
    {
        Thread hook = shutdownHook;
        if (hook != null)
        {
            Runtime.getRuntime().removeShutdownHook(hook);
            shutdownHook = null;
        }
    }

    public ClusterSpec spec()
    {
        return spec;
    }

    public Path dir()
    {
        return dir;
    }

    public List<Node> nodes()
    {
        return nodes;
    }

    public Node node(int number)
    {
        return nodes.get(number - 1);
    }

    /** The nodes that are not spares, and the spares this instance bootstrapped: the ring's members, up or down. */
    public List<Node> members()
    {
        return nodes.stream().filter(n -> !spec.isSpare(n.number()) || joined.contains(n.number())).toList();
    }

    /**
     * Starts a spare node: it joins the ring with {@code auto_bootstrap}, streaming its ranges from the others, and
     * accepts CQL once it joined. On failure (or timeout) the node is stopped and the error rethrown.
     */
    public void bootstrap(Node node, Duration timeout) throws IOException
    {
        if (!spec.isSpare(node.number()))
            throw new IllegalArgumentException(node + " is not a spare node");
        node.start();
        try
        {
            node.waitForCql(timeout);
            joined.add(node.number());
        }
        catch (RuntimeException e)
        {
            node.stop();
            throw e;
        }
    }

    /** Starts every node but the spares at once and waits until all accept CQL; on failure stops them all and rethrows. */
    public void start(Duration timeout)
    {
        List<Node> starting = nodes.stream().filter(n -> !spec.isSpare(n.number())).toList();
        try
        {
            for (Node node : starting)
                node.start();
            List<CompletableFuture<Void>> waits = starting.stream()
                                                       .map(n -> CompletableFuture.runAsync(() -> n.waitForCql(timeout)))
                                                       .toList();
            CompletableFuture.allOf(waits.toArray(new CompletableFuture[0])).join();
        }
        catch (IOException e)
        {
            stopQuietly();
            throw new UncheckedIOException(e);
        }
        catch (CompletionException e)
        {
            stopQuietly();
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        }
        catch (RuntimeException e)
        {
            stopQuietly();
            throw e;
        }
    }

    /** Starts every node and waits until the plugin is ACTIVE on each (what benches, the demo and dtests need). */
    public void startWithPluginActive()
    {
        start(START_TIMEOUT);
        PluginJmx.awaitActive(this, Duration.ofSeconds(120));
    }

    /** Stops every running node of this cluster (by pid, in parallel). */
    public void stop()
    {
        List<CompletableFuture<Void>> stops = nodes.stream().map(n -> CompletableFuture.runAsync(n::stop)).toList();
        CompletableFuture.allOf(stops.toArray(new CompletableFuture[0])).join();
    }

    private void stopQuietly()
    {
        try
        {
            stop();
        }
        catch (RuntimeException e)
        {
            logger.error("stopping cluster {} failed", spec.name(), e);
        }
    }

    @Override
    public void close()
    {
        if (!isExternal())
            stop();
        detach();
    }

    /**
     * Waits until every running member sees every other running member up and all agree on the schema (what a node
     * restarted by an earlier test may not yet do when its CQL port opens: a DDL statement then waits for schema
     * agreement longer than a request may take). Fails naming what is still unsettled.
     */
    public void awaitSettled(Duration limit)
    {
        long started = System.nanoTime(), deadline = started + limit.toNanos();
        String problem, first = null;
        while ((problem = unsettled()) != null)
        {
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("cluster " + spec.name() + " not settled within " + limit.toSeconds() + " s: " + problem);
            first = first == null ? problem : first;
            Node.sleep(250);
        }
        if (first != null)
            logger.info("cluster {} settled after {} ms ({})", spec.name(), (System.nanoTime() - started) / 1_000_000, first);
    }

    /** What keeps the running members from being settled, or null. */
    private String unsettled()
    {
        List<Node> running = members().stream().filter(Node::isRunning).toList();
        java.util.Set<String> addresses = running.stream().map(Node::address).collect(java.util.stream.Collectors.toSet());
        for (Node n : running)
        {
            try (javax.management.remote.JMXConnector jmx = n.jmx())
            {
                javax.management.MBeanServerConnection c = jmx.getMBeanServerConnection();
                @SuppressWarnings("unchecked")
                List<String> live = (List<String>) c.getAttribute(new javax.management.ObjectName("org.apache.cassandra.db:type=StorageService"), "LiveNodes");
                if (!live.containsAll(addresses))
                    return n.address() + " sees live " + live + ", not all of " + addresses;
                @SuppressWarnings("unchecked")
                Map<String, List<String>> versions = new java.util.HashMap<>((Map<String, List<String>>) c.getAttribute(
                    new javax.management.ObjectName("org.apache.cassandra.db:type=StorageProxy"), "SchemaVersions"));
                versions.remove("UNREACHABLE"); // members stopped on purpose; the running ones are all live (checked above)
                if (versions.size() != 1)
                    return n.address() + " sees schema versions " + versions;
            }
            catch (Exception e)
            {
                return n.address() + ": " + e;
            }
        }
        return null;
    }

    /** Caps every running node at {@code percent} of one core; false (reasons logged) unless every cap applied. */
    public boolean capCpu(int percent)
    {
        boolean all = true;
        for (Node node : nodes)
            all &= node.capCpu(percent);
        return all;
    }

    /** A driver session against this cluster (local DC dc1), with timeouts that suit a loaded 2-core machine. */
    public CqlSession session()
    {
        return session(sessionConfig().build());
    }

    /** The driver settings of {@link #session()}, to add to (a load-balancing policy, say). */
    public static ProgrammaticDriverConfigLoaderBuilder sessionConfig()
    {
        return DriverConfigLoader.programmaticBuilder()
                                 .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                                 .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                                 .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                                 .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(20))
                                 // nodes come back within seconds here (restarts, SIGCONT): reconnect as quickly
                                 .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(500))
                                 .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2));
    }

    /**
     * A driver session against this cluster; it opens a new driver session if the driver's own schema refresh got stuck
     * while nodes restarted (see {@link RecoveringSession}).
     */
    public CqlSession session(DriverConfigLoader config)
    {
        return new RecoveringSession(() -> build(config, List.of(nodes.get(0))),
                                     () -> build(config, nodes.stream().filter(Node::isRunning).collect(java.util.stream.Collectors.toList())));
    }

    private CqlSession build(DriverConfigLoader config, List<Node> contactPoints)
    {
        com.datastax.oss.driver.api.core.CqlSessionBuilder builder = CqlSession.builder()
                                                                     .withLocalDatacenter(nodes.get(0).datacenter())
                                                                     .withConfigLoader(config);
        for (Node n : contactPoints.isEmpty() ? List.of(nodes.get(0)) : contactPoints)
            builder.addContactPoint(new InetSocketAddress(n.address(), 9042));
        if (spec.auth())
            builder.withAuthCredentials(SUPERUSER, SUPERUSER);
        return builder.build();
    }

    static void deleteTree(Path root) throws IOException
    {
        if (!Files.exists(root))
            return;
        try (Stream<Path> paths = Files.walk(root))
        {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator)
                Files.deleteIfExists(p);
        }
    }

    /** Each node's {@link Node#cpuTicks()}, in node order. */
    public long[] cpuTicks() throws IOException
    {
        List<Node> all = nodes();
        long[] ticks = new long[all.size()];
        for (int i = 0; i < ticks.length; i++)
            ticks[i] = all.get(i).cpuTicks();
        return ticks;
    }
}
