package io.hotzone.mirror;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Fence;
import io.hotzone.plan.Plan;
import io.hotzone.plan.Zone;

/**
 * What one node knows of the plan and the fences, and since when: the plan and the fence list read at LOCAL_QUORUM,
 * stamped with the monotonic time the reads were <em>sent</em>. A view is a lease: it may be used to route only
 * while it is younger than {@code boost.route_lease}, so anything recorded at quorum reaches every router within one
 * lease. Immutable.
 */
public final class RoutingView
{
    private final Plan plan;
    private final ActiveZones zones;
    private final List<Fence> fences;
    private final Map<String, List<Fence>> fencesByZone;
    private final long sentNanos;

    private RoutingView(Plan plan, ActiveZones zones, List<Fence> fences, long sentNanos)
    {
        this.plan = plan;
        this.zones = zones;
        this.fences = List.copyOf(fences);
        this.sentNanos = sentNanos;
        Map<String, List<Fence>> byZone = new HashMap<>();
        for (Fence f : fences)
            byZone.computeIfAbsent(f.zoneId(), z -> new ArrayList<>()).add(f);
        this.fencesByZone = byZone;
    }

    public static RoutingView of(Plan plan, ActiveZones zones, List<Fence> fences, long sentNanos)
    {
        return new RoutingView(plan, zones, fences, sentNanos);
    }

    public Plan plan()
    {
        return plan;
    }

    public ActiveZones zones()
    {
        return zones;
    }

    public List<Fence> fences()
    {
        return fences;
    }

    /** When the reads this view comes from were sent (System.nanoTime). */
    public long sentNanos()
    {
        return sentNanos;
    }

    /** Whether the view may still be used to route at {@code nowNanos}. */
    public boolean valid(long nowNanos, long leaseNanos)
    {
        return nowNanos - sentNanos < leaseNanos;
    }

    /**
     * Whether {@code node} must not serve the zone's complete round: a fence naming it (or every node) at that round or
     * later, or a fence on the zone's whole table.
     */
    public boolean blocked(Zone z, String node)
    {
        return fencedFrom(z, node, z.readyRound());
    }

    /**
     * Whether {@code node} is already fenced for the zone's newest round: it cannot serve before a later round, whose
     * copy includes every write decided on a view this fresh, so it need not acknowledge such a write.
     */
    public boolean fencedForNewestRound(Zone z, String node)
    {
        return fencedFrom(z, node, z.round());
    }

    private boolean fencedFrom(Zone z, String node, int round)
    {
        for (Fence f : fencesByZone.getOrDefault(z.id(), List.of()))
            if (f.names(node) && f.round() >= round)
                return true;
        if (z.tableId() != null)
            for (Fence f : fencesByZone.getOrDefault(Fence.tableZoneId(z.table(), z.tableId()), List.of()))
                if (f.names(node))
                    return true;
        return false;
    }

    /** A zone this node may answer the read from by this view (the caller checks the view is valid), or null. */
    public Zone servable(TableRef table, UUID tableId, ByteBuffer key, long token, String me)
    {
        for (Zone z : zones.servingFor(table, tableId, key, token))
            if (!blocked(z, me))
                return z;
        return null;
    }

    public List<Zone> mirroredFor(TableRef table, UUID tableId, ByteBuffer key, long token)
    {
        return zones.mirroredFor(table, tableId, key, token);
    }
}
