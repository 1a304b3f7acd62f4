package io.hotzone.aggregates;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.hotzone.capture.TableRef;

/**
 * A pre-aggregation rule of one table: the query it pre-computes is
 * {@code SELECT <group-by>, <aggregates> FROM <table> WHERE <partition key> = ? GROUP BY <group-by>}, the last
 * group-by column floored to the bucket's width when there is one.
 */
public final class AggregateRule
{
    private final TableRef table;
    private final String name;
    private final List<String> groupBy;
    private final Optional<Bucket> bucket;
    private final List<Aggregate> aggregates;
    private final Instant createdAt;
    private final String createdBy;

    /**
     * @param groupBy    column names, partition key first, then clustering columns in key order; the bucket's column,
     *                   when there is one, is the last
     * @param createdBy  the node that stored it
     */
    public AggregateRule(TableRef table, String name, List<String> groupBy, Optional<Bucket> bucket, List<Aggregate> aggregates, Instant createdAt,
                         String createdBy)
    {
        this.table = table;
        this.name = name;
        this.groupBy = List.copyOf(groupBy);
        this.bucket = bucket;
        this.aggregates = List.copyOf(aggregates);
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    public TableRef table()
    {
        return table;
    }

    public String name()
    {
        return name;
    }

    public List<String> groupBy()
    {
        return groupBy;
    }

    public Optional<Bucket> bucket()
    {
        return bucket;
    }

    public List<Aggregate> aggregates()
    {
        return aggregates;
    }

    public Instant createdAt()
    {
        return createdAt;
    }

    public String createdBy()
    {
        return createdBy;
    }

    /** The GROUP BY terms: the columns, the last one floored when the rule has a bucket. */
    public List<String> groupByTerms()
    {
        List<String> terms = groupBy.stream().map(CqlNames::quote).collect(Collectors.toList());
        bucket.ifPresent(b -> terms.set(terms.size() - 1, b.cql()));
        return terms;
    }

    /** The query the rule pre-computes, for one partition (bind the partition key columns in order). */
    public String query(List<String> partitionKey)
    {
        return query(table.keyspace(), table.table(), partitionKey);
    }

    /** The rule's query on another table of the same columns (a mirror of the rule's table). */
    public String query(String keyspace, String tableName, List<String> partitionKey)
    {
        return "SELECT " + String.join(", ", groupByTerms()) + ", " + aggregates.stream().map(Aggregate::cql).collect(Collectors.joining(", "))
               + " FROM " + CqlNames.quote(keyspace) + "." + CqlNames.quote(tableName) + " WHERE "
               + partitionKey.stream().map(c -> CqlNames.quote(c) + " = ?").collect(Collectors.joining(" AND "))
               + " GROUP BY " + String.join(", ", groupByTerms());
    }

    @Override
    public boolean equals(Object o)
    {
        if (!(o instanceof AggregateRule))
            return false;
        AggregateRule r = (AggregateRule) o;
        return table.equals(r.table) && name.equals(r.name) && groupBy.equals(r.groupBy) && bucket.equals(r.bucket) && aggregates.equals(r.aggregates)
               && Objects.equals(createdAt, r.createdAt) && Objects.equals(createdBy, r.createdBy);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(table, name, groupBy, bucket, aggregates, createdAt, createdBy);
    }

    @Override
    public String toString()
    {
        return table + "." + name + ": GROUP BY " + String.join(", ", groupByTerms()) + " -> " + aggregates;
    }
}
