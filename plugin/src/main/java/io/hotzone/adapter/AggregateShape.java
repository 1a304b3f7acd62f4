package io.hotzone.adapter;

import java.util.ArrayList;
import java.util.List;

import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.selection.RawSelector;
import org.apache.cassandra.cql3.selection.Selectable;
import org.apache.cassandra.cql3.statements.SelectStatement;
import org.apache.cassandra.schema.TableMetadata;

/**
 * What a SELECT asks for, in the terms Cassandra itself prints after resolving it against the table: its selectors
 * and its GROUP BY terms. Two queries with equal shapes compute equal values for equal groups, whatever their
 * spelling (case, spaces, quotes, aliases), because Cassandra resolved both the same way. Only the plain form is
 * given a shape: no DISTINCT, JSON, ORDER BY, LIMIT, PER PARTITION LIMIT, ALLOW FILTERING, custom expression or
 * {@code *}; the WHERE clause is checked on the prepared statement by {@link AggregateReads}.
 */
final class AggregateShape
{
    final TableMetadata table;
    final List<String> selectors;
    final List<String> groups;

    private AggregateShape(TableMetadata table, List<String> selectors, List<String> groups)
    {
        this.table = table;
        this.selectors = selectors;
        this.groups = groups;
    }

    /** The shape of the statement's text on the table, or null when it has none. */
    static AggregateShape of(String cql, TableMetadata table)
    {
        CQLStatement.Raw parsed;
        try
        {
            parsed = QueryProcessor.parseStatement(cql);
        }
        catch (RuntimeException e)
        {
            return null;
        }
        if (!(parsed instanceof SelectStatement.RawStatement))
            return null;
        SelectStatement.RawStatement raw = (SelectStatement.RawStatement) parsed;
        SelectStatement.Parameters p = raw.parameters;
        if (p.isDistinct || p.isJson || p.allowFiltering || !p.orderings.isEmpty() || p.groups.isEmpty() || raw.limit != null
            || raw.perPartitionLimit != null || !raw.whereClause.expressions.isEmpty() || raw.selectClause.isEmpty())
            return null;
        try
        {
            List<String> selectors = new ArrayList<>();
            for (RawSelector s : raw.selectClause)
                selectors.add(s.selectable.prepare(table).toString());
            List<String> groups = new ArrayList<>();
            for (Selectable.Raw g : p.groups)
                groups.add(g.prepare(table).toString());
            return new AggregateShape(table, selectors, groups);
        }
        catch (RuntimeException e)
        {
            return null;
        }
    }

    /**
     * For each of this query's selectors, the column of the rule's result holding it; null when the rule does not
     * group the same way or lacks a selector.
     */
    int[] columnsIn(AggregateShape rule)
    {
        if (!groups.equals(rule.groups))
            return null;
        int[] columns = new int[selectors.size()];
        for (int i = 0; i < columns.length; i++)
            if ((columns[i] = rule.selectors.indexOf(selectors.get(i))) < 0)
                return null;
        return columns;
    }
}
