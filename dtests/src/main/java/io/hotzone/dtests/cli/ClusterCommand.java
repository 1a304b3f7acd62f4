package io.hotzone.dtests.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.hotzone.dtests.cli.HotZoneCli.UsageException;
import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.CpuCap;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

/**
 * {@code bin/hotzone cluster start|stop|status}: a local cluster for people to try, kept running between commands; and
 * per node {@code start|stop|kill|pause|resume N} (N: the node's number or name), as ccm's {@code nodeN start|stop}.
 */
final class ClusterCommand
{
    static final String NAME = "hotzone-local";

    int run(List<String> args) throws Exception
    {
        if (args.isEmpty())
            throw new UsageException("cluster needs start, status or stop");
        Path work = Path.of(System.getProperty("hotzone.work.dir", "work")).toAbsolutePath();
        if (args.size() == 2 && List.of("start", "stop", "kill", "pause", "resume").contains(args.get(0)) && !args.get(1).startsWith("-"))
            return node(work, args.get(0), args.get(1));
        switch (args.get(0))
        {
            case "start": return start(work, args.subList(1, args.size()));
            case "status": return status(work);
            case "stop": return stop(work);
            default: throw new UsageException("unknown cluster command '" + args.get(0) + "'");
        }
    }

    private int start(Path work, List<String> options) throws Exception
    {
        Options o = Options.parse(options, Set.of("--nodes", "--dcs", "--heap", "--cpu-cap", "--first-address", "--hotzone-yaml"), Set.of("--single-token"));
        ClusterSpec spec = ClusterSpec.of(NAME, o.integer("--nodes", 3)).withDcs(o.integer("--dcs", 1)).withHeapMb(o.integer("--heap", 768))
                                      .withFirstAddress(o.integer("--first-address", 1));
        if (o.flag("--single-token")) // tokens may move: a ring delay long enough for every node to learn of a move
            spec = spec.withNumTokens(1).withRingDelayMs(ClusterSpec.MOVES_RING_DELAY_MS);
        if (o.text("--hotzone-yaml", null) != null)
            spec = spec.withHotzoneYamlOnAll(Files.readString(Path.of(o.text("--hotzone-yaml", null))));
        if (o.text("--cpu-cap", null) != null)
            spec = spec.withCpuQuotaPercent(o.integer("--cpu-cap", 100));
        Path dir = work.resolve(NAME);
        if (Files.exists(dir.resolve("cluster.properties")) && LocalCluster.open(dir).nodes().stream().anyMatch(Node::isRunning))
            throw new IllegalStateException("a local cluster is already running in " + dir + "; stop it first with: bin/hotzone cluster stop");
        long t0 = System.nanoTime();
        LocalCluster cluster = LocalCluster.create(spec, work, Artifacts.fromSystemProperties());
        System.out.printf("Starting %d node(s) in %d data center(s) (%s, CPU cap: %s) in %s%n", spec.nodes(), spec.dcs(),
                          spec.numTokens() == 1 ? "single-token" : spec.numTokens() + " vnodes", CpuCap.describe(spec.cpuQuotaPercent()), dir);
        cluster.start(LocalCluster.START_TIMEOUT);
        cluster.detach();
        System.out.printf("All nodes accept CQL after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        for (Node node : cluster.nodes())
            PluginJmx.awaitSettled(node, Duration.ofSeconds(90));
        System.out.printf("Plugin settled on all nodes after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        print(cluster);
        return 0;
    }

    /** One node of the running local cluster: start it again, stop (drain) or kill -9 it, pause (SIGSTOP) or resume it. */
    private int node(Path work, String action, String which) throws Exception
    {
        LocalCluster cluster = LocalCluster.open(work.resolve(NAME), Artifacts.fromSystemProperties());
        Node node = cluster.nodes().stream().filter(n -> n.name().equals(which) || Integer.toString(n.number()).equals(which)).findFirst()
                           .orElseThrow(() -> new UsageException("no node '" + which + "' in the local cluster (nodes 1.." + cluster.nodes().size() + ")"));
        switch (action)
        {
            case "start":
                if (node.isRunning())
                    throw new IllegalStateException(node.name() + " is already running (pid " + node.pid() + ")");
                long t0 = System.nanoTime();
                node.start();
                node.waitForCql(LocalCluster.START_TIMEOUT);
                System.out.printf("%s accepts CQL after %.1f s (pid %d)%n", node.name(), (System.nanoTime() - t0) / 1e9, node.pid());
                break;
            case "stop":
                running(node).stop();
                System.out.println("Stopped " + node.name());
                break;
            case "kill":
                running(node).kill();
                System.out.println("Killed " + node.name() + " (kill -9)");
                break;
            case "pause":
                if (running(node).isPaused())
                    throw new IllegalStateException(node.name() + " is already paused");
                node.pause();
                System.out.println("Paused " + node.name() + " (SIGSTOP): resume it with bin/hotzone cluster resume " + node.number());
                break;
            default:
                if (!running(node).isPaused())
                    throw new IllegalStateException(node.name() + " is not paused");
                node.resume();
                System.out.println("Resumed " + node.name());
        }
        print(cluster);
        return 0;
    }

    private static Node running(Node node)
    {
        if (!node.isRunning())
            throw new IllegalStateException(node.name() + " is not running");
        return node;
    }

    private int status(Path work) throws Exception
    {
        print(LocalCluster.open(work.resolve(NAME)));
        return 0;
    }

    private int stop(Path work) throws Exception
    {
        Path dir = work.resolve(NAME);
        if (!Files.exists(dir.resolve("cluster.properties")))
        {
            System.out.println("No local cluster in " + dir);
            return 0;
        }
        LocalCluster cluster = LocalCluster.open(dir);
        long running = cluster.nodes().stream().filter(Node::isRunning).count();
        cluster.stop();
        System.out.println("Stopped " + running + " node(s) of " + dir);
        return 0;
    }

    private static void print(LocalCluster cluster)
    {
        System.out.printf("%-7s %-11s %-6s %-4s %-5s %-8s %-9s %-14s%n", "Node", "Address", "DC", "CQL", "JMX", "Pid", "RSS(MiB)", "HotZone");
        for (Node n : cluster.nodes())
        {
            boolean up = n.isRunning();
            System.out.printf("%-7s %-11s %-6s %-4d %-5d %-8s %-9s %-14s%n", n.name(), n.address(), n.datacenter(), 9042, n.jmxPort(),
                              up ? Long.toString(n.pid()) : "down", up ? Long.toString(n.rssMb()) : "-",
                              n.isPaused() ? "paused" : up ? PluginJmx.state(n) : "-");
        }
    }
}
