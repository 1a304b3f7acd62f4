package io.hotzone.dtests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.hotzone.dtests.cluster.Artifacts;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar operators drop into lib/: only HotZone's own classes and the relocated Tribuo family, nothing lib/ ships. */
class PluginJarContentsTest
{
    private final Artifacts artifacts = Artifacts.fromSystemProperties();

    private static List<String> entries(Path jar) throws IOException
    {
        try (JarFile file = new JarFile(jar.toFile()))
        {
            return Collections.list(file.entries()).stream().filter(e -> !e.isDirectory()).map(JarEntry::getName).toList();
        }
    }

    @Test
    void everythingOutsideMetaInfIsUnderIoHotzone() throws IOException
    {
        List<String> outside = entries(artifacts.pluginJar()).stream()
                                                             .filter(n -> !n.startsWith("META-INF/") && !n.startsWith("io/hotzone/"))
                                                             .toList();
        assertThat(outside).isEmpty();
    }

    @Test
    void tribuoAndItsDependenciesAreBundledRelocated() throws IOException
    {
        List<String> names = entries(artifacts.pluginJar());
        assertThat(names).contains("io/hotzone/shaded/org/tribuo/Model.class",
                                   "io/hotzone/shaded/org/tribuo/common/tree/RandomForestTrainer.class",
                                   "io/hotzone/shaded/org/tribuo/anomaly/libsvm/LibSVMAnomalyTrainer.class",
                                   "io/hotzone/shaded/com/google/protobuf/Message.class",
                                   "io/hotzone/shaded/com/oracle/labs/mlrg/olcut/config/Configurable.class",
                                   "io/hotzone/shaded/libsvm/svm.class");
        assertThat(names).noneMatch(n -> n.endsWith(".jar") || n.endsWith("module-info.class"));
    }

    @Test
    void noClassOrResourceOfCassandrasLibIsBundled() throws IOException
    {
        Set<String> serverEntries = new HashSet<>();
        for (Path jar : artifacts.serverJars())
            entries(jar).stream().filter(n -> !n.startsWith("META-INF/")).forEach(serverEntries::add);
        Set<String> clash = entries(artifacts.pluginJar()).stream().filter(serverEntries::contains).collect(Collectors.toSet());
        assertThat(clash).isEmpty();
        // And the things Cassandra ships stay provided, not bundled even relocated.
        assertThat(entries(artifacts.pluginJar())).noneMatch(n -> n.contains("/caffeine/") || n.contains("/codahale/")
                                                                 || n.contains("/google/common/") || n.contains("/snakeyaml/"));
    }
}
