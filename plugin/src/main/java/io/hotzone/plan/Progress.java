package io.hotzone.plan;

import java.util.Objects;

/**
 * What one node reported for one zone: the round it refers to and the phase reached. PREPARED: this node's schema
 * has the mirror table. MIRRORING: it mirrors the zone's writes. COPIED: it copied its local part of the zone for
 * that round (and fenced the mirror replicas that did not take all of it). DISARMED: it no longer routes reads of a
 * draining zone. The first three are ordered. (A mirror that may have missed a write is recorded as a fence.)
 */
public final class Progress
{
    private final String zoneId;
    private final String node;
    private final int round;
    private final Phase phase;
    private final long partitions;
    private final long bytes;
    private final boolean mirrorSets;

    /** A report of this plugin version: it places sized zones on their {@code MirrorSet}. */
    public Progress(String zoneId, String node, int round, Phase phase, long partitions, long bytes)
    {
        this(zoneId, node, round, phase, partitions, bytes, true);
    }

    /**
     * @param mirrorSets whether the reporting node places a sized zone on its mirror set only (false: a node of an
     *                   older version, which would serve and mirror it on every mirror replica)
     */
    public Progress(String zoneId, String node, int round, Phase phase, long partitions, long bytes, boolean mirrorSets)
    {
        this.mirrorSets = mirrorSets;
        this.zoneId = zoneId;
        this.node = node;
        this.round = round;
        this.phase = phase;
        this.partitions = partitions;
        this.bytes = bytes;
    }

    public enum Phase
    {
        PREPARED, MIRRORING, COPIED, DISARMED
    }

    public String zoneId()
    {
        return zoneId;
    }

    public String node()
    {
        return node;
    }

    public int round()
    {
        return round;
    }

    public Phase phase()
    {
        return phase;
    }

    public long partitions()
    {
        return partitions;
    }

    public long bytes()
    {
        return bytes;
    }

    public boolean mirrorSets()
    {
        return mirrorSets;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof Progress))
            return false;
        Progress that = (Progress) o;
        return Objects.equals(zoneId, that.zoneId) && Objects.equals(node, that.node) && round == that.round
               && Objects.equals(phase, that.phase) && partitions == that.partitions && bytes == that.bytes
               && mirrorSets == that.mirrorSets;
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(zoneId);
        h = 31 * h + Objects.hashCode(node);
        h = 31 * h + round;
        h = 31 * h + Objects.hashCode(phase);
        h = 31 * h + Long.hashCode(partitions);
        h = 31 * h + Long.hashCode(bytes);
        h = 31 * h + Boolean.hashCode(mirrorSets);
        return h;
    }

    @Override
    public String toString()
    {
        return "Progress[zoneId=" + zoneId + ", node=" + node + ", round=" + round + ", phase=" + phase
               + ", partitions=" + partitions + ", bytes=" + bytes + (mirrorSets ? "" : ", older version") + "]";
    }
}
