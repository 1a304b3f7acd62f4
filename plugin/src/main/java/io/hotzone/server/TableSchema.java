package io.hotzone.server;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A table's columns as CQL shows them (primary key first, in key order), and what HotZone must know of the table itself. */
public final class TableSchema
{
    /** Where a column sits in the primary key. */
    public enum Kind { PARTITION_KEY, CLUSTERING, REGULAR, STATIC }

    /** One column: name, kind, CQL type as {@code DESCRIBE} prints it (e.g. {@code int}, {@code frozen<list<text>>}). */
    public static final class Column
    {
        private final String name;
        private final Kind kind;
        private final String type;

        public Column(String name, Kind kind, String type)
        {
            this.name = name;
            this.kind = kind;
            this.type = type;
        }

        public String name()
        {
            return name;
        }

        public Kind kind()
        {
            return kind;
        }

        public String type()
        {
            return type;
        }

        @Override
        public boolean equals(Object o)
        {
            if (!(o instanceof Column))
                return false;
            Column c = (Column) o;
            return name.equals(c.name) && kind == c.kind && type.equals(c.type);
        }

        @Override
        public int hashCode()
        {
            return Objects.hash(name, kind, type);
        }

        @Override
        public String toString()
        {
            return name + " " + type + " (" + kind + ")";
        }
    }

    private final List<Column> columns;
    private final boolean counter;

    /** @param columns partition key columns, then clustering columns, in key order, then the others */
    public TableSchema(List<Column> columns, boolean counter)
    {
        this.columns = List.copyOf(columns);
        this.counter = counter;
    }

    public List<Column> columns()
    {
        return columns;
    }

    public Optional<Column> column(String name)
    {
        return columns.stream().filter(c -> c.name.equals(name)).findFirst();
    }

    /** The columns of one kind, in key order. */
    public List<Column> of(Kind kind)
    {
        return columns.stream().filter(c -> c.kind == kind).collect(java.util.stream.Collectors.toList());
    }

    public boolean isCounter()
    {
        return counter;
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof TableSchema && columns.equals(((TableSchema) o).columns) && counter == ((TableSchema) o).counter;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(columns, counter);
    }

    @Override
    public String toString()
    {
        return "TableSchema" + columns + (counter ? " (counter)" : "");
    }
}
