package io.hotzone.mirror;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Zone;

/**
 * This node's routing view, shared by the write path (which zones a write must reach), the read path (which zone may
 * answer) and the plan follower (which replaces the view every renewal). Request threads only read volatile state.
 * Besides the fences every node sees, the follower can block zones here at once, before its own fence is written
 * (after a ring change), until a later round is complete.
 */
public final class ZoneDirectory
{
    private final String me;
    private final long leaseNanos;
    private final LongSupplier nanoTime;
    private final Supplier<String> placement;
    private volatile RoutingView view; // null until this node has read the plan once since it started
    private volatile String viewPlacement = "";
    /** Set while this node fences every node after a placement change: its writes go to every node meanwhile. */
    private volatile boolean widened;
    /** Zone id → the newest round this node may not serve (blocked until a later round is complete). */
    private final Map<String, Integer> localBlocks = new ConcurrentHashMap<>();

    public final AtomicLong mirroredWrites = new AtomicLong();
    public final AtomicLong unmirroredWrites = new AtomicLong();
    public final AtomicLong mirrorReads = new AtomicLong();
    public final AtomicLong fencesWritten = new AtomicLong();
    public final AtomicLong fenceFailures = new AtomicLong();
    /** Mirror reads refused because the routing lease had run out (the plan could not be read in time). */
    public final AtomicLong expiredLeases = new AtomicLong();

    public ZoneDirectory(String me, Duration lease, LongSupplier nanoTime)
    {
        this(me, lease, nanoTime, () -> "");
    }

    /**
     * @param placement where mirror data lives as the node sees it now ({@code Mirrors#placement}); a read is answered
     *                  only while it is what the view was published under, so a ring or replication change stops
     *                  routing at once, before the follower's next renewal fences this node
     */
    public ZoneDirectory(String me, Duration lease, LongSupplier nanoTime, Supplier<String> placement)
    {
        this.me = me;
        this.leaseNanos = lease.toNanos();
        this.nanoTime = nanoTime;
        this.placement = placement;
    }

    public String me()
    {
        return me;
    }

    public long leaseNanos()
    {
        return leaseNanos;
    }

    /**
     * How long after a fence is recorded at quorum (or first seen in a quorum read) every valid view shows it: one
     * lease, plus a tenth and 20 ms for clock-rate drift and scheduling.
     */
    public long settleNanos()
    {
        return leaseNanos + leaseNanos / 10 + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);
    }

    public long now()
    {
        return nanoTime.getAsLong();
    }

    /** The newest view, fresh or not (null before the first): what writes are mirrored by. */
    public RoutingView view()
    {
        return view;
    }

    /** The newest view if it is still valid as a lease, else null. */
    public RoutingView freshView()
    {
        RoutingView v = view;
        return v != null && v.valid(now(), leaseNanos) ? v : null;
    }

    public void publish(RoutingView next)
    {
        publish(next, placement.get());
    }

    /** Publishes the view built while the placement was {@code placementSeen}. */
    public void publish(RoutingView next, String placementSeen)
    {
        viewPlacement = placementSeen;
        view = next;
    }

    /**
     * Whether this node's writes must reach every node rather than the mirror replicas it computes: the ring or the
     * mirror keyspace's replication moved since its view was built (other nodes may still route by the old placement,
     * and serve keys this node no longer counts them replicas of), or it is fencing every node for such a move.
     */
    public boolean inTransition()
    {
        return widened || !placement.get().equals(viewPlacement);
    }

    public void widen(boolean on)
    {
        widened = on;
    }

    /** Stops this node serving the zone's rounds up to {@code round} at once. */
    public void blockLocally(String zoneId, int round)
    {
        localBlocks.merge(zoneId, round, Math::max);
    }

    /** Forgets local blocks of zones no longer in the plan. */
    public void retainBlocks(java.util.Set<String> zoneIds)
    {
        localBlocks.keySet().retainAll(zoneIds);
    }

    /**
     * The zone this node may answer a read of this partition from: a complete round, a valid lease, no fence and no
     * local block naming this node. Null for the normal path.
     */
    public Zone readyFor(TableRef table, UUID tableId, ByteBuffer key, long token)
    {
        RoutingView v = view;
        if (v == null)
            return null;
        Zone z = v.servable(table, tableId, key, token, me);
        if (z == null)
            return null;
        if (!v.valid(now(), leaseNanos))
        {
            expiredLeases.incrementAndGet();
            return null;
        }
        if (!placement.get().equals(viewPlacement))
            return null; // the ring or the mirror replication moved since the view: this node may mirror keys it never got
        Integer blocked = localBlocks.get(z.id());
        return blocked != null && z.readyRound() <= blocked ? null : z;
    }

    /** Cheap test on the request path before the key is even computed. */
    public boolean mayRoute(TableRef table)
    {
        RoutingView v = view;
        return v != null && v.zones().has(table);
    }
}
