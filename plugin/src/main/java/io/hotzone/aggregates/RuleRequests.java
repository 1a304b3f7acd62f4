package io.hotzone.aggregates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import io.hotzone.capture.TableRef;
import io.hotzone.server.TableSchema;

/** What operators ask of rules, on any node: add one (validated against the table, nothing stored when wrong), remove, list. */
public final class RuleRequests
{
    private final String me;
    private final RuleStore store;
    private final Function<TableRef, Optional<TableSchema>> schema;
    private final Supplier<Instant> clock;

    public RuleRequests(String me, RuleStore store, Function<TableRef, Optional<TableSchema>> schema, Supplier<Instant> clock)
    {
        this.me = me;
        this.store = store;
        this.schema = schema;
        this.clock = clock;
    }

    /**
     * Parses, validates and stores a rule.
     *
     * @param groupBy    comma-separated column names
     * @param bucket     {@code COLUMN WIDTH} (e.g. {@code at 1h}), or empty
     * @param aggregates comma-separated, e.g. {@code count(*), sum(amount)}
     * @throws IllegalArgumentException naming every problem, when the rule is wrong: nothing is stored
     * @throws IllegalStateException when the table has a rule of that name
     */
    public AggregateRule add(String table, String name, String groupBy, String bucket, String aggregates)
    {
        AggregateRule rule = parse(table, name, groupBy, bucket, aggregates, clock.get(), me);
        List<String> problems = RuleValidator.problems(rule, schema.apply(rule.table()));
        if (!problems.isEmpty())
            throw new IllegalArgumentException("rule " + rule.name() + " of " + rule.table() + " refused, nothing stored: " + String.join("; ", problems));
        if (!store.add(rule))
            throw new IllegalStateException(rule.table() + " has a rule named " + rule.name() + " already; remove it first (nodetool-ext hotzone rules remove "
                                            + rule.table() + " " + rule.name() + ")");
        return rule;
    }

    /** The rule as written on the command line, not yet checked against the table. */
    static AggregateRule parse(String table, String name, String groupBy, String bucket, String aggregates, Instant now, String by)
    {
        TableRef ref = TableRef.parse(table.trim());
        List<String> columns = new ArrayList<>();
        for (String c : groupBy.split(","))
            if (!c.isBlank())
                columns.add(CqlNames.parse(c));
        List<Aggregate> list = new ArrayList<>();
        for (String a : aggregates.split(","))
            if (!a.isBlank())
                list.add(Aggregate.parse(a));
        Optional<Bucket> b = bucket == null || bucket.isBlank() ? Optional.empty() : Optional.of(Bucket.parse(bucket));
        return new AggregateRule(ref, name.trim(), columns, b, list, now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), by); // as stored
    }

    /** Removes a rule. @throws IllegalArgumentException when there is none of that name */
    public void remove(String table, String name)
    {
        TableRef ref = TableRef.parse(table.trim());
        if (!store.remove(ref, name.trim()))
            throw new IllegalArgumentException("no rule " + name.trim() + " of " + ref + " (nodetool-ext hotzone rules list shows them)");
    }

    /** The query the rule pre-computes, its partition key as the table has it now; for a table dropped since, says so. */
    public String query(AggregateRule rule)
    {
        List<String> key = new ArrayList<>();
        schema.apply(rule.table()).ifPresent(s -> s.of(TableSchema.Kind.PARTITION_KEY).forEach(c -> key.add(c.name())));
        return key.isEmpty() ? "(table dropped)" : rule.query(key);
    }

    public List<AggregateRule> list(Optional<TableRef> table)
    {
        return store.list(table);
    }
}
