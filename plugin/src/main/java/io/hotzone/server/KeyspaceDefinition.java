package io.hotzone.server;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A keyspace the plugin owns, in CQL. {@code generation} is the schema timestamp (microseconds): raise it
 * whenever a table or column is added, so nodes running the new version add it on start.
 */
public final class KeyspaceDefinition
{
    private final String name;
    private final long generation;
    private final Map<String, Integer> replication;
    private final Map<String, String> tables;

    /**
     * @param name keyspace name
     * @param generation schema timestamp in microseconds, fixed per plugin version
     * @param replication data center to replication factor, used only when the keyspace does not exist yet
     * @param tables table name to {@code CREATE TABLE %s (...)} text ({@code %s} stands for the table name)
     */
    public KeyspaceDefinition(String name, long generation, Map<String, Integer> replication,
                              Map<String, String> tables)
    {
        replication = Map.copyOf(replication);
        tables = Map.copyOf(tables);
        this.name = name;
        this.generation = generation;
        this.replication = replication;
        this.tables = tables;
    }

    public List<String> tableNames()
    {
        return tables.keySet().stream().sorted().collect(java.util.stream.Collectors.toList());
    }

    /** keyspace name */
    public String name()
    {
        return name;
    }

    /** schema timestamp in microseconds, fixed per plugin version */
    public long generation()
    {
        return generation;
    }

    /** data center to replication factor, used only when the keyspace does not exist yet */
    public Map<String, Integer> replication()
    {
        return replication;
    }

    /** table name to {@code CREATE TABLE %s (...)} text ({@code %s} stands for the table name) */
    public Map<String, String> tables()
    {
        return tables;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof KeyspaceDefinition))
            return false;
        KeyspaceDefinition that = (KeyspaceDefinition) o;
        return Objects.equals(name, that.name) && generation == that.generation
               && Objects.equals(replication, that.replication) && Objects.equals(tables, that.tables);
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(name);
        h = 31 * h + Long.hashCode(generation);
        h = 31 * h + Objects.hashCode(replication);
        h = 31 * h + Objects.hashCode(tables);
        return h;
    }

    @Override
    public String toString()
    {
        return "KeyspaceDefinition[name=" + name + ", generation=" + generation + ", replication=" + replication
               + ", tables=" + tables + "]";
    }
}
