package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs {@code nodetool-ext} against a node in its own JVM, exactly as bin/nodetool-ext does, and captures its output. */
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
        String classpath = artifacts.serverJars().stream().map(Path::toString).collect(Collectors.joining(":"))
                           + ":" + artifacts.pluginJar() + ":" + artifacts.nodetoolJar();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JvmFlags.modules());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Duser.home=" + home);
        cmd.add("-Dcassandra.logdir=" + home);
        cmd.add("-Dlogback.configurationFile=hotzone-nodetool-logback.xml");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("io.hotzone.nodetool.NodeToolExt");
        cmd.add("-h");
        cmd.add("127.0.0.1");
        cmd.add("-p");
        cmd.add(Integer.toString(node.jmxPort()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(home, "nodetool", ".out");
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try
        {
            if (!process.waitFor(120, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("nodetool-ext " + String.join(" ", args) + " did not finish within 120 s");
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
