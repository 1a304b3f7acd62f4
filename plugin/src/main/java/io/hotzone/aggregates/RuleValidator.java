package io.hotzone.aggregates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.hotzone.server.TableSchema;

/**
 * Checks a rule against its table's schema, so that the query it pre-computes is one Cassandra itself runs: GROUP BY
 * clustering columns in key order (CQL groups by primary key columns only), an optional {@code floor} on the last of
 * them, and native aggregates. HotZone's own requirements on top: the GROUP BY starts with the whole partition key (an
 * aggregate row is keyed by its partition, as the zone's mirror is), sum and avg take numbers, and min and max native
 * scalar types only. Every problem is reported, not just the first.
 */
public final class RuleValidator
{
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    static final int MAX_AGGREGATES = 16;
    private static final Set<String> NUMERIC = Set.of("tinyint", "smallint", "int", "bigint", "varint", "float", "double", "decimal", "counter");
    private static final Set<String> COMPARABLE = Set.of("ascii", "bigint", "blob", "boolean", "date", "decimal", "double", "float", "inet", "int",
                                                         "smallint", "text", "time", "timestamp", "timeuuid", "tinyint", "uuid", "varchar", "varint");
    private static final Set<String> FLOORED = Set.of("timestamp", "date", "time", "timeuuid");

    private RuleValidator()
    {
    }

    /** What is wrong with the rule; empty when it may be stored. */
    public static List<String> problems(AggregateRule rule, Optional<TableSchema> found)
    {
        List<String> problems = new ArrayList<>();
        if (!NAME.matcher(rule.name()).matches())
            problems.add("rule name '" + rule.name() + "' must be lower case letters, digits and _, starting with a letter, at most 48 characters");
        if (found.isEmpty())
        {
            problems.add("unknown table " + rule.table());
            return problems;
        }
        if (rule.table().keyspace().equals(io.hotzone.schema.HotZoneKeyspace.NAME) || rule.table().keyspace().equals(io.hotzone.server.Mirrors.KEYSPACE))
            problems.add(rule.table() + " is one of HotZone's own tables: they are not pre-aggregated");
        TableSchema schema = found.get();
        if (schema.isCounter())
            problems.add(rule.table() + " is a counter table: HotZone does not boost counter tables, so it does not pre-aggregate them");
        groupBy(rule, schema, problems);
        aggregates(rule, schema, problems);
        return problems;
    }

    private static void groupBy(AggregateRule rule, TableSchema schema, List<String> problems)
    {
        List<String> key = names(schema.of(TableSchema.Kind.PARTITION_KEY)), clustering = names(schema.of(TableSchema.Kind.CLUSTERING));
        List<String> groupBy = rule.groupBy();
        if (new HashSet<>(groupBy).size() != groupBy.size())
            problems.add("group-by names a column twice: " + String.join(", ", groupBy));
        for (String c : groupBy)
        {
            Optional<TableSchema.Column> column = schema.column(c);
            if (column.isEmpty())
                problems.add("unknown column " + c + " in group-by (columns: " + String.join(", ", names(schema.columns())) + ")");
            else if (column.get().kind() == TableSchema.Kind.REGULAR || column.get().kind() == TableSchema.Kind.STATIC)
                problems.add(c + " is a " + column.get().kind().name().toLowerCase(java.util.Locale.ROOT)
                             + " column: Cassandra groups by primary key columns only (the partition key, then clustering columns in order)");
        }
        if (groupBy.size() < key.size() || !groupBy.subList(0, key.size()).equals(key))
            problems.add("group-by must start with the whole partition key (" + String.join(", ", key) + "): a rule is pre-computed per partition; got "
                         + String.join(", ", groupBy));
        else
        {
            List<String> rest = groupBy.subList(key.size(), groupBy.size());
            if (rest.size() > clustering.size() || !rest.equals(clustering.subList(0, rest.size())))
                problems.add("after the partition key, group-by takes clustering columns in key order (" + String.join(", ", clustering) + "), got "
                             + String.join(", ", rest));
        }
        rule.bucket().ifPresent(b -> {
            Optional<TableSchema.Column> column = schema.column(b.column());
            if (groupBy.isEmpty() || !groupBy.get(groupBy.size() - 1).equals(b.column()))
                problems.add("the bucket's column " + b.column() + " must be the last group-by column (CQL floors only the last GROUP BY term)");
            if (column.isPresent() && column.get().kind() != TableSchema.Kind.CLUSTERING)
                problems.add("the bucket's column " + b.column() + " must be a clustering column (CQL floors a clustering column only)");
            if (column.isPresent() && !FLOORED.contains(column.get().type()))
                problems.add("the bucket's column " + b.column() + " is " + column.get().type() + ": floor() takes timestamp, date, time or timeuuid");
            if (column.isPresent() && column.get().type().equals("date") && b.width().toMillis() % Duration.ofDays(1).toMillis() != 0)
                problems.add("the bucket of the date column " + b.column() + " must be whole days, got " + io.hotzone.config.Durations.format(b.width()));
            if (column.isPresent() && column.get().type().equals("time") && b.width().compareTo(Duration.ofDays(1)) >= 0)
                problems.add("the bucket of the time column " + b.column() + " must be shorter than a day, got " + io.hotzone.config.Durations.format(b.width()));
        });
    }

    private static void aggregates(AggregateRule rule, TableSchema schema, List<String> problems)
    {
        List<Aggregate> aggregates = rule.aggregates();
        if (aggregates.isEmpty())
            problems.add("a rule needs at least one aggregate");
        if (aggregates.size() > MAX_AGGREGATES)
            problems.add("a rule takes at most " + MAX_AGGREGATES + " aggregates, got " + aggregates.size());
        if (new HashSet<>(aggregates).size() != aggregates.size())
            problems.add("an aggregate is named twice: " + aggregates.stream().map(Aggregate::cql).collect(Collectors.joining(", ")));
        for (Aggregate a : aggregates)
        {
            if (a.column() == null)
                continue;
            Optional<TableSchema.Column> column = schema.column(a.column());
            if (column.isEmpty())
            {
                problems.add("unknown column " + a.column() + " in " + a.cql());
                continue;
            }
            String type = column.get().type();
            switch (a.function())
            {
                case SUM:
                case AVG:
                    if (!NUMERIC.contains(type))
                        problems.add(a.cql() + ": " + a.column() + " is " + type + ", not a number");
                    break;
                case MIN:
                case MAX:
                    if (!COMPARABLE.contains(type))
                        problems.add(a.cql() + ": " + a.column() + " is " + type + ", which " + a.function().name().toLowerCase(java.util.Locale.ROOT)
                                     + " is not pre-computed for (native scalar types only)");
                    break;
                default:
                    break;
            }
        }
    }

    private static List<String> names(List<TableSchema.Column> columns)
    {
        return columns.stream().map(TableSchema.Column::name).collect(Collectors.toList());
    }
}
