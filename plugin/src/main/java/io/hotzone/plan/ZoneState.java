package io.hotzone.plan;

/**
 * Where a zone is in its life. PLANNED: its mirror table is being created. ARMING: every node has the table and
 * starts mirroring the zone's writes. WARMING: every node mirrors; source replicas copy; nobody serves. READY: a copy
 * round is complete and reads may be routed (a newer round may be copying meanwhile). DRAINING: routing stops
 * everywhere while mirroring goes on; only after every node's routing lease has run out does the zone become GONE,
 * which stops mirroring and drops the mirror table (GONE rows stay for the cooldown). Mirroring waits for ARMING
 * because a write mirrored to a node that does not have the mirror table yet would fail.
 */
public enum ZoneState
{
    PLANNED, ARMING, WARMING, READY, DRAINING, GONE;

    /** Whether writes to the zone's partitions must reach its mirror. */
    public boolean mirrored()
    {
        return this == ARMING || this == WARMING || this == READY || this == DRAINING;
    }

    /** Whether the zone is on its way in or in use (not leaving). */
    public boolean active()
    {
        return this == PLANNED || this == ARMING || this == WARMING || this == READY;
    }
}
