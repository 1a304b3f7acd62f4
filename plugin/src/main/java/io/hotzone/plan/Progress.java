package io.hotzone.plan;

/**
 * What one node reported for one zone: the round it refers to and the phase reached. PREPARED: this node's schema
 * has the mirror table. MIRRORING: it mirrors the zone's writes. COPIED: it copied its local part of the zone for
 * that round. DIRTY: its mirror may have missed writes (it restarted, or a write could not be mirrored), so the round
 * must be copied again. DISARMED: it stopped mirroring a draining zone. The first three are ordered.
 */
public record Progress(String zoneId, String node, int round, Phase phase, long partitions, long bytes)
{
    public enum Phase
    {
        PREPARED, MIRRORING, COPIED, DIRTY, DISARMED
    }
}
