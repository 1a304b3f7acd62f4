package io.hotzone.plan;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.hotzone.capture.TableRef;
import io.hotzone.events.Event;

/**
 * One entry of the plan: a set of partitions (CQL literals of the partition key) or a token range of one table, the
 * window it is boosted for, and how far its copy has come. The zone id is also the name of its mirror table in
 * {@code hotzone_mirror}: every boost gets a fresh table, so nothing of an earlier boost (data or tombstones) can
 * resurrect deleted rows or shadow newer writes when the same partitions are boosted again.
 */
public final class Zone
{
    private final String id;
    private final TableRef table;
    private final List<String> keys;
    private final Event.TokenRange range;
    private final Instant start;
    private final Instant end;
    private final double confidence;
    private final String origin;
    private final String reason;
    private final ZoneState state;
    private final int round;
    private final boolean dryRun;
    private final String note;
    private final Instant updated;

    public static final String MANUAL = "manual";
    public static final String FORECAST = "forecast";

    /**
     * @param origin {@code manual} or {@code forecast}
     * @param round the copy round; it rises whenever a node reports that its mirror may have missed a write, and
     *             every source replica then copies again (the copy is idempotent)
     */
    public Zone(String id, TableRef table, List<String> keys, Event.TokenRange range, Instant start, Instant end,
                double confidence, String origin, String reason, ZoneState state, int round, boolean dryRun,
                String note, Instant updated)
    {
        keys = List.copyOf(keys);
        note = note == null ? "" : note;
        reason = reason == null ? "" : reason;
        this.id = id;
        this.table = table;
        this.keys = keys;
        this.range = range;
        this.start = start;
        this.end = end;
        this.confidence = confidence;
        this.origin = origin;
        this.reason = reason;
        this.state = state;
        this.round = round;
        this.dryRun = dryRun;
        this.note = note;
        this.updated = updated;
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

    public String id()
    {
        return id;
    }

    public TableRef table()
    {
        return table;
    }

    public List<String> keys()
    {
        return keys;
    }

    public Event.TokenRange range()
    {
        return range;
    }

    public Instant start()
    {
        return start;
    }

    public Instant end()
    {
        return end;
    }

    public double confidence()
    {
        return confidence;
    }

    /** {@code manual} or {@code forecast} */
    public String origin()
    {
        return origin;
    }

    public String reason()
    {
        return reason;
    }

    public ZoneState state()
    {
        return state;
    }

    /**
     * the copy round; it rises whenever a node reports that its mirror may have missed a write, and
     * every source replica then copies again (the copy is idempotent)
     */
    public int round()
    {
        return round;
    }

    public boolean dryRun()
    {
        return dryRun;
    }

    public String note()
    {
        return note;
    }

    public Instant updated()
    {
        return updated;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof Zone))
            return false;
        Zone that = (Zone) o;
        return Objects.equals(id, that.id) && Objects.equals(table, that.table) && Objects.equals(keys, that.keys)
               && Objects.equals(range, that.range) && Objects.equals(start, that.start)
               && Objects.equals(end, that.end) && Double.compare(confidence, that.confidence) == 0
               && Objects.equals(origin, that.origin) && Objects.equals(reason, that.reason)
               && Objects.equals(state, that.state) && round == that.round && dryRun == that.dryRun
               && Objects.equals(note, that.note) && Objects.equals(updated, that.updated);
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(id);
        h = 31 * h + Objects.hashCode(table);
        h = 31 * h + Objects.hashCode(keys);
        h = 31 * h + Objects.hashCode(range);
        h = 31 * h + Objects.hashCode(start);
        h = 31 * h + Objects.hashCode(end);
        h = 31 * h + Double.hashCode(confidence);
        h = 31 * h + Objects.hashCode(origin);
        h = 31 * h + Objects.hashCode(reason);
        h = 31 * h + Objects.hashCode(state);
        h = 31 * h + round;
        h = 31 * h + Boolean.hashCode(dryRun);
        h = 31 * h + Objects.hashCode(note);
        h = 31 * h + Objects.hashCode(updated);
        return h;
    }

    @Override
    public String toString()
    {
        return "Zone[id=" + id + ", table=" + table + ", keys=" + keys + ", range=" + range + ", start=" + start
               + ", end=" + end + ", confidence=" + confidence + ", origin=" + origin + ", reason=" + reason
               + ", state=" + state + ", round=" + round + ", dryRun=" + dryRun + ", note=" + note
               + ", updated=" + updated + "]";
    }
}
