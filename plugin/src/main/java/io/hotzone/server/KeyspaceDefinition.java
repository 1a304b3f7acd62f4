package io.hotzone.server;

import java.util.List;
import java.util.Map;

/**
 * A keyspace the plugin owns, in CQL. {@code generation} is the schema timestamp (microseconds): raise it
 * whenever a table or column is added, so nodes running the new version add it on start.
 *
 * @param name        keyspace name
 * @param generation  schema timestamp in microseconds, fixed per plugin version
 * @param replication data center to replication factor, used only when the keyspace does not exist yet
 * @param tables      table name to {@code CREATE TABLE %s (...)} text ({@code %s} stands for the table name)
 */
public record KeyspaceDefinition(String name, long generation, Map<String, Integer> replication, Map<String, String> tables)
{
    public KeyspaceDefinition
    {
        replication = Map.copyOf(replication);
        tables = Map.copyOf(tables);
    }

    public List<String> tableNames()
    {
        return tables.keySet().stream().sorted().toList();
    }
}
