package io.hotzone.dtests;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

import io.hotzone.dtests.cluster.Artifacts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jars load on the oldest JVM they are meant for: Cassandra 5.0 runs on Java 11 or 17, so every class of the
 * plugin jar (the relocated Tribuo family included) and of nodetool-ext is at most Java 11 bytecode; the driver policy
 * runs wherever the Java driver 4.19 does, so every class of its jar is at most Java 8 bytecode. No cluster.
 */
class JarClassVersionTest
{
    private static final int JAVA_8 = 52;
    private static final int JAVA_11 = 55;

    private final Artifacts artifacts = Artifacts.fromSystemProperties();

    @Test
    void pluginJarIsJava11() throws IOException
    {
        assertAtMost(artifacts.pluginJar(), JAVA_11);
    }

    @Test
    void nodetoolJarIsJava11() throws IOException
    {
        assertAtMost(existing(artifacts.nodetoolJar(), "hotzone.nodetool.jar"), JAVA_11);
    }

    @Test
    void driverJarIsJava8() throws IOException
    {
        String property = System.getProperty("hotzone.driver.jar");
        assertThat(property).as("system property hotzone.driver.jar (run through Maven)").isNotBlank();
        assertAtMost(existing(Paths.get(property), "hotzone.driver.jar"), JAVA_8);
    }

    private static Path existing(Path jar, String property)
    {
        assertThat(jar).as(jar + " (-D" + property + "; build it with: mvn -DskipTests install)").isRegularFile();
        return jar;
    }

    /** Every .class entry of the jar, versioned ones (META-INF/versions/) included, has at most this major version. */
    private static void assertAtMost(Path jar, int maxMajor) throws IOException
    {
        TreeMap<String, Integer> majors = majorVersions(jar);
        assertThat(majors).as("classes in " + jar).isNotEmpty();
        List<String> newer = new ArrayList<>();
        majors.forEach((name, major) -> {
            if (major > maxMajor)
                newer.add(name + " (major " + major + ", Java " + (major - 44) + ")");
        });
        assertThat(newer).as("%d of the %d classes in %s are newer than major %d (Java %d):%n  %s",
                             newer.size(), majors.size(), jar.getFileName(), maxMajor, maxMajor - 44,
                             String.join("\n  ", newer.subList(0, Math.min(newer.size(), 200))))
                         .isEmpty();
    }

    private static TreeMap<String, Integer> majorVersions(Path jar) throws IOException
    {
        TreeMap<String, Integer> majors = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile(), false))
        {
            for (JarEntry entry : Collections.list(file.entries()))
            {
                if (entry.isDirectory() || !entry.getName().endsWith(".class"))
                    continue;
                try (InputStream in = file.getInputStream(entry); DataInputStream data = new DataInputStream(in))
                {
                    int magic = data.readInt();
                    assertThat(magic).as("class file magic of %s in %s", entry.getName(), jar).isEqualTo(0xCAFEBABE);
                    data.readUnsignedShort(); // minor
                    majors.put(entry.getName(), data.readUnsignedShort());
                }
            }
        }
        return majors;
    }
}
