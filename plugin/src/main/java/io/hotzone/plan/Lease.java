package io.hotzone.plan;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Server;

/**
 * A named lease (the leader's, the token-move lock): one row of {@code hotzone.leases}, taken and renewed with LWT and
 * a TTL. A holder that cannot renew (dead, or cut off from a quorum) stops acting as holder once its own lease would
 * have run out, and the row's TTL lets another node take it; so two nodes never both believe they hold it for longer
 * than clock skew.
 */
public final class Lease
{
    private static final String TABLE = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.LEASES;
    /** The leader's lease. */
    public static final String LEADER = "leader";

    private final String name;
    private final Server server;
    private final String me;
    private final Duration ttl;
    private final LongSupplier clock;
    // Written under the lock by the renewing thread; read without it, so that asking "do I lead?" (the plan driver, every
    // plan_poll) never waits for a renewal's LWT: until it answers, the previous renewal still covers us.
    private volatile long heldUntil = Long.MIN_VALUE;

    public Lease(String name, Server server, String me, Duration ttl, LongSupplier clock)
    {
        this.name = name;
        this.server = server;
        this.me = me;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Takes or renews the lease; true while this node holds it. Never throws: a failed round simply does not hold it. */
    public synchronized boolean acquireOrRenew()
    {
        long started = clock.getAsLong();
        int seconds = (int) Math.max(1, ttl.toSeconds());
        try
        {
            List<Map<String, Object>> r = server.execute("INSERT INTO " + TABLE + " (name, holder, holder_address, acquired_at) VALUES (?, ?, ?, ?) IF NOT EXISTS USING TTL ?",
                                                         Consistency.LOCAL_QUORUM, name, me, me, new Date(started), seconds);
            boolean held = applied(r);
            if (!held && me.equals(r.isEmpty() ? null : r.get(0).get("holder")))
                held = applied(server.execute("UPDATE " + TABLE + " USING TTL ? SET holder = ?, holder_address = ?, acquired_at = ? WHERE name = ? IF holder = ?",
                                              Consistency.LOCAL_QUORUM, seconds, me, me, new Date(started), name, me));
            heldUntil = held ? started + ttl.toMillis() : Long.MIN_VALUE;
        }
        catch (RuntimeException e)
        {
            // Unavailable or timed out: hold it only while the last successful renewal still covers us.
        }
        return isHeld();
    }

    public boolean isHeld()
    {
        return clock.getAsLong() < heldUntil;
    }

    /** Gives the lease up (on shutdown), so another node need not wait for the TTL. */
    public synchronized void release()
    {
        if (!isHeld())
            return;
        heldUntil = Long.MIN_VALUE;
        try
        {
            server.execute("DELETE FROM " + TABLE + " WHERE name = ? IF holder = ?", Consistency.LOCAL_QUORUM, name, me);
        }
        catch (RuntimeException ignored)
        {
            // the TTL will free it
        }
    }

    private static boolean applied(List<Map<String, Object>> result)
    {
        return !result.isEmpty() && Boolean.TRUE.equals(result.get(0).get("[applied]"));
    }
}
