package io.hotzone.adapter;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.cql3.statements.schema.CreateTableStatement;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.TableMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key literal fast path decodes exactly what Cassandra's CQL parser does, and leaves every other shape to it. */
class SimpleLiteralTest
{
    private static TableMetadata table;

    @BeforeAll
    static void clientMode()
    {
        DatabaseDescriptor.clientInitialization();
        table = CreateTableStatement.parse("CREATE TABLE t (t text, a ascii, i int, b bigint, u uuid, tu timeuuid, d double, PRIMARY KEY ((t, a, i, b, u, tu, d)))", "ks").build();
    }

    @Test
    void commonShapesTakeTheFastPathAndEqualTheParser()
    {
        same("t", "'abc'", "''", "'it''s'", "'a''''b'", "'é ü 東京'", "'k123'", "' padded '");
        same("a", "'abc'", "'it''s'", "''");
        same("i", "0", "5", "-5", "007", "2147483647", "-2147483648");
        same("b", "0", "-42", "123456789012345678", "-123456789012345678");
        same("u", "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000");
        same("tu", "50554d6e-29bb-11e5-b345-feff819cdc9f");
    }

    @Test
    void otherShapesAreLeftToTheParser()
    {
        assertThat(CassandraServer.simpleLiteral(column("t").type, "'a'b'")).isNull(); // not one literal
        assertThat(CassandraServer.simpleLiteral(column("t").type, "$$abc$$")).isNull();
        assertThat(CassandraServer.simpleLiteral(column("t").type, "abc")).isNull();
        assertThat(CassandraServer.simpleLiteral(column("i").type, "1e3")).isNull();
        assertThat(CassandraServer.simpleLiteral(column("i").type, "0x10")).isNull();
        assertThat(CassandraServer.simpleLiteral(column("b").type, "-9223372036854775808")).isNull(); // 19 digits: the parser's
        assertThat(CassandraServer.simpleLiteral(column("d").type, "1.5")).isNull();
        assertThat(CassandraServer.simpleLiteral(column("u").type, "'123e4567-e89b-12d3-a456-426614174000'")).isNull();
        assertThat(CassandraServer.literal(table, column("t"), "$$abc$$")).isEqualTo(CassandraServer.literal(table, column("t"), "'abc'"));
    }

    @Test
    void valuesTheTypeRejectsFailOnBothPaths()
    {
        for (String bad : new String[]{ "2147483648", "-2147483649" })
        {
            assertThatThrownBy(() -> CassandraServer.simpleLiteral(column("i").type, bad)).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> parsed("i", bad)).isInstanceOf(RuntimeException.class);
        }
        assertThatThrownBy(() -> CassandraServer.simpleLiteral(column("a").type, "'é'")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> parsed("a", "'é'")).isInstanceOf(RuntimeException.class);
    }

    private static void same(String col, String... literals)
    {
        for (String literal : literals)
        {
            ByteBuffer fast = CassandraServer.simpleLiteral(column(col).type, literal);
            assertThat(fast).as(literal).isNotNull();
            assertThat(fast).as(literal).isEqualTo(parsed(col, literal));
        }
    }

    /** The reference: Cassandra's CQL term parser, as for any shape the fast path declines. */
    private static ByteBuffer parsed(String col, String literal)
    {
        return org.apache.cassandra.cql3.CQLFragmentParser.parseAny(org.apache.cassandra.cql3.CqlParser::term, literal, "literal")
                                                          .prepare("ks", column(col)).bindAndGet(org.apache.cassandra.cql3.QueryOptions.DEFAULT);
    }

    private static ColumnMetadata column(String name)
    {
        return table.getColumn(new org.apache.cassandra.cql3.ColumnIdentifier(name, true));
    }
}
