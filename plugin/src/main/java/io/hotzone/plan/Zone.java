package io.hotzone.plan;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.hotzone.capture.TableRef;
import io.hotzone.events.Event;

/**
 * One entry of the plan: a set of partitions (CQL literals of the partition key) or a token range of one table, the
 * window it is boosted for, and how far its copy has come. The zone id is also the name of its mirror table in
 * {@code hotzone_mirror}: every boost gets a fresh table, so nothing of an earlier boost (data or tombstones) can
 * resurrect deleted rows or shadow newer writes when the same partitions are boosted again.
 *
 * <p>Two rounds: {@link #round()} is the newest copy round (being copied, or done), {@link #readyRound()} the newest
 * complete one, which READY zones serve. A refresh copies round r + 1 while round r keeps serving; a restart
 * ({@link #nextRound}) serves nothing until its round is complete.
 */
public final class Zone
{
    public static final String MANUAL = "manual";
    public static final String FORECAST = "forecast";
    /** {@link #readyRound()} of a zone that has never been completely copied. */
    public static final int NEVER = -1;

    private final String id;
    private final TableRef table;
    private final UUID tableId;
    private final List<String> keys;
    private final Event.TokenRange range;
    private final Instant start;
    private final Instant end;
    private final double confidence;
    private final String origin;
    private final String reason;
    private final ZoneState state;
    private final int round;
    private final int readyRound;
    private final boolean dryRun;
    private final String note;
    private final Instant updated;
    private final int mirrorReplicas;
    private final int readyMirrorReplicas;

    /**
     * @param tableId    the source table's id when the zone was planned: a table dropped and created again under the
     *                   same name is another table, never mirrored or routed for this zone (null: unknown, treated so)
     * @param origin     {@code manual} or {@code forecast}
     * @param round      the newest copy round
     * @param readyRound the newest complete copy round, {@link #NEVER} before the first
     */
    public Zone(String id, TableRef table, UUID tableId, List<String> keys, Event.TokenRange range, Instant start, Instant end,
                double confidence, String origin, String reason, ZoneState state, int round, int readyRound, boolean dryRun,
                String note, Instant updated)
    {
        this(id, table, tableId, keys, range, start, end, confidence, origin, reason, state, round, readyRound, dryRun, note, updated, 0);
    }

    /**
     * @param mirrorReplicas mirror replicas per data center holding this zone ({@link io.hotzone.mirror.MirrorSet}),
     *                       0 for every mirror replica of its tokens
     */
    public Zone(String id, TableRef table, UUID tableId, List<String> keys, Event.TokenRange range, Instant start, Instant end,
                double confidence, String origin, String reason, ZoneState state, int round, int readyRound, boolean dryRun,
                String note, Instant updated, int mirrorReplicas)
    {
        this(id, table, tableId, keys, range, start, end, confidence, origin, reason, state, round, readyRound, dryRun, note, updated, mirrorReplicas,
             mirrorReplicas);
    }

    /**
     * @param mirrorReplicas      the mirror replicas per data center the newest round goes to (0: every mirror replica)
     * @param readyMirrorReplicas those the complete round was copied to: a zone only grows, and the larger set holds
     *                            the smaller ({@link io.hotzone.mirror.MirrorSet} ranks), so until the newest round is
     *                            complete only the smaller one serves
     */
    public Zone(String id, TableRef table, UUID tableId, List<String> keys, Event.TokenRange range, Instant start, Instant end,
                double confidence, String origin, String reason, ZoneState state, int round, int readyRound, boolean dryRun,
                String note, Instant updated, int mirrorReplicas, int readyMirrorReplicas)
    {
        if (mirrorReplicas < 0 || readyMirrorReplicas < 0)
            throw new IllegalArgumentException("mirror replicas must be 0 (every mirror replica) or more, got " + mirrorReplicas + ", " + readyMirrorReplicas);
        this.mirrorReplicas = mirrorReplicas;
        this.readyMirrorReplicas = readyMirrorReplicas;
        this.id = id;
        this.table = table;
        this.tableId = tableId;
        this.keys = List.copyOf(keys);
        this.range = range;
        this.start = start;
        this.end = end;
        this.confidence = confidence;
        this.origin = origin;
        this.reason = reason == null ? "" : reason;
        this.state = state;
        this.round = round;
        this.readyRound = readyRound;
        this.dryRun = dryRun;
        this.note = note == null ? "" : note;
        this.updated = updated;
    }

    public Zone to(ZoneState next, String why, Instant now)
    {
        return new Zone(id, table, tableId, keys, range, start, end, confidence, origin, reason, next, round, readyRound, dryRun, why, now, mirrorReplicas, readyMirrorReplicas);
    }

    /** Starts over: a new round that nobody serves until it is complete (WARMING). */
    public Zone nextRound(String why, Instant now)
    {
        return new Zone(id, table, tableId, keys, range, start, end, confidence, origin, reason, ZoneState.WARMING, round + 1, NEVER, dryRun, why, now, mirrorReplicas, mirrorReplicas);
    }

