package io.hotzone.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.hotzone.capture.TableRef;

/**
 * An announced external event: a campaign, a sensor roll-out, a launch. Between {@code start} and {@code end} the
 * accesses to its target are expected to be {@code multiplier} times their usual level.
 */
public final class Event
{
    private final String id;
    private final String name;
    private final Instant start;
    private final Instant end;
    private final TableRef table;
    private final List<String> keys;
    private final TokenRange tokenRange;
    private final double multiplier;
    private final String source;

    public static final class TokenRange
    {
        private final long start;
        private final long end;

        public TokenRange(long start, long end)
        {
            this.start = start;
            this.end = end;
        }

        /** Inclusive at both ends; wraps around the ring when start > end. */
        public boolean contains(long token)
        {
            return start <= end ? token >= start && token <= end : token >= start || token <= end;
        }

        /** Whether the two ranges share a token (either may wrap around the ring). */
        public boolean overlaps(TokenRange other)
        {
            // Two ranges share a token exactly when one holds the other's first token.
            return contains(other.start) || other.contains(start);
        }

        @Override
        public String toString()
        {
            return start + ".." + end;
        }

        public long start()
        {
            return start;
        }

        public long end()
        {
            return end;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof TokenRange))
                return false;
            TokenRange that = (TokenRange) o;
            return start == that.start && end == that.end;
        }

        @Override
        public int hashCode()
        {
            int h = Long.hashCode(start);
            h = 31 * h + Long.hashCode(end);
            return h;
        }
    }

    /**
     * @param keys target partitions as CQL literals (empty unless the target is a set of keys)
     * @param tokenRange target token range, inclusive, wrapping if start &gt; end (null unless the target is a range)
     */
    public Event(String id, String name, Instant start, Instant end, TableRef table, List<String> keys,
                 TokenRange tokenRange, double multiplier, String source)
    {
        keys = List.copyOf(keys);
        this.id = id;
        this.name = name;
        this.start = start;
        this.end = end;
        this.table = table;
        this.keys = keys;
        this.tokenRange = tokenRange;
        this.multiplier = multiplier;
        this.source = source;
    }

    public String targetKind()
    {
        return !keys.isEmpty() ? "keys" : tokenRange != null ? "token_range" : "table";
    }

    public String describeTarget()
    {
        switch (targetKind())
        {
            case "keys": return "keys " + String.join(", ", keys);
            case "token_range": return "tokens " + tokenRange;
            default: return "whole table";
        }
    }

    public String id()
    {
        return id;
    }

    public String name()
    {
        return name;
    }

    public Instant start()
    {
        return start;
    }

    public Instant end()
    {
        return end;
    }

    public TableRef table()
    {
        return table;
    }

    /** target partitions as CQL literals (empty unless the target is a set of keys) */
    public List<String> keys()
    {
        return keys;
    }

    /** target token range, inclusive, wrapping if start &gt; end (null unless the target is a range) */
    public TokenRange tokenRange()
    {
        return tokenRange;
    }

    public double multiplier()
    {
        return multiplier;
    }

    public String source()
    {
        return source;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof Event))
            return false;
        Event that = (Event) o;
        return Objects.equals(id, that.id) && Objects.equals(name, that.name) && Objects.equals(start, that.start)
               && Objects.equals(end, that.end) && Objects.equals(table, that.table) && Objects.equals(keys, that.keys)
               && Objects.equals(tokenRange, that.tokenRange) && Double.compare(multiplier, that.multiplier) == 0
               && Objects.equals(source, that.source);
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(id);
        h = 31 * h + Objects.hashCode(name);
        h = 31 * h + Objects.hashCode(start);
        h = 31 * h + Objects.hashCode(end);
        h = 31 * h + Objects.hashCode(table);
        h = 31 * h + Objects.hashCode(keys);
        h = 31 * h + Objects.hashCode(tokenRange);
        h = 31 * h + Double.hashCode(multiplier);
        h = 31 * h + Objects.hashCode(source);
        return h;
    }

    @Override
    public String toString()
    {
        return "Event[id=" + id + ", name=" + name + ", start=" + start + ", end=" + end + ", table=" + table
               + ", keys=" + keys + ", tokenRange=" + tokenRange + ", multiplier=" + multiplier + ", source=" + source
               + "]";
    }
}
