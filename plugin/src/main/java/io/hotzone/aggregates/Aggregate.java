package io.hotzone.aggregates;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One aggregate of a rule, as CQL writes it: {@code count(*)}, {@code count(c)}, {@code sum(c)}, {@code min(c)}, {@code max(c)}, {@code avg(c)}. */
public final class Aggregate
{
    /** Cassandra's native aggregate functions a rule may pre-compute. */
    public enum Function { COUNT, SUM, MIN, MAX, AVG }

    private static final Pattern TEXT = Pattern.compile("^\\s*([A-Za-z]+)\\s*\\(\\s*(\\*|" + CqlNames.NAME + ")\\s*\\)\\s*$");

    private final Function function;
    private final String column;

    /** @param column the column aggregated, or null for {@code count(*)} */
    public Aggregate(Function function, String column)
    {
        if (column == null && function != Function.COUNT)
            throw new IllegalArgumentException(function.name().toLowerCase(Locale.ROOT) + "(*) is not an aggregate: name a column");
        this.function = function;
        this.column = column;
    }

    /** Parses {@code fn(column)} or {@code count(*)}; an unquoted column name folds to lower case, a quoted one is exact. */
    public static Aggregate parse(String text)
    {
        Matcher m = TEXT.matcher(text);
        if (!m.matches())
            throw new IllegalArgumentException("'" + text.trim() + "' is not an aggregate: write count(*), count(c), sum(c), min(c), max(c) or avg(c)");
        Function f;
        try
        {
            f = Function.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e)
        {
            throw new IllegalArgumentException("unknown aggregate function '" + m.group(1) + "': count, sum, min, max or avg");
        }
        return new Aggregate(f, m.group(2).equals("*") ? null : CqlNames.parse(m.group(2)));
    }

    public Function function()
    {
        return function;
    }

    /** The column aggregated, or null for {@code count(*)}. */
    public String column()
    {
        return column;
    }

    /** As CQL writes it. */
    public String cql()
    {
        return function.name().toLowerCase(Locale.ROOT) + "(" + (column == null ? "*" : CqlNames.quote(column)) + ")";
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof Aggregate && function == ((Aggregate) o).function && Objects.equals(column, ((Aggregate) o).column);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(function, column);
    }

    @Override
    public String toString()
    {
        return cql();
    }
}
