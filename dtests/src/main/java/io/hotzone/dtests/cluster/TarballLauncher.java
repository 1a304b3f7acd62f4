package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a stock install (an unpacked official apache-cassandra-5.0.x tarball, {@code -Dhotzone.cassandra.home}) with
 * its own {@code bin/cassandra}: the install is copied per node, the plugin jar dropped into its {@code lib/}, the
 * options line appended to its {@code conf/jvm-server.options} and its JMX port set in {@code cassandra-env.sh}.
 */
final class TarballLauncher implements NodeLauncher
{
    private final Path home;
    private final Artifacts artifacts;

    TarballLauncher(Path home, Artifacts artifacts)
    {
        if (!Files.isExecutable(home.resolve("bin/cassandra")) || !Files.isDirectory(home.resolve("lib")))
            throw new IllegalArgumentException(home + " is not an unpacked Cassandra install (no bin/cassandra or lib/)");
        this.home = home;
        this.artifacts = artifacts;
    }

    @Override
    public void install(Node node) throws IOException
    {
        Path dir = node.dir();
        copyTree(home.resolve("bin"), dir.resolve("bin"));
        copyTree(home.resolve("conf"), dir.resolve("conf"));
        Path lib = dir.resolve("lib");
        Files.createDirectories(lib);
        try (Stream<Path> jars = Files.list(home.resolve("lib")))
        {
            for (Path jar : (Iterable<Path>) jars::iterator)
            {
                Path link = lib.resolve(jar.getFileName());
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    Files.createSymbolicLink(link, jar);
            }
        }
        Files.copy(artifacts.pluginJar(), lib.resolve(artifacts.pluginJar().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        NodeFiles.write(node.spec(), node.number(), dir, artifacts.confDir());

        Path options = dir.resolve("conf/jvm-server.options");
        String text = Files.readString(options, StandardCharsets.UTF_8);
        if (!text.contains("io.hotzone"))
            Files.writeString(options, text + "\n" + String.join("\n", NodeFiles.pluginOptions(artifacts.confDir())) + "\n", StandardCharsets.UTF_8);
        Path env = dir.resolve("conf/cassandra-env.sh");
        String script = Files.readString(env, StandardCharsets.UTF_8).replaceAll("(?m)^JMX_PORT=\"\\d+\"", "JMX_PORT=\"" + node.jmxPort() + "\"");
        Files.writeString(env, script, StandardCharsets.UTF_8);
    }

    @Override
    public List<String> command(Node node)
    {
        return NodeLauncher.withoutMemoryLock(List.of(node.dir().resolve("bin/cassandra").toString(), "-f", "-R"));
    }

    @Override
    public Map<String, String> environment(Node node)
    {
        return Map.of("CASSANDRA_HOME", node.dir().toString(),
                      "CASSANDRA_CONF", node.dir().resolve("conf").toString(),
                      "CASSANDRA_LOG_DIR", node.dir().resolve("logs").toString(),
                      "MAX_HEAP_SIZE", node.spec().heapMb() + "M",
                      "HEAP_NEWSIZE", Math.max(64, node.spec().heapMb() / 4) + "M",
                      "JVM_EXTRA_OPTS", "-Dcassandra.triggers_dir=" + node.dir().resolve("conf/triggers")
                                        + " -Dcassandra.skip_wait_for_gossip_to_settle=0"
                                        + (node.spec().auth() ? " " + NodeFiles.SUPERUSER_AT_ONCE : ""));
    }

    private static void copyTree(Path from, Path to) throws IOException
    {
        try (Stream<Path> files = Files.walk(from))
        {
            for (Path source : (Iterable<Path>) files::iterator)
            {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source))
                    Files.createDirectories(target);
                else
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
