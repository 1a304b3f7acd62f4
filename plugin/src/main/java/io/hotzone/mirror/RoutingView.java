package io.hotzone.mirror;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

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
    /** Fence id → when this node first held a view with it, or with an earlier fence it replaces (System.nanoTime). */
    private final Map<UUID, Long> fenceSeen;

    private RoutingView(Plan plan, ActiveZones zones, List<Fence> fences, long sentNanos, Map<UUID, Long> fenceSeen)
    {
        this.plan = plan;
        this.zones = zones;
        this.fences = List.copyOf(fences);
        this.sentNanos = sentNanos;
        this.fenceSeen = fenceSeen;
        Map<String, List<Fence>> byZone = new HashMap<>();
        for (Fence f : fences)
            byZone.computeIfAbsent(f.zoneId(), z -> new ArrayList<>()).add(f);
        this.fencesByZone = byZone;
    }

    /** A view whose fences all count as first seen when the reads were sent (tests, and a node's first view). */
    public static RoutingView of(Plan plan, ActiveZones zones, List<Fence> fences, long sentNanos)
    {
        return of(plan, zones, fences, sentNanos, null, sentNanos);
    }

    /**
     * The view that follows {@code previous} (null for the first): a fence keeps the time it, or a fence of the same
     * zone and node at the same round or later that it replaces (the leader pins a fence by writing the pinned copy
     * before deleting the original), was first seen; a new one is seen at {@code readNanos}, when the reads returned.
     */
    public static RoutingView of(Plan plan, ActiveZones zones, List<Fence> fences, long sentNanos, RoutingView previous, long readNanos)
    {
        Map<UUID, Long> seen = new HashMap<>();
        for (Fence f : fences)
        {
            long first = readNanos;
            if (previous != null)
                for (Fence old : previous.fencesByZone.getOrDefault(f.zoneId(), List.of()))
                    if (old.id().equals(f.id()) || (old.node().equals(f.node()) && old.round() >= f.round()))
                        first = Math.min(first, previous.fenceSeen.getOrDefault(old.id(), readNanos));
            seen.put(f.id(), first);
        }
        return new RoutingView(plan, zones, fences, sentNanos, seen);
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
     * Whether {@code node} is fenced for the zone's newest round by a fence this node has seen for at least
     * {@code settleNanos} (one lease and a margin): every valid view anywhere, the node's own included, shows it then,
     * so the node cannot serve before a later round, whose copy includes every write decided on a view this fresh, and
     * need not receive such a write. A fence seen more recently may not have reached the node's own view yet: it
     * still serves the round the write must reach.
     */
    public boolean fencedForNewestRound(Zone z, String node, long nowNanos, long settleNanos)
    {
        long seenBy = nowNanos - settleNanos;
        return fencedFrom(z, node, z.round(), f -> fenceSeen.getOrDefault(f.id(), nowNanos) - seenBy <= 0);
    }

    private boolean fencedFrom(Zone z, String node, int round)
    {
        return fencedFrom(z, node, round, f -> true);
    }

    private boolean fencedFrom(Zone z, String node, int round, Predicate<Fence> counts)
    {
        for (Fence f : fencesByZone.getOrDefault(z.id(), List.of()))
            if (f.names(node) && f.round() >= round && counts.test(f))
                return true;
        if (z.tableId() != null)
            for (Fence f : fencesByZone.getOrDefault(Fence.tableZoneId(z.table(), z.tableId()), List.of()))
                if (f.names(node) && counts.test(f))
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
