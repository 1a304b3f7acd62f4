package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

/**
 * Where the built pieces are: the plugin jar, the Cassandra server classpath Maven resolved, nodetool-ext, conf/.
 * Each comes from a system property ({@code hotzone.plugin.jar}, {@code hotzone.server.classpath},
 * {@code hotzone.nodetool.jar}, {@code hotzone.conf.dir}) that Maven and bin/hotzone set.
 */
public record Artifacts(Path pluginJar, List<Path> serverJars, Path nodetoolJar, Path confDir)
{
    public static Artifacts fromSystemProperties()
    {
        Path plugin = existing("hotzone.plugin.jar", "the plugin jar (build it with: mvn -DskipTests package)");
        Path classpath = existing("hotzone.server.classpath", "the server classpath file written by the plugin build");
        Path nodetool = Paths.get(required("hotzone.nodetool.jar"));
        Path conf = existing("hotzone.conf.dir", "the conf/ folder");
        try
        {
            String text = Files.readString(classpath, StandardCharsets.UTF_8).trim();
            List<Path> jars = Arrays.stream(text.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Paths::get).toList();
            if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("cassandra-all-")))
                throw new IllegalStateException(classpath + " does not list cassandra-all; rebuild the plugin module");
            return new Artifacts(plugin, jars, nodetool, conf);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property)
    {
        String value = System.getProperty(property);
        if (value == null || value.isBlank())
            throw new IllegalStateException("system property " + property + " is not set (run through Maven or bin/hotzone)");
        return value;
    }

    private static Path existing(String property, String what)
    {
        Path path = Paths.get(required(property)).toAbsolutePath().normalize();
        if (!Files.exists(path))
            throw new IllegalStateException(what + " not found at " + path + " (-D" + property + ")");
        return path;
    }
}
