package io.hotzone.plan;

import java.time.Instant;
import java.util.List;

import io.hotzone.capture.TableRef;
import io.hotzone.events.Event;

/**
 * One entry of the plan: a set of partitions (CQL literals of the partition key) or a token range of one table, the
 * window it is boosted for, and how far its copy has come. The zone id is also the name of its mirror table in
 * {@code hotzone_mirror}: every boost gets a fresh table, so nothing of an earlier boost (data or tombstones) can
 * resurrect deleted rows or shadow newer writes when the same partitions are boosted again.
 *
 * @param round   the copy round; it rises whenever a node reports that its mirror may have missed a write, and
 *                every source replica then copies again (the copy is idempotent)
 * @param origin  {@code manual} or {@code forecast}
 */
public record Zone(String id, TableRef table, List<String> keys, Event.TokenRange range, Instant start, Instant end, double confidence,
                   String origin, String reason, ZoneState state, int round, boolean dryRun, String note, Instant updated)
{
    public static final String MANUAL = "manual";
    public static final String FORECAST = "forecast";

    public Zone
    {
        keys = List.copyOf(keys);
        note = note == null ? "" : note;
        reason = reason == null ? "" : reason;
    }

    public Zone to(ZoneState next, String why, Instant now)
    {
        return new Zone(id, table, keys, range, start, end, confidence, origin, reason, next, round, dryRun, why, now);
    }

    public Zone nextRound(String why, Instant now)
    {
        return new Zone(id, table, keys, range, start, end, confidence, origin, reason, ZoneState.WARMING, round + 1, dryRun, why, now);
    }

    public Zone extendedTo(Instant newEnd, double newConfidence, Instant now)
    {
        return new Zone(id, table, keys, range, start, newEnd, newConfidence, origin, reason, state, round, dryRun, note, now);
    }

    /** The mirror table holding this zone's copy. */
    public String mirrorTable()
    {
        return id;
    }

    /** What the zone targets, as printed: keys as CQL literals, or the token range. */
    public String target()
    {
        return range != null ? "tokens " + range.start() + ".." + range.end() : String.join(", ", keys);
    }
}
