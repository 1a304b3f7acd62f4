package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** One local Cassandra node: its folder, its JVM (by pid) and the ways to reach it. */
public final class Node
{
    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(Node.class);

    private final ClusterSpec spec;
    private final int number;
    private final Path dir;
    private final NodeLauncher launcher;
    private volatile ProcessHandle process;
    private Optional<CpuCap> cpuCap = Optional.empty();
    private boolean paused;
    private final Endpoint external; // null: a node this harness starts and stops

    /** Where a node of a cluster the harness did not start listens: CQL address, JMX port (on 127.0.0.1), data center. */
    record Endpoint(String address, int jmxPort, String datacenter)
    {
    }

    Node(ClusterSpec spec, int number, Path dir, NodeLauncher launcher)
    {
        this(spec, number, dir, launcher, null);
    }

    private Node(ClusterSpec spec, int number, Path dir, NodeLauncher launcher, Endpoint external)
    {
        this.spec = spec;
        this.number = number;
        this.dir = dir;
        this.launcher = launcher;
        this.external = external;
    }

    /** A node of a cluster started by someone else (ccm, a tarball, bin/hotzone cluster): reached, never started or stopped. */
    static Node external(ClusterSpec spec, int number, Endpoint endpoint)
    {
        return new Node(spec, number, null, null, endpoint);
    }

    /** Whether the harness only reaches this node (it did not start it and will not stop it). */
    public boolean isExternal()
    {
        return external != null;
    }

    private void managed(String what)
    {
        if (external != null)
            throw new IllegalStateException("cannot " + what + " " + name() + " (" + address() + "): it belongs to a cluster the harness did not start");
    }

    public ClusterSpec spec()
    {
        return spec;
    }

    public int number()
    {
        return number;
    }

    public String name()
    {
        return "node" + number;
    }

    public Path dir()
    {
        return dir;
    }

    public String address()
    {
        return external != null ? external.address() : spec.address(number);
    }

    public int jmxPort()
    {
        return external != null ? external.jmxPort() : spec.jmxPort(number);
    }

    public String datacenter()
    {
        return external != null ? external.datacenter() : spec.datacenter(number);
    }

    public Path systemLog()
    {
        return dir.resolve("logs/system.log");
    }

    public Path hotzoneYaml()
    {
        return dir.resolve("conf/hotzone.yaml");
    }

    private Path pidFile()
    {
        return dir.resolve("node.pid");
    }

    /** Text that only this node's command line contains: used to recognise our own JVM by pid. */
    private String marker()
    {
        return dir.toString();
    }

    void install() throws IOException
    {
        stopStale();
        Files.createDirectories(dir);
        launcher.install(this);
    }

    /** A JVM left by an earlier run that died before it could stop its nodes. */
    private void stopStale() throws IOException
    {
        if (!Files.exists(pidFile()))
            return;
        long pid = Long.parseLong(Files.readString(pidFile()).trim());
        Pids.ours(pid, marker()).ifPresent(p -> Pids.kill(p));
        Files.deleteIfExists(pidFile());
    }

    public synchronized void start() throws IOException
    {
        managed("start");
        if (isRunning())
            throw new IllegalStateException(name() + " is already running (pid " + process.pid() + ")");
        checkPortsFree();
        List<String> command = launcher.command(this);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                                                           .redirectErrorStream(true)
                                                           .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs/stdout.log").toFile()))
                                                           .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.putAll(launcher.environment(this));
        Process started = builder.start();
        process = started.toHandle();
        Files.writeString(pidFile(), Long.toString(process.pid()));
        spec.cpuQuotaPercent().ifPresent(this::capCpu);
    }

    /**
     * Caps the running JVM at {@code percent} of one core (cgroup v1 or v2); false, with the reason logged, where caps are
     * unavailable. Benchmarks cap after start so that startup and schema setup are not slowed.
     */
    public synchronized boolean capCpu(int percent)
    {
        if (!isRunning())
            throw new IllegalStateException(name() + " is not running");
        cpuCap = CpuCap.create(cpuGroup(), percent);
        if (cpuCap.isPresent())
            try
            {
                cpuCap.get().add(process.pid());
            }
            catch (IOException e)
            {
                logger.warn("CPU cap unavailable, {} runs uncapped: cannot move it into {}: {}", name(), cpuCap.get().dir(), e.getMessage());
                cpuCap.get().remove();
                cpuCap = Optional.empty();
            }
        return cpuCap.isPresent();
    }

