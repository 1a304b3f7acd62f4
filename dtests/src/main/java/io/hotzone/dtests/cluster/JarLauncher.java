package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code org.apache.cassandra.service.CassandraDaemon} from the Maven-resolved cassandra-all 5.0 jars. Each node
 * gets its own {@code lib/} (links to those jars) into which the plugin jar is copied, as an operator would.
 */
final class JarLauncher implements NodeLauncher
{
    private final Artifacts artifacts;

    JarLauncher(Artifacts artifacts)
    {
        this.artifacts = artifacts;
    }

    @Override
    public void install(Node node) throws IOException
    {
        Path lib = node.dir().resolve("lib");
        Files.createDirectories(lib);
        for (Path jar : artifacts.serverJars())
        {
            Path link = lib.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                Files.createSymbolicLink(link, jar);
        }
        Files.copy(artifacts.pluginJar(), lib.resolve(artifacts.pluginJar().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        NodeFiles.write(node.spec(), node.number(), node.dir(), artifacts.confDir());
    }

    @Override
    public List<String> command(Node node) throws IOException
    {
        Path dir = node.dir();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JvmFlags.modules());
        cmd.addAll(JvmFlags.localNode(node.spec().heapMb(), node.spec().fullJit(), node.spec().ringDelayMs()));
        cmd.add("-Dcassandra-foreground=yes");
        cmd.add("-Dcassandra.config=file://" + dir.resolve("conf/cassandra.yaml"));
        cmd.add("-Dcassandra.storagedir=" + dir.resolve("data"));
        cmd.add("-Dcassandra.logdir=" + dir.resolve("logs"));
        cmd.add("-Dlogback.configurationFile=" + dir.resolve("conf/logback.xml"));
        cmd.add("-Dcassandra.jmx.local.port=" + node.jmxPort());
        cmd.addAll(NodeFiles.jmxOptions(node.spec(), dir));
        if (node.spec().auth())
            cmd.add(NodeFiles.SUPERUSER_AT_ONCE);
        cmd.addAll(NodeFiles.pluginOptions(artifacts.confDir()));
        cmd.add("-cp");
        // conf/ first on the classpath, as bin/cassandra does: cassandra-rackdc.properties and triggers/ are found there.
        cmd.add(dir.resolve("conf") + ":" + dir.resolve("lib") + "/*");
        cmd.add("org.apache.cassandra.service.CassandraDaemon");
        return NodeLauncher.withoutMemoryLock(cmd);
    }
}
