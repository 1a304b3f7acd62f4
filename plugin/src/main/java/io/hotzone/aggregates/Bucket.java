package io.hotzone.aggregates;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hotzone.config.Durations;

/** A rule's time bucket: the last group-by column floored to a width, as CQL's {@code GROUP BY ..., floor(c, 1h)} does. */
public final class Bucket
{
    private static final Pattern TEXT = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+(\\S+)\\s*$");

    private final String column;
    private final Duration width;

    public Bucket(String column, Duration width)
    {
        if (width.isNegative() || width.isZero())
            throw new IllegalArgumentException("a bucket width must be positive, got " + Durations.format(width));
        this.column = column;
        this.width = width;
    }

    /** Parses {@code COLUMN WIDTH}, e.g. {@code at 1h}. */
    public static Bucket parse(String text)
    {
        Matcher m = TEXT.matcher(text);
        if (!m.matches())
            throw new IllegalArgumentException("'" + text.trim() + "' is not a bucket: write the column and a width, e.g. 'at 1h'");
        return new Bucket(m.group(1).toLowerCase(java.util.Locale.ROOT), Durations.parse(m.group(2)));
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
        return "floor(" + column + ", " + Durations.format(width) + ")";
    }

    /** As {@link #parse} reads it. */
    public String text()
    {
        return column + " " + Durations.format(width);
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