    /** Moves the running JVM back out of its cap (the group is removed); a node without a cap is left alone. */
    public synchronized void uncapCpu() throws IOException
    {
        if (cpuCap.isEmpty() || !isRunning())
            return;
        CpuCap.release(process.pid());
        cpuCap.get().remove();
        cpuCap = Optional.empty();
    }

    /**
     * The CPU quota of the node's cap group as the group has it now (the harness's cap, or what the node's plugin set
     * there), in millicores; empty when uncapped or unlimited.
     */
    public java.util.OptionalLong cpuQuotaMillicores() throws IOException
    {
        Optional<java.nio.file.Path> dir = cpuGroupDir();
        if (dir.isEmpty())
            return java.util.OptionalLong.empty();
        return CpuCap.quotaMillicores(dir.get());
    }

    /** The directory of the node's CPU cap group, when capped. */
    public Optional<java.nio.file.Path> cpuGroupDir()
    {
        return cpuCap.map(CpuCap::dir);
    }

    /**
     * Fails, naming the address and port, when something already listens where this node would (another local
     * Cassandra such as a ccm cluster on 127.0.0.1–3): Cassandra would fail to start there, or worse, the harness would
     * talk to the other cluster.
     */
    private void checkPortsFree()
    {
        List<java.net.InetSocketAddress> ports = List.of(new java.net.InetSocketAddress(address(), 9042), new java.net.InetSocketAddress(address(), 7000),
                                                         new java.net.InetSocketAddress("127.0.0.1", jmxPort()));
        for (java.net.InetSocketAddress a : ports)
            try (java.net.ServerSocket socket = new java.net.ServerSocket())
            {
                socket.setReuseAddress(true);
                socket.bind(a);
            }
            catch (IOException e)
            {
                throw new IllegalStateException(name() + " cannot start: " + a.getHostString() + ":" + a.getPort() + " is in use (" + e.getMessage()
                                                + "); another Cassandra (ccm?) may be running there: stop it, or start this cluster on other "
                                                + "addresses (bin/hotzone cluster start --first-address N)");
            }
    }

    /** Re-attaches to a JVM started by an earlier command (bin/hotzone cluster status|stop). */
    synchronized boolean attach()
    {
        try
        {
            if (!Files.exists(pidFile()))
                return false;
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            process = Pids.ours(pid, marker()).orElse(null);
            paused = process != null && Pids.stopped(pid); // an earlier command may have paused it
            return process != null;
        }
        catch (IOException | NumberFormatException e)
        {
            return false;
        }
    }

    /** Whether the node's JVM is alive; a node of a cluster the harness did not start counts as running (it is only reached). */
    public boolean isRunning()
    {
        if (external != null)
            return true;
        ProcessHandle p = process;
        return p != null && p.isAlive();
    }

    public long pid()
    {
        ProcessHandle p = process;
        return p == null ? -1 : p.pid();
    }

    /** CPU the node's JVM has used (utime + stime), in clock ticks of 1/100 s, from /proc. */
    public long cpuTicks() throws IOException
    {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Waits until the node accepts CQL connections; fails with the tail of its log if it died or timed out. */
    public void waitForCql(Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            if (!isRunning())
                throw new IllegalStateException(name() + " (" + address() + ") exited during startup. Last log lines:\n" + logTail(40));
            try (Socket socket = new Socket())
            {
                socket.connect(new InetSocketAddress(address(), 9042), 500);
                return;
            }
            catch (IOException notYet)
            {
                if (System.nanoTime() > deadline)
                    throw new IllegalStateException(name() + " (" + address() + ") did not accept CQL within " + timeout.toSeconds()
                                                    + " s. Last log lines:\n" + logTail(40));
                sleep(250);
            }
        }
    }

