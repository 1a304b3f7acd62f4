package io.hotzone.aggregates;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hotzone.config.Durations;

/** A rule's time bucket: the last group-by column floored to a width, as CQL's {@code GROUP BY ..., floor(c, 1h)} does. */
public final class Bucket
{
    private static final Pattern TEXT = Pattern.compile("^\\s*(" + CqlNames.NAME + ")\\s+(\\S+)\\s*$");
    /** Cassandra keeps a duration's days in an int; a year is bucket enough. */
    static final Duration MAX_WIDTH = Duration.ofDays(366);

    private final String column;
    private final Duration width;

    public Bucket(String column, Duration width)
    {
        if (width.isNegative() || width.isZero() || width.compareTo(MAX_WIDTH) > 0)
            throw new IllegalArgumentException("a bucket width must be positive and at most 366d, got " + Durations.format(width));
        this.column = column;
        this.width = width;
    }

    /** Parses {@code COLUMN WIDTH}, e.g. {@code at 1h}. */
    public static Bucket parse(String text)
    {
        Matcher m = TEXT.matcher(text);
        if (!m.matches())
            throw new IllegalArgumentException("'" + text.trim() + "' is not a bucket: write the column and a width, e.g. 'at 1h'");
        Duration width;
        try
        {
            width = Durations.parse(m.group(2));
        }
        catch (ArithmeticException e)
        {
            throw new IllegalArgumentException("a bucket width must be positive and at most 366d, got " + m.group(2));
        }
        return new Bucket(CqlNames.parse(m.group(1)), width);
    }

    public String column()
    {
        return column;
    }

    public Duration width()
    {
        return width;
    }

    /** As a GROUP BY term: {@code floor(at, 1h)}. */
    public String cql()
    {
        return "floor(" + CqlNames.quote(column) + ", " + Durations.format(width) + ")";
    }

    /** As {@link #parse} reads it. */
    public String text()
    {
        return CqlNames.quote(column) + " " + Durations.format(width);
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof Bucket && column.equals(((Bucket) o).column) && width.equals(((Bucket) o).width);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(column, width);
    }

    @Override
    public String toString()
    {
        return cql();
    }
}
