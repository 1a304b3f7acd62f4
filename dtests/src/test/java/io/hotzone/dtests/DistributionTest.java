package io.hotzone.dtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.hotzone.dtests.cluster.JvmFlags;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binary distribution as an operator gets it: {@code hotzone-<version>-bin.tar.gz} unpacked holds the plugin jar,
 * nodetool-ext with its launcher, the driver policy jar, conf/ and docs/, and the launcher runs on an installed
 * Cassandra ({@code CASSANDRA_HOME}: here a lib/ of the Cassandra jars this project builds against, and a conf/ as a
 * stock install has it), without Maven or the source tree.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DistributionTest
{
    @TempDir
    static Path dir;
    static Path home;
    static Path cassandraHome;

    @BeforeAll
    static void unpack() throws Exception
    {
        Path tarball = Path.of(System.getProperty("hotzone.dist.tarball"));
        assertThat(tarball).as("built by the distribution module").exists();
        assertThat(run(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()), Map.of()).exitCode).isZero();
        try (var entries = Files.list(dir))
        {
            home = entries.filter(p -> p.getFileName().toString().startsWith("hotzone-")).findFirst().orElseThrow();
        }
        cassandraHome = Files.createDirectories(dir.resolve("apache-cassandra"));
        Path lib = Files.createDirectories(cassandraHome.resolve("lib"));
        for (String jar : Files.readString(Path.of(System.getProperty("hotzone.server.classpath"))).trim().split(":"))
            if (jar.endsWith(".jar"))
                Files.createSymbolicLink(lib.resolve(Path.of(jar).getFileName()), Path.of(jar));
        Path conf = Files.createDirectories(cassandraHome.resolve("conf"));
        Files.writeString(conf.resolve("cassandra-env.sh"), "JMX_PORT=\"7199\"\n");
        Files.write(conf.resolve("jvm17-clients.options"), JvmFlags.modules());
    }

    @Test
    void holdsThePluginNodetoolDriverConfAndDocs() throws IOException
    {
        for (String path : List.of("lib/hotzone-plugin-", "lib/hotzone-nodetool-", "lib/hotzone-driver-"))
            try (var files = Files.list(home.resolve("lib")))
            {
                assertThat(files.map(p -> "lib/" + p.getFileName()).filter(p -> p.startsWith(path) && p.endsWith(".jar")).count()).as(path).isEqualTo(1);
            }
        try (var files = Files.list(home.resolve("lib")))
        {
            assertThat(files.count()).as("lib/ holds HotZone's three jars only (Cassandra's lib/ and the application have the rest)").isEqualTo(3);
        }
        for (String path : List.of("conf/hotzone.yaml", "conf/jvm-server.options.hotzone", "conf/application.conf", "docs/operator-guide.md",
                                   "docs/mirror-consistency.md", "docs/driver-policy.md", "README.md"))
            assertThat(home.resolve(path)).as(path).isRegularFile();
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/nodetool-ext"))).contains(PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void nodetoolExtRunsOnAnInstalledCassandra() throws Exception
    {
        Result help = run(List.of(home.resolve("bin/nodetool-ext").toString(), "help"), Map.of("CASSANDRA_HOME", cassandraHome.toString()));
        assertThat(help.exitCode).as(help.output).isZero();
        assertThat(help.output).contains("tablestats").contains("hotzone boost").contains("hotzone plan");
        Result command = run(List.of(home.resolve("bin/nodetool-ext").toString(), "help", "hotzone", "boost"), Map.of("CASSANDRA_HOME", cassandraHome.toString()));
        assertThat(command.output).contains("--wait").contains("--keys");
    }

    @Test
    void theClientToolRunsWithoutCassandra() throws Exception
    {
        Result help = run(List.of(home.resolve("bin/hotzone").toString(), "help"), Map.of("CASSANDRA_HOME", ""));
        assertThat(help.exitCode).as(help.output).isZero();
        assertThat(help.output).contains("import profile --table KS.TABLE");
        Result unknown = run(List.of(home.resolve("bin/hotzone").toString(), "import", "profile", "--table", "ks.t", "missing.csv"), Map.of());
        assertThat(unknown.exitCode).as(unknown.output).isEqualTo(2);
        assertThat(unknown.output).contains("no such file: missing.csv");
    }

    @Test
    void nodetoolExtWithoutCassandraHomeSaysWhatToSet() throws Exception
    {
        Result result = run(List.of(home.resolve("bin/nodetool-ext").toString(), "help"), Map.of("CASSANDRA_HOME", ""));
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.output).contains("set CASSANDRA_HOME");
    }

    private record Result(int exitCode, String output)
    {
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception
    {
        Path out = Files.createTempFile(dir, "run", ".out");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(command + " did not finish within 120 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
