package io.hotzone.dtests.cluster;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveringSessionTest
{
    @Test
    void onlySchemaChangesAreCheckedForAStuckRefresh()
    {
        for (String ddl : List.of("CREATE TABLE app.t (k int PRIMARY KEY)", "  drop table app.t", "ALTER TABLE app.t ADD v int",
                                  "\ncreate keyspace x WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"))
            assertThat(RecoveringSession.altersSchema(SimpleStatement.newInstance(ddl))).as(ddl).isTrue();
        for (String other : List.of("SELECT * FROM app.created", "INSERT INTO app.t (k) VALUES (1)", "TRUNCATE app.t", "UPDATE app.t SET dropped = 1 WHERE k = 1"))
            assertThat(RecoveringSession.altersSchema(SimpleStatement.newInstance(other))).as(other).isFalse();
        assertThat(RecoveringSession.altersSchema(BatchStatement.newInstance(DefaultBatchType.UNLOGGED))).isFalse();
    }
}
