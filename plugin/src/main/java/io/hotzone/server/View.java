package io.hotzone.server;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A read-only virtual table described without Cassandra types: columns (the first is the partition key, the next
 * {@code clusteringColumns} cluster the rows, the rest are regular) and a supplier of the current rows, called per query.
 */
public final class View
{
    private final String name;
    private final String comment;
    private final List<Column> columns;
    private final int clusteringColumns;
    private final Supplier<List<Object[]>> rows;

    public enum Type { TEXT, BOOLEAN, INT, BIGINT, DOUBLE, TIMESTAMP }

    public static final class Column
    {
        private final String name;
        private final Type type;

        public Column(String name, Type type)
        {
            this.name = name;
            this.type = type;
        }

        public String name()
        {
            return name;
        }

        public Type type()
        {
            return type;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Column))
                return false;
            Column that = (Column) o;
            return Objects.equals(name, that.name) && Objects.equals(type, that.type);
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(name);
            h = 31 * h + Objects.hashCode(type);
            return h;
        }

        @Override
        public String toString()
        {
            return "Column[name=" + name + ", type=" + type + "]";
        }
    }

    public View(String name, String comment, List<Column> columns, int clusteringColumns, Supplier<List<Object[]>> rows)
    {
        columns = List.copyOf(columns);
        if (clusteringColumns < 0 || clusteringColumns >= columns.size())
            throw new IllegalArgumentException("view " + name + ": " + clusteringColumns + " clustering columns out of " + columns.size());
        this.name = name;
        this.comment = comment;
        this.columns = columns;
        this.clusteringColumns = clusteringColumns;
        this.rows = rows;
    }

    public String name()
    {
        return name;
    }

    public String comment()
    {
        return comment;
    }

    public List<Column> columns()
    {
        return columns;
    }

    public int clusteringColumns()
    {
        return clusteringColumns;
    }

    public Supplier<List<Object[]>> rows()
    {
        return rows;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof View))
            return false;
        View that = (View) o;
        return Objects.equals(name, that.name) && Objects.equals(comment, that.comment)
               && Objects.equals(columns, that.columns) && clusteringColumns == that.clusteringColumns
               && Objects.equals(rows, that.rows);
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(name);
        h = 31 * h + Objects.hashCode(comment);
        h = 31 * h + Objects.hashCode(columns);
        h = 31 * h + clusteringColumns;
        h = 31 * h + Objects.hashCode(rows);
        return h;
    }

    @Override
    public String toString()
    {
        return "View[name=" + name + ", comment=" + comment + ", columns=" + columns
               + ", clusteringColumns=" + clusteringColumns + ", rows=" + rows + "]";
    }
}