    /**
     * SIGSTOP: the JVM freezes as in a long GC pause or a partition (its sockets stay open, peers mark it down after
     * the failure detector's timeout). Always pair with {@link #resume()} in a finally block; stop and kill resume first.
     */
    public synchronized void pause()
    {
        managed("pause");
        signal("STOP");
        paused = true;
        awaitStopped(true); // signals are asynchronous: a later command must find it stopped
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume()
    {
        if (paused)
        {
            signal("CONT");
            awaitStopped(false);
        }
        paused = false;
    }

    private void awaitStopped(boolean stopped)
    {
        ProcessHandle p = process;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (p != null && p.isAlive() && Pids.stopped(p.pid()) != stopped && System.nanoTime() < deadline)
            sleep(10);
    }

    public synchronized boolean isPaused()
    {
        return paused;
    }

    private void signal(String name)
    {
        ProcessHandle p = process;
        if (p == null || !p.isAlive())
            throw new IllegalStateException(name() + " is not running");
        try
        {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0)
                throw new IllegalStateException("kill -" + name + " " + p.pid() + " failed: " + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException e)
        {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** SIGTERM (Cassandra drains and stops), SIGKILL if it takes longer than 30 s. */
    public synchronized void stop()
    {
        managed("stop");
        ProcessHandle p = process;
        if (p != null && p.isAlive() && paused)
            resume();
        if (p != null && p.isAlive())
            Pids.stop(p, Duration.ofSeconds(30));
        afterExit();
    }

    /** kill -9: no drain, no flush; the commit log is replayed on the next start. */
    public synchronized void kill()
    {
        managed("kill");
        ProcessHandle p = process;
        if (p != null && p.isAlive())
            Pids.kill(p);
        paused = false;
        afterExit();
    }

    private String cpuGroup()
    {
        return "hotzone-" + spec.name() + "-" + name();
    }

    private void afterExit()
    {
        process = null;
        // By name: the process stopping the node may not be the one that started it.
        if (spec.cpuQuotaPercent().isPresent() || cpuCap.isPresent())
            CpuCap.remove(cpuGroup());
        cpuCap = Optional.empty();
        try
        {
            Files.deleteIfExists(pidFile());
        }
        catch (IOException ignored)
        {
            // the pid file is advisory; a stale one is checked against the command line before use
        }
    }

    public void restart(Duration timeout) throws IOException
    {
        stop();
        start();
        waitForCql(timeout);
    }

    public String logTail(int lines)
    {
        for (Path log : List.of(systemLog(), dir.resolve("logs/stdout.log")))
        {
            try
            {
                if (Files.exists(log) && Files.size(log) > 0)
                {
                    List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                    return log + ":\n" + all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                                             .map(l -> l.length() > 400 ? l.substring(0, 400) + " ..." : l)
                                             .collect(java.util.stream.Collectors.joining("\n"));
                }
            }
            catch (IOException | java.io.UncheckedIOException e)
            {
                return "(cannot read " + log + ": " + e.getMessage() + ")";
            }
        }
        return "(no log written yet in " + dir.resolve("logs") + ")";
    }

    /** Resident memory of the node's JVM in MiB, from /proc; -1 where unavailable. */
    public long rssMb()
    {
        try
        {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")))
                if (line.startsWith("VmRSS:"))
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
        catch (IOException | RuntimeException e)
        {
            // not Linux or already gone
        }
        return -1;
    }

    /** A JMX connection; fails after {@link #JMX_CONNECT_TIMEOUT} instead of hanging on a frozen or dying node. */
    public JMXConnector jmx() throws IOException
    {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort() + "/jmxrmi");
        Map<String, Object> env = spec.auth() ? Map.of(JMXConnector.CREDENTIALS, new String[] { LocalCluster.SUPERUSER, LocalCluster.SUPERUSER }) : Map.of();
        java.util.concurrent.FutureTask<JMXConnector> connect = new java.util.concurrent.FutureTask<>(() -> JMXConnectorFactory.connect(url, env));
        Thread t = new Thread(connect, "jmx-connect-" + name());
        t.setDaemon(true);
        t.start();
        try
        {
            return connect.get(JMX_CONNECT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        catch (java.util.concurrent.TimeoutException e)
        {
            t.interrupt();
            throw new IOException("JMX connect to " + this + " (port " + jmxPort() + ") timed out after " + JMX_CONNECT_TIMEOUT.toSeconds() + " s");
        }
        catch (java.util.concurrent.ExecutionException e)
        {
            throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public static final Duration JMX_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    static void sleep(long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString()
    {
        return name() + "@" + address();
    }
}
