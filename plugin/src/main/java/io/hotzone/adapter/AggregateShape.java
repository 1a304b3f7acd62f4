package io.hotzone.adapter;

import java.util.ArrayList;
import java.util.List;

import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.selection.RawSelector;
import org.apache.cassandra.cql3.selection.Selectable;
import org.apache.cassandra.cql3.statements.SelectStatement;
import org.apache.cassandra.schema.ColumnMetadata;
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
                selectors.add(canonical(s.selectable.prepare(table)));
            List<String> groups = new ArrayList<>();
            for (Selectable.Raw g : p.groups)
                groups.add(canonical(g.prepare(table)));
            return selectors.contains(null) || groups.contains(null) ? null : new AggregateShape(table, selectors, groups);
        }
        catch (RuntimeException e)
        {
            return null;
        }
    }

    /** The shape of a statement that has none, remembered as such. */
    static AggregateShape none(TableMetadata table)
    {
        return new AggregateShape(table, null, null);
    }

    /**
     * What a resolved selector computes, spelled so that different computations never read the same (a column named
     * {@code count} is not {@code count(*)}); null for a kind no rule has (casts, fields, collections, writetime …).
     */
    static String canonical(Selectable s)
    {
        if (s instanceof ColumnMetadata)
            return "column " + ((ColumnMetadata) s).name.toCQLString();
        if (s instanceof Selectable.WithTerm)
            return "term " + s;
        if (s instanceof Selectable.WithFunction)
        {
            Selectable.WithFunction f = (Selectable.WithFunction) s;
            List<String> args = new ArrayList<>();
            for (Selectable arg : f.args)
                args.add(canonical(arg));
            return args.contains(null) ? null : "function " + f.function.name() + f.function.argTypes() + "(" + String.join(", ", args) + ")";
        }
        return null;
    }

    /**
     * For each of this query's selectors, the column of the rule's result holding it; null when the rule does not
     * group the same way or lacks a selector.
     */
    int[] columnsIn(AggregateShape rule)
    {
        if (selectors == null || rule.selectors == null || !groups.equals(rule.groups))
            return null;
        int[] columns = new int[selectors.size()];
        for (int i = 0; i < columns.length; i++)
            if ((columns[i] = rule.selectors.indexOf(selectors.get(i))) < 0)
                return null;
        return columns;
    }
}
