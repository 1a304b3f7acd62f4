package io.hotzone.events;

import java.time.Instant;
import java.util.List;

import io.hotzone.capture.TableRef;

/**
 * An announced external event: a campaign, a sensor roll-out, a launch. Between {@code start} and {@code end} the
 * accesses to its target are expected to be {@code multiplier} times their usual level.
 *
 * @param keys       target partitions as CQL literals (empty unless the target is a set of keys)
 * @param tokenRange target token range, inclusive, wrapping if start &gt; end (null unless the target is a range)
 */
public record Event(String id, String name, Instant start, Instant end, TableRef table, List<String> keys, TokenRange tokenRange,
                    double multiplier, String source)
{
    public record TokenRange(long start, long end)
    {
        /** Inclusive at both ends; wraps around the ring when start > end. */
        public boolean contains(long token)
        {
            return start <= end ? token >= start && token <= end : token >= start || token <= end;
        }

        @Override
        public String toString()
        {
            return start + ".." + end;
        }
    }

    public Event
    {
        keys = List.copyOf(keys);
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
}
