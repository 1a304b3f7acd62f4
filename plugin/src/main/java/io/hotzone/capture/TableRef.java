package io.hotzone.capture;

import java.util.Objects;

/** A table by name. */
public final class TableRef
{
    private final String keyspace;
    private final String table;

    public TableRef(String keyspace, String table)
    {
        this.keyspace = keyspace;
        this.table = table;
    }

    public static TableRef parse(String qualified)
    {
        int dot = qualified == null ? -1 : qualified.indexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1 || qualified.indexOf('.', dot + 1) >= 0)
            throw new IllegalArgumentException("expected keyspace.table, got '" + qualified + "'");
        return new TableRef(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    @Override
    public String toString()
    {
        return keyspace + "." + table;
    }

    public String keyspace()
    {
        return keyspace;
    }

    public String table()
    {
        return table;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof TableRef))
            return false;
        TableRef that = (TableRef) o;
        return Objects.equals(keyspace, that.keyspace) && Objects.equals(table, that.table);
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(keyspace);
        h = 31 * h + Objects.hashCode(table);
        return h;
    }
}
