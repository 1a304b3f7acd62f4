package io.hotzone.schema;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.cql3.statements.schema.CreateTableStatement;
import org.apache.cassandra.schema.TableMetadata;

import io.hotzone.server.KeyspaceDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/** Every table of the hotzone keyspace parses with Cassandra 5.0's own CQL parser (a bad definition would leave the plugin passive). */
class HotZoneSchemaParsesTest
{
    @BeforeAll
    static void clientMode()
    {
        DatabaseDescriptor.clientInitialization();
    }

    @Test
    void everyTableParses()
    {
        KeyspaceDefinition d = HotZoneKeyspace.definition(3, Map.of("dc1", 3));
        for (String table : d.tableNames())
        {
            TableMetadata tm = CreateTableStatement.parse(String.format(d.tables().get(table), table), d.name()).build();
            assertThat(tm.name).isEqualTo(table);
            assertThat(tm.partitionKeyColumns()).isNotEmpty();
        }
    }
}
