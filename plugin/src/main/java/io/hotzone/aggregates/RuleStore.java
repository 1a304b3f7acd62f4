package io.hotzone.aggregates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.hotzone.capture.TableRef;
import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Server;

/** The rules in {@code hotzone.rules}; a name is added and removed with LWT, so two operators cannot both think they made it. */
public final class RuleStore
{
    private static final String TABLE = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.RULES;
    private static final String COLUMNS = "keyspace_name, table_name, name, group_by, bucket, aggregates, created_at, created_by";

    private final Server server;

    public RuleStore(Server server)
    {
        this.server = server;
    }

    /** Stores the rule unless the table has one of that name; returns whether it did. */
    public boolean add(AggregateRule r)
    {
        List<Map<String, Object>> out = server.execute("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS",
                                                       Consistency.LOCAL_QUORUM, r.table().keyspace(), r.table().table(), r.name(), r.groupBy(),
                                                       r.bucket().map(Bucket::text).orElse(null),
                                                       r.aggregates().stream().map(Aggregate::cql).collect(Collectors.toList()),
                                                       java.util.Date.from(r.createdAt()), r.createdBy());
        return !out.isEmpty() && Boolean.TRUE.equals(out.get(0).get("[applied]"));
    }

    /** Removes the rule; returns whether there was one. */
    public boolean remove(TableRef table, String name)
    {
        List<Map<String, Object>> out = server.execute("DELETE FROM " + TABLE + " WHERE keyspace_name = ? AND table_name = ? AND name = ? IF EXISTS",
                                                       Consistency.LOCAL_QUORUM, table.keyspace(), table.table(), name);
        return !out.isEmpty() && Boolean.TRUE.equals(out.get(0).get("[applied]"));
    }

    /** The table's rules (every table's when empty), by table and name. */
    public List<AggregateRule> list(Optional<TableRef> table)
    {
        List<Map<String, Object>> rows = table.isPresent()
                                         ? server.execute("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE keyspace_name = ? AND table_name = ?",
                                                          Consistency.LOCAL_QUORUM, table.get().keyspace(), table.get().table())
                                         : server.execute("SELECT " + COLUMNS + " FROM " + TABLE, Consistency.LOCAL_QUORUM);
        List<AggregateRule> rules = new ArrayList<>();
        for (Map<String, Object> row : rows)
            rules.add(rule(row));
        rules.sort(Comparator.comparing((AggregateRule r) -> r.table().toString()).thenComparing(AggregateRule::name));
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static AggregateRule rule(Map<String, Object> row)
    {
        String bucket = (String) row.get("bucket");
        Object created = row.get("created_at");
        return new AggregateRule(new TableRef((String) row.get("keyspace_name"), (String) row.get("table_name")), (String) row.get("name"),
                                 (List<String>) row.get("group_by"), bucket == null ? Optional.empty() : Optional.of(Bucket.parse(bucket)),
                                 ((List<String>) row.get("aggregates")).stream().map(Aggregate::parse).collect(Collectors.toList()),
                                 created == null ? null : ((java.util.Date) created).toInstant(), (String) row.get("created_by"));
    }
}
