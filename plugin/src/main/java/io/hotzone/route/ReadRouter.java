package io.hotzone.route;

import java.nio.ByteBuffer;
import java.util.Set;

import io.hotzone.capture.TableRef;
import io.hotzone.mirror.ZoneDirectory;
import io.hotzone.plan.Zone;

/**
 * Which reads the node answers from a mirror: single-partition reads at ONE and LOCAL_ONE (the only levels where any
 * one replica is an acceptable answer) whose partition is in a zone this node may serve by its routing lease (see
 * {@link ZoneDirectory#readyFor}). Everything else, and every write, takes Cassandra's normal path.
 */
public final class ReadRouter
{
    /** Levels a mirror may answer: one replica's answer is all the client asked for. */
    public static final Set<String> LEVELS = Set.of("ONE", "LOCAL_ONE");

    private final ZoneDirectory zones;
    private final boolean enabled;
    private final MirrorReadMetrics metrics;

    public ReadRouter(ZoneDirectory zones, boolean enabled, MirrorReadMetrics metrics)
    {
        this.zones = zones;
        this.enabled = enabled;
        this.metrics = metrics;
    }

    /** Cheap test on the request path before the key is even computed. */
    public boolean mayRoute(TableRef table, String consistency)
    {
        return enabled && LEVELS.contains(consistency) && zones.mayRoute(table);
    }

    /** The zone whose mirror answers this read, or null for the normal path. */
    public Zone route(TableRef table, java.util.UUID tableId, ByteBuffer key, long token)
    {
        return enabled ? zones.readyFor(table, tableId, key, token) : null;
    }

    /** A read of the table answered from its mirror in {@code nanos}. */
    public void served(TableRef table, long nanos)
    {
        zones.mirrorReads.incrementAndGet();
        metrics.served(table, nanos);
    }
}
