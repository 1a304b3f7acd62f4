package io.hotzone.server;

import java.util.List;
import java.util.function.Supplier;

/**
 * A read-only virtual table described without Cassandra types: columns (the first {@code partitionKeyColumns}
 * form the partition key, the rest are regular) and a supplier of the current rows, called per query.
 */
public record View(String name, String comment, List<Column> columns, int partitionKeyColumns, Supplier<List<Object[]>> rows)
{
    public enum Type { TEXT, BOOLEAN, INT, BIGINT, DOUBLE, TIMESTAMP }

    public record Column(String name, Type type)
    {
    }

    public View
    {
        columns = List.copyOf(columns);
        if (partitionKeyColumns < 1 || partitionKeyColumns > columns.size())
            throw new IllegalArgumentException("view " + name + " needs 1.." + columns.size() + " partition key columns");
    }
}
