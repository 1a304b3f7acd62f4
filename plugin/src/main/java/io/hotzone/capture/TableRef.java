package io.hotzone.capture;

/** A table by name. */
public record TableRef(String keyspace, String table)
{
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
}