    /** A new copy round while the complete one keeps serving (the zone stays READY). */
    public Zone refreshed(String why, Instant now)
    {
        return new Zone(id, table, tableId, keys, range, start, end, confidence, origin, reason, ZoneState.READY, round + 1, readyRound, dryRun, why, now, mirrorReplicas, readyMirrorReplicas);
    }

    /** The current round is complete: it is the one served from now on. */
    public Zone copied(String why, Instant now)
    {
        return new Zone(id, table, tableId, keys, range, start, end, confidence, origin, reason, ZoneState.READY, round, round, dryRun, why, now, mirrorReplicas, mirrorReplicas);
    }

    public Zone extendedTo(Instant newEnd, double newConfidence, Instant now)
    {
        return new Zone(id, table, tableId, keys, range, start, newEnd, newConfidence, origin, reason, state, round, readyRound, dryRun, note, now, mirrorReplicas, readyMirrorReplicas);
    }

    /** The same zone on {@code count} mirror replicas per data center (0: all); only before it mirrors writes. */
    public Zone withMirrorReplicas(int count, String why, Instant now)
    {
        return new Zone(id, table, tableId, keys, range, start, end, confidence, origin, reason, state, round, readyRound, dryRun, why, now, count);
    }

    /**
     * A new copy round onto more mirror replicas while the complete round keeps serving on its own ones (the zone stays
     * READY): the forecast asks for more than the zone has.
     */
    public Zone grownTo(int count, String why, Instant now)
    {
        if (!grows(mirrorReplicas, count))
            throw new IllegalArgumentException("a zone only grows: " + mirrorReplicas + " to " + count);
        return new Zone(id, table, tableId, keys, range, start, end, confidence, origin, reason, ZoneState.READY, round + 1, readyRound, dryRun, why, now,
                        count, readyMirrorReplicas);
    }

    /** The larger of two counts of mirror replicas per DC (0 meaning all of them). */
    public static int widest(int a, int b)
    {
        return a == 0 || b == 0 ? 0 : Math.max(a, b);
    }

    /** Whether {@code next} mirror replicas per DC are more than {@code current} (0 meaning all of them). */
    public static boolean grows(int current, int next)
    {
        return current != 0 && (next == 0 || next > current);
    }

    /** Mirror replicas per data center the newest round goes to (writes and copies); 0: every mirror replica of its tokens. */
    public int mirrorReplicas()
    {
        return mirrorReplicas;
    }

    /** Mirror replicas per data center the complete round was copied to. */
    public int readyMirrorReplicas()
    {
        return readyMirrorReplicas;
    }

    /** Mirror replicas per data center that take the zone's writes and copies: the larger of the two counts. */
    public int writingMirrorReplicas()
    {
        return widest(mirrorReplicas, readyMirrorReplicas);
    }

    /** Mirror replicas per data center that may answer reads: the smaller of the two counts (0: every mirror replica). */
    public int servingMirrorReplicas()
    {
        return mirrorReplicas == 0 ? readyMirrorReplicas : readyMirrorReplicas == 0 ? mirrorReplicas : Math.min(mirrorReplicas, readyMirrorReplicas);
    }

    /** Whether the newest round is still being copied. */
    public boolean copying()
    {
        return (state == ZoneState.WARMING || state == ZoneState.READY) && round != readyRound;
    }

    /** Whether reads may be answered from the mirror at all (per node, fences and the routing lease decide). */
    public boolean serving()
    {
        return state == ZoneState.READY && readyRound != NEVER && !dryRun;
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

    /** The source table's id when the zone was planned; null when unknown (a zone of an older plugin version). */
    public UUID tableId()
    {
        return tableId;
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

    /** {@code manual} or {@code forecast}. */
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

    /** The newest copy round. */
    public int round()
    {
        return round;
    }

    /** The newest complete copy round, the one served; {@link #NEVER} before the first. */
    public int readyRound()
    {
        return readyRound;
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
        return id.equals(that.id) && table.equals(that.table) && Objects.equals(tableId, that.tableId) && keys.equals(that.keys)
               && Objects.equals(range, that.range) && Objects.equals(start, that.start) && Objects.equals(end, that.end)
               && Double.compare(confidence, that.confidence) == 0 && Objects.equals(origin, that.origin) && reason.equals(that.reason)
               && state == that.state && round == that.round && readyRound == that.readyRound && dryRun == that.dryRun
               && note.equals(that.note) && Objects.equals(updated, that.updated) && mirrorReplicas == that.mirrorReplicas
               && readyMirrorReplicas == that.readyMirrorReplicas;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(id, table, tableId, keys, range, start, end, confidence, origin, reason, state, round, readyRound, dryRun, note, updated, mirrorReplicas, readyMirrorReplicas);
    }

    @Override
    public String toString()
    {
        return "Zone[" + id + " " + table + " " + target() + " " + state + " round " + round + " ready " + readyRound + (mirrorReplicas > 0 || readyMirrorReplicas > 0 ? " on " + mirrorReplicas + " mirror replicas per DC (serving " + servingMirrorReplicas() + ")" : "") + (dryRun ? " dry run" : "") + "]";
    }
}
