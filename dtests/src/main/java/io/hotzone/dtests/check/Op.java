package io.hotzone.dtests.check;

import java.util.Map;

/**
 * One operation of the consistency check's history, on one partition: a write (its effect on each cell it touches:
 * a value, or null for a delete; a TTL) or a ONE read (what it returned per cell). Times are System.nanoTime of the
 * invocation and of the acknowledgement (or failure).
 */
final class Op
{
    /** What became of a write: acknowledged, certainly not applied (unavailable, LWT not applied), or unknown (timeout). */
    enum Outcome { OK, FAIL, UNKNOWN }

    final String kind;
    final String key;
    /** Cell (clustering) → value written, null for a delete; for reads, what the read returned (absent = no row). */
    final Map<Integer, Integer> cells;
    final int ttlSeconds;
    /** Whether a stock ONE read after the acknowledgement must see it (every replica acknowledged it before the client). */
    final boolean strong;
    final long invoked;
    long completed;
    Outcome outcome;
    /** For reads: whether a mirror answered it (the plugin says so when asked, see HotZoneQueryHandler.MIRROR_INFO). */
    boolean fromMirror;
    /** The node that coordinated it (as the driver reports it), for anomaly reports; null when it failed. */
    String coordinator;
    /** For writes: the client timestamp (µs) it was sent with (a lightweight transaction's cells get the ballot's). */
    long timestamp;

    Op(String kind, String key, Map<Integer, Integer> cells, int ttlSeconds, boolean strong, long invoked)
    {
        this.kind = kind;
        this.key = key;
        this.cells = cells;
        this.ttlSeconds = ttlSeconds;
        this.strong = strong;
        this.invoked = invoked;
    }

    Op done(Outcome outcome, long completed)
    {
        this.outcome = outcome;
        this.completed = completed;
        return this;
    }
}
