package io.hotzone.mirror;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Zone;

/**
 * This node's view of the zones it acts on, shared by the write path (mirroring), the read path (routing) and the
 * plan follower (which replaces it on every new plan version). Request threads only read a volatile snapshot and, when
 * a write cannot be mirrored, note the zone as dirty; the follower reports it so the zone is copied again.
 */
public final class ZoneDirectory
{
    private volatile ActiveZones current; // null until this node has read the plan once since it started
    private final Map<String, Integer> dirty = new ConcurrentHashMap<>();
    private final Set<TableRef> unmirrored = ConcurrentHashMap.newKeySet();
    /** Per zone, the highest round this node reported dirty: it serves reads again only from a later round. */
    private final Map<String, Integer> dirtyRounds = new ConcurrentHashMap<>();
    public final AtomicLong mirroredWrites = new AtomicLong();
    public final AtomicLong unmirroredWrites = new AtomicLong();
    public final AtomicLong mirrorReads = new AtomicLong();

    public ActiveZones current()
    {
        return current;
    }

    public void publish(ActiveZones zones)
    {
        current = zones;
    }

    /** Zones whose mirror must receive this write; empty when none. Before the plan was first read, remembers the table. */
    public List<Zone> mirroredFor(TableRef table, ByteBuffer key, long token)
    {
        ActiveZones zones = current;
        if (zones == null)
        {
            unmirrored.add(table);
            return List.of();
        }
        return zones.mirroredFor(table, key, token);
    }

    /** A write to this zone could not be mirrored: its mirror is incomplete until copied again. */
    public void markDirty(Zone zone)
    {
        unmirroredWrites.incrementAndGet();
        dirty.merge(zone.id(), zone.round(), Math::max);
        dirtyRounds.merge(zone.id(), zone.round(), Math::max);
    }

    /** Takes the zones marked dirty since the last call (zone id → round). */
    public Map<String, Integer> drainDirty()
    {
        Map<String, Integer> out = Map.copyOf(dirty);
        out.forEach(dirty::remove);
        return out;
    }

    /** Tables written before this node first read the plan: their zones must be copied again. */
    public Set<TableRef> drainUnmirrored()
    {
        Set<TableRef> out = Set.copyOf(unmirrored);
        unmirrored.removeAll(out);
        return out;
    }

    public void noteDirtyRound(String zoneId, int round)
    {
        dirtyRounds.merge(zoneId, round, Math::max);
    }

    /** A READY zone this node may answer this read from: its copy here is complete for the zone's current round. */
    public Zone readyFor(TableRef table, ByteBuffer key, long token)
    {
        ActiveZones zones = current;
        if (zones == null)
            return null;
        Zone z = zones.readyFor(table, key, token);
        if (z == null || dirtyRounds.getOrDefault(z.id(), -1) >= z.round())
            return null;
        return z;
    }

    public boolean mayRoute(TableRef table)
    {
        ActiveZones zones = current;
        return zones != null && zones.has(table);
    }
}
