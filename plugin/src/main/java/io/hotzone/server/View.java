package io.hotzone.server;

import java.util.List;
import java.util.function.Supplier;

/**
 * A read-only virtual table described without Cassandra types: columns (the first is the partition key, the next
 * {@code clusteringColumns} cluster the rows, the rest are regular) and a supplier of the current rows, called per query.
 */
public record View(String name, String comment, List<Column> columns, int clusteringColumns, Supplier<List<Object[]>> rows)
{
    public enum Type { TEXT, BOOLEAN, INT, BIGINT, DOUBLE, TIMESTAMP }

    public record Column(String name, Type type)
    {
    }

    public View
    {
        columns = List.copyOf(columns);
        if (clusteringColumns < 0 || clusteringColumns >= columns.size())
            throw new IllegalArgumentException("view " + name + ": " + clusteringColumns + " clustering columns out of " + columns.size());
    }
}
