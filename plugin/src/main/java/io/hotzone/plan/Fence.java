package io.hotzone.plan;

import java.util.Objects;
import java.util.UUID;

import io.hotzone.capture.TableRef;

/**
 * A record that some mirror may lack a write: while it exists, the node it names ({@link #EVERY_NODE} for all)
 * must not answer reads of the zone's serving round if that round is not newer than the fence's round. A fence on a
 * whole table ({@link #tableZoneId}) blocks every zone of that table, whatever the round. Fences are written at
 * quorum and then waited out for one routing lease, so that once the writer goes on no node routes without having
 * seen it. The leader turns fences into copy rounds and deletes them once a round made them obsolete.
 */
public final class Fence
{
    /** The node name meaning every node. */
    public static final String EVERY_NODE = "*";
    /**
     * The round of a fence written without knowing the zone's newest round for sure (a coordinator's view may be a
     * lease old): it blocks every round until the leader pins it to the round it sees, which it does before the fence
     * can count for anything else (see PlanDriver).
     */
    public static final int ANY_ROUND = Integer.MAX_VALUE;
    /** The node name of a refresh request: a new copy round, nobody stops serving. */
    public static final String REFRESH = "+";
    private static final String TABLE_PREFIX = "table:";

    private final String zoneId;
    private final int round;
    private final String node;
    private final UUID id;
    private final String reason;
    private final String by;

    public Fence(String zoneId, int round, String node, UUID id, String reason, String by)
    {
        this.zoneId = Objects.requireNonNull(zoneId);
        this.round = round;
        this.node = Objects.requireNonNull(node);
        this.id = Objects.requireNonNull(id);
        this.reason = reason == null ? "" : reason;
        this.by = by == null ? "" : by;
    }

    /** The zone id a fence of every zone of this table (with this table id) carries. */
    public static String tableZoneId(TableRef table, UUID tableId)
    {
        return TABLE_PREFIX + table.keyspace() + "." + table.table() + ":" + tableId;
    }

    public String zoneId()
    {
        return zoneId;
    }

    public int round()
    {
        return round;
    }

    public String node()
    {
        return node;
    }

    public UUID id()
    {
        return id;
    }

    public String reason()
    {
        return reason;
    }

    public String by()
    {
        return by;
    }

    public boolean isTableFence()
    {
        return zoneId.startsWith(TABLE_PREFIX);
    }

    /** This fence pinned to a round (a new id: the pinned copy is written before this one is deleted). */
    public Fence pinnedTo(int round)
    {
        return new Fence(zoneId, round, node, UUID.randomUUID(), reason, by);
    }

    public boolean isRefresh()
    {
        return REFRESH.equals(node);
    }

    /** Whether this fence stops {@code node} serving a round (node fences and every-node fences; not refreshes). */
    public boolean names(String node)
    {
        return this.node.equals(node) || EVERY_NODE.equals(this.node);
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof Fence && ((Fence) o).id.equals(id) && ((Fence) o).zoneId.equals(zoneId);
    }

    @Override
    public int hashCode()
    {
        return id.hashCode();
    }

    @Override
    public String toString()
    {
        return "fence " + zoneId + " round " + round + " node " + node + " (" + reason + ", by " + by + ")";
    }
}
