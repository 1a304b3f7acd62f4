package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@code nodetool-ext} against a node in its own JVM, exactly as bin/nodetool-ext does, and captures its output;
 * also Cassandra's {@code sstableloader} ({@link #sstableloader}) from the same jars.
 */
public final class NodeToolRunner
{
    public record Result(int exitCode, String output)
    {
    }

    private final Artifacts artifacts;
    private final Path home;

    public NodeToolRunner(Artifacts artifacts, Path scratch) throws IOException
    {
        this.artifacts = artifacts;
        this.home = Files.createDirectories(scratch.resolve("nodetool-home"));
    }

    public Result run(Node node, String... args) throws IOException, InterruptedException
    {
        List<String> tool = new ArrayList<>(List.of("io.hotzone.nodetool.NodeToolExt", "-h", "127.0.0.1", "-p", Integer.toString(node.jmxPort())));
        tool.addAll(List.of(args));
        return java(List.of(), tool, "nodetool-ext " + String.join(" ", args), 120);
    }

    /**
     * Cassandra's {@code sstableloader} (org.apache.cassandra.tools.BulkLoader) streaming the sstables of
     * {@code dir/<keyspace>/<table>} into the cluster through {@code node}, configured by that node's cassandra.yaml.
     */
    public Result sstableloader(Node node, Path tableDir) throws IOException, InterruptedException
    {
        return sstableloader(node, tableDir, 120);
    }

    /** As {@link #sstableloader(Node, Path)}, killed (and failing) after {@code timeoutSeconds}. */
    public Result sstableloader(Node node, Path tableDir, int timeoutSeconds) throws IOException, InterruptedException
    {
        return sstableloader(node, tableDir, timeoutSeconds, false);
    }

    /** As {@link #sstableloader(Node, Path, int)}; with {@code summary}, its progress and closing statistics are printed too. */
    public Result sstableloader(Node node, Path tableDir, int timeoutSeconds, boolean summary) throws IOException, InterruptedException
    {
        List<String> jvm = List.of("-Dcassandra.config=file://" + node.dir().resolve("conf/cassandra.yaml"), "-Dcassandra.storagedir=" + home);
        List<String> args = new ArrayList<>(List.of("org.apache.cassandra.tools.BulkLoader", "-d", node.address()));
        if (!summary)
            args.add("--no-progress");
        args.add(tableDir.toString());
        return java(jvm, args, "sstableloader " + tableDir, timeoutSeconds);
    }

    /**
     * Flushes {@code keyspace.table} on the node and copies its sstable files into {@code to}, each under
     * {@code rename(name)} (staging for sstableloader or nodetool import, which read {@code <keyspace>/<table>} dirs).
     */
    public void copyFlushedSSTables(Node n, String keyspace, String table, Path to, java.util.function.UnaryOperator<String> rename)
        throws IOException, InterruptedException
    {
        Result flushed = run(n, "flush", keyspace, table);
        if (flushed.exitCode() != 0)
            throw new IllegalStateException("nodetool flush " + keyspace + " " + table + " failed on " + n + ": " + flushed.output());
        try (java.util.stream.Stream<Path> tables = Files.list(n.dir().resolve("data").resolve(keyspace)))
        {
            for (Path dir : tables.filter(t -> t.getFileName().toString().startsWith(table + "-")).toList())
                try (java.util.stream.Stream<Path> files = Files.list(dir))
                {
                    for (Path f : files.filter(Files::isRegularFile).toList())
                        Files.copy(f, to.resolve(rename.apply(f.getFileName().toString())));
                }
        }
    }

    /** Runs {@code mainAndArgs} (a main class, or a single-file Java source, and its arguments) on Cassandra's classpath plus {@code extra}. */
    public Result java(List<String> jvm, List<String> mainAndArgs, String what, int timeoutSeconds, Path... extra) throws IOException, InterruptedException
    {
        String classpath = artifacts.serverJars().stream().map(Path::toString).collect(Collectors.joining(":"))
                           + ":" + artifacts.pluginJar() + ":" + artifacts.nodetoolJar();
        for (Path p : extra)
            classpath += ":" + p;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JvmFlags.modules());
        cmd.add("-Xmx256m"); // jvm flags come later: the JVM takes the last of a flag given twice
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Duser.home=" + home);
        cmd.add("-Dcassandra.logdir=" + home);
        cmd.add("-Dlogback.configurationFile=hotzone-nodetool-logback.xml");
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.addAll(mainAndArgs);
        Path out = Files.createTempFile(home, "tool", ".out");
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try
        {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(what + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        }
        finally
        {
            if (process.isAlive())
                process.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }
}
