package io.hotzone.plan;

/**
 * Where a zone is in its life. PLANNED: its mirror table is being created. ARMING: every node has the table and
 * starts mirroring the zone's writes. WARMING: every node mirrors; source replicas copy. READY: the copy is complete
 * and reads are routed. DRAINING stops routing and mirroring before the mirror table is dropped; GONE rows stay for
 * the cooldown. Mirroring waits for ARMING because a write mirrored to a node that does not have the mirror table
 * yet would fail.
 */
public enum ZoneState
{
    PLANNED, ARMING, WARMING, READY, DRAINING, GONE;

    /** Whether writes to the zone's partitions must reach its mirror. */
    public boolean mirrored()
    {
        return this == ARMING || this == WARMING || this == READY;
    }
}
