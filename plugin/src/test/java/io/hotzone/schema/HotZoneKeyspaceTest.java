package io.hotzone.schema;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hotzone.server.KeyspaceDefinition;

import static org.assertj.core.api.Assertions.assertThat;

class HotZoneKeyspaceTest
{
    @Test
    void replicationIsCappedPerDataCenter()
    {
        KeyspaceDefinition d = HotZoneKeyspace.definition(3, Map.of("dc1", 5, "dc2", 2, "dc3", 1));
        assertThat(d.replication()).containsOnly(Map.entry("dc1", 3), Map.entry("dc2", 2), Map.entry("dc3", 1));
        assertThat(d.generation()).isEqualTo(HotZoneKeyspace.GENERATION);
    }

    @Test
    void everyTableIsACreateStatementWithAPlaceholderForItsName()
    {
        KeyspaceDefinition d = HotZoneKeyspace.definition(3, Map.of("dc1", 3));
        assertThat(d.tableNames()).contains(HotZoneKeyspace.LEASES);
        d.tables().values().forEach(cql -> assertThat(cql).startsWith("CREATE TABLE %s (").containsOnlyOnce("%s"));
    }

    @Test
    void automaticReplicationOnlyGrows()
    {
        assertThat(HotZoneKeyspace.shouldGrow(Map.of("dc1", 2), Map.of("dc1", 3))).isTrue();
        assertThat(HotZoneKeyspace.shouldGrow(Map.of("dc1", 3), Map.of("dc1", 3, "dc2", 1))).isTrue();
        assertThat(HotZoneKeyspace.shouldGrow(Map.of("dc1", 3), Map.of("dc1", 3))).isFalse();
        assertThat(HotZoneKeyspace.shouldGrow(Map.of("dc1", 3), Map.of("dc1", 2))).isFalse();
        assertThat(HotZoneKeyspace.shouldGrow(Map.of("dc1", 2, "dc2", 3), Map.of("dc1", 3))).isFalse();
        // Missing keyspace or another strategy: not ours to change.
        assertThat(HotZoneKeyspace.shouldGrow(Map.of(), Map.of("dc1", 3))).isFalse();
    }

    @Test
    void aLargerRingViewGetsALaterTimestampButStaysInThePast()
    {
        long small = HotZoneKeyspace.replicationTimestamp(Map.of("dc1", 2));
        long large = HotZoneKeyspace.replicationTimestamp(Map.of("dc1", 3, "dc2", 3));
        assertThat(large).isGreaterThan(small).isGreaterThan(HotZoneKeyspace.GENERATION);
        assertThat(large).isLessThan(System.currentTimeMillis() * 1000);
    }
}
