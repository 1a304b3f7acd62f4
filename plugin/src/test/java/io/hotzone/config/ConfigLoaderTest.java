package io.hotzone.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest
{
    private static final Path FILE = Path.of("/etc/cassandra/hotzone.yaml");

    private static HotZoneConfig parse(String yaml) throws ConfigException
    {
        return ConfigLoader.parse(FILE, new StringReader(yaml));
    }

    @Test
    void emptyFileGivesDefaults() throws Exception
    {
        HotZoneConfig c = parse("");
        assertThat(c.enabled()).isTrue();
        assertThat(c.cycle()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.bucket()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.keyspaceReplicationFactor()).isEqualTo(3);
        assertThat(c.delegateQueryHandler()).isEmpty();
        assertThat(c.source()).contains(FILE);
    }

    @Test
    void readsEveryKey() throws Exception
    {
        HotZoneConfig c = parse("enabled: false\ncycle: 2m\nbucket: 5s\nkeyspace_replication_factor: 2\n"
                                + "delegate_query_handler: com.example.AuditingHandler\n");
        assertThat(c.enabled()).isFalse();
        assertThat(c.cycle()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.bucket()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.keyspaceReplicationFactor()).isEqualTo(2);
        assertThat(c.delegateQueryHandler()).contains("com.example.AuditingHandler");
    }

    @Test
    void shippedFileIsValidAndEqualsTheDefaults() throws Exception
    {
        Path shipped = Path.of("..", "conf", "hotzone.yaml");
        HotZoneConfig c = ConfigLoader.load(shipped);
        HotZoneConfig d = HotZoneConfig.defaults();
        assertThat(c.enabled()).isEqualTo(d.enabled());
        assertThat(c.cycle()).isEqualTo(d.cycle());
        assertThat(c.bucket()).isEqualTo(d.bucket());
        assertThat(c.keyspaceReplicationFactor()).isEqualTo(d.keyspaceReplicationFactor());
        assertThat(c.delegateQueryHandler()).isEqualTo(d.delegateQueryHandler());
    }

    @Test
    void theTrainingCpuBudgetIsAShareOfOneCore() throws Exception
    {
        assertThat(parse("").forecast().cpuBudget()).isEqualTo(0.5);
        assertThat(parse("forecast:\n  cpu_budget: 0.25\n").forecast().cpuBudget()).isEqualTo(0.25);
        assertThat(parse("forecast:\n  cpu_budget: 1\n").forecast().cpuBudget()).isEqualTo(1.0);
        assertThat(parse("forecast:\n  cpu_budget: '0.3'\n").forecast().cpuBudget()).as("quoted").isEqualTo(0.3);
        assertThatThrownBy(() -> parse("forecast:\n  cpu_budget: 20s\n")).isInstanceOf(ConfigException.class)
            .hasMessageContaining("forecast.cpu_budget is the share of one core").hasMessageContaining("no longer a wall time").hasMessageContaining("'20s'");
        assertThatThrownBy(() -> parse("forecast:\n  cpu_budget: 50%\n")).isInstanceOf(ConfigException.class)
            .hasMessageContaining("a number in [0.05, 1] such as 0.5; got '50%'").hasMessageNotContaining("wall time");
        for (String bad : new String[]{ "0", "0.01", "1.5", "-0.1" })
            assertThatThrownBy(() -> parse("forecast:\n  cpu_budget: " + bad + "\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("forecast.cpu_budget must be a share of one core in [0.05, 1], got " + bad);
    }

    @Test
    void everyKnownKeyIsDocumentedInTheShippedFile() throws IOException
    {
        String shipped = Files.readString(Path.of("..", "conf", "hotzone.yaml"));
        for (String key : ConfigLoader.KNOWN_KEYS)
            assertThat(shipped).as("conf/hotzone.yaml documents " + key).contains("# " + key + ":");
    }

    @Test
    void unknownKeyNamesTheKeyAndTheKnownOnes()
    {
        assertThatThrownBy(() -> parse("cylce: 60s\n"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining(FILE.toString())
            .hasMessageContaining("[cylce]")
            .hasMessageContaining("cycle");
    }

    @Test
    void resourcesHotValuesAreReadPerKnobAndCheckedAgainstTheirBounds() throws ConfigException
    {
        HotZoneConfig c = parse("resources:\n  auto: true\n  hot:\n    compaction_throughput: 8\n    read_concurrency: 64\n");
        assertThat(c.resources().auto()).isTrue();
        assertThat(c.resources().hot()).isEqualTo(java.util.Map.of(io.hotzone.server.Knob.COMPACTION_THROUGHPUT, 8L,
                                                                   io.hotzone.server.Knob.READ_CONCURRENCY, 64L));
        assertThat(parse("").resources().hot()).isEmpty();
        assertThatThrownBy(() -> parse("resources:\n  hot:\n    read_concurrency: 0\n")).isInstanceOf(ConfigException.class)
            .hasMessageContaining("resources.hot.read_concurrency must be at least 1 threads, got 0");
        assertThatThrownBy(() -> parse("resources:\n  hot:\n    disk_quota: 5\n")).isInstanceOf(ConfigException.class)
            .hasMessageContaining("[resources.hot.disk_quota]");
        assertThatThrownBy(() -> parse("resources:\n  poll: 5s\n  reservation_ttl: 10s\n")).isInstanceOf(ConfigException.class)
            .hasMessageContaining("resources.reservation_ttl must be at least three polls (15s)");
        assertThat(parse("resources:\n  cpu_shift: 0.5\n").resources().cpuShift()).isEqualTo(0.5);
        assertThatThrownBy(() -> parse("resources:\n  cpu_shift: 1\n")).isInstanceOf(ConfigException.class)
            .hasMessageContaining("resources.cpu_shift must be between 0 (off) and 0.9, got 1.0");
        assertThatThrownBy(() -> parse("resources:\n  cpu_shift: 0.5\n  hot:\n    cpu_quota: 2000\n")).isInstanceOf(ConfigException.class)
            .hasMessageContaining("resources.cpu_shift and resources.hot.cpu_quota both set");
    }

    @Test
    void badDurationNamesTheKey()
    {
        assertThatThrownBy(() -> parse("bucket: soon\n")).isInstanceOf(ConfigException.class)
                                                      .hasMessageContaining("bucket")
                                                      .hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void cycleMustBeAMultipleOfBucket()
    {
        assertThatThrownBy(() -> parse("bucket: 7s\ncycle: 60s\n")).isInstanceOf(ConfigException.class)
                                                                    .hasMessageContaining("cycle must be a whole multiple of bucket (7s)");
        assertThatThrownBy(() -> parse("bucket: 10s\ncycle: 5s\n")).isInstanceOf(ConfigException.class);
    }

    @Test
    void rangesAndTypesAreChecked()
    {
        assertThatThrownBy(() -> parse("bucket: 500ms\n")).hasMessageContaining("bucket must be at least 1s");
        assertThatThrownBy(() -> parse("keyspace_replication_factor: 0\n")).hasMessageContaining("between 1 and 10");
        assertThatThrownBy(() -> parse("keyspace_replication_factor: three\n")).hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> parse("enabled: maybe\n")).hasMessageContaining("enabled must be true or false");
        assertThatThrownBy(() -> parse("delegate_query_handler: 'not a class'\n")).hasMessageContaining("fully qualified class name");
        assertThatThrownBy(() -> parse("boost:\n  mirror_sizing: some\n")).hasMessageContaining("boost.mirror_sizing must be auto, load or every-node, got 'some'");
        assertThatThrownBy(() -> parse("boost:\n  mirror_headroom: 0.5\n")).hasMessageContaining("boost.mirror_headroom must be between 1 and 10");
        assertThatThrownBy(() -> parse("boost:\n  replica_reads_per_second: -1\n")).hasMessageContaining("boost.replica_reads_per_second must be 0 (measured)");
    }

    @Test
    void mirrorSizingIsReadWithItsDefaults() throws Exception
    {
        assertThat(parse("boost:\n  mirror_sizing: every-node\n  replica_reads_per_second: 4000\n").boost().sizing())
            .isEqualTo(new MirrorSizingSettings(MirrorSizingSettings.Mode.EVERY_NODE, 4000, 1.25));
        assertThat(parse("").boost().sizing()).isEqualTo(MirrorSizingSettings.defaults());
    }

    @Test
    void brokenYamlReportsTheLine()
    {
        assertThatThrownBy(() -> parse("enabled: true\ncycle: [60s\n")).isInstanceOf(ConfigException.class)
                                                                       .hasMessageContaining("not valid YAML at line");
        assertThatThrownBy(() -> parse("- a list\n- not a map\n")).hasMessageContaining("expected a mapping");
    }

    @Test
    void missingExplicitFileIsAnError(@TempDir Path dir)
    {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"))).isInstanceOf(ConfigException.class)
                                                                              .hasMessageContaining("no such file");
    }

    @Test
    void locatesTheFileBesideCassandraYaml(@TempDir Path dir) throws IOException
    {
        Files.writeString(dir.resolve("hotzone.yaml"), "enabled: true\n");
        String before = System.getProperty("cassandra.config");
        try
        {
            System.clearProperty(ConfigLoader.CONFIG_PROPERTY);
            System.setProperty("cassandra.config", dir.resolve("cassandra.yaml").toUri().toString());
            assertThat(ConfigLoader.locate()).contains(dir.resolve("hotzone.yaml"));
            Files.delete(dir.resolve("hotzone.yaml"));
            assertThat(ConfigLoader.locate()).isEmpty();
        }
        finally
        {
            if (before == null) System.clearProperty("cassandra.config");
            else System.setProperty("cassandra.config", before);
        }
    }
}
