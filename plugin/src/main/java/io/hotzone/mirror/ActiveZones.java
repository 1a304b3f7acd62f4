package io.hotzone.mirror;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Plan;
import io.hotzone.plan.Zone;

/**
 * The zones of one plan version that this node mirrors, indexed for the request path: which zones a write must be
 * mirrored to, and which zones could answer a read (the {@link RoutingView} decides whether they may). A zone matches
 * a write or read only when the table's id is the zone's: a table dropped and created again under the same name is
 * another table. Immutable; a new plan version builds a new instance.
 */
public final class ActiveZones
{
    public static final ActiveZones NONE = new ActiveZones(0, Map.of());

    private final long version;
    private final Map<TableRef, List<Entry>> byTable;

    private static final class Entry
    {
        final Zone zone;
        final Set<ByteBuffer> keys;
        /** Some key did not parse here: which writes it stands for is unknown, so every write of the table is mirrored. */
        final boolean unparsed;

        Entry(Zone zone, Set<ByteBuffer> keys, boolean unparsed)
        {
            this.zone = zone;
            this.keys = keys;
            this.unparsed = unparsed;
        }

        boolean covers(UUID tableId, ByteBuffer key, long token, boolean write)
        {
            if (zone.tableId() == null || !zone.tableId().equals(tableId))
                return false;
            return zone.range() != null ? zone.range().contains(token) : keys.contains(key) || (write && unparsed);
        }
    }

    private ActiveZones(long version, Map<TableRef, List<Entry>> byTable)
    {
        this.version = version;
        this.byTable = byTable;
    }

    /**
     * @param keyParser the serialized partition key of a CQL literal; a key that does not parse here is never read
     *                  from the mirror on this node, and every write of its table is mirrored (a superset is harmless:
     *                  reads only route the keys they parse, and a write the zone needed is never left out)
     */
    public static ActiveZones of(Plan plan, BiFunction<TableRef, String, byte[]> keyParser)
    {
        Map<TableRef, List<Entry>> byTable = new HashMap<>();
        for (Zone z : plan.zones())
        {
            if (z.dryRun() || !z.state().mirrored())
                continue;
            Set<ByteBuffer> keys = new HashSet<>();
            boolean unparsed = false;
            for (String literal : z.keys())
            {
                try
                {
                    keys.add(ByteBuffer.wrap(keyParser.apply(z.table(), literal)));
                }
                catch (RuntimeException e)
                {
                    unparsed = true; // see above
                }
            }
            byTable.computeIfAbsent(z.table(), t -> new ArrayList<>()).add(new Entry(z, Set.copyOf(keys), unparsed));
        }
        byTable.replaceAll((t, list) -> List.copyOf(list));
        return new ActiveZones(plan.version(), Map.copyOf(byTable));
    }

    public long version()
    {
        return version;
    }

    public boolean isEmpty()
    {
        return byTable.isEmpty();
    }

    public boolean has(TableRef table)
    {
        return byTable.containsKey(table);
    }

    /** Zones whose mirror must receive a write to this partition (ARMING to DRAINING). */
    public List<Zone> mirroredFor(TableRef table, UUID tableId, ByteBuffer key, long token)
    {
        List<Entry> entries = byTable.get(table);
        if (entries == null)
            return List.of();
        List<Zone> out = new ArrayList<>(1);
        for (Entry e : entries)
            if (e.covers(tableId, key, token, true))
                out.add(e.zone);
        return out;
    }

    /** Zones with a complete copy round holding this partition (in plan order). */
    public List<Zone> servingFor(TableRef table, UUID tableId, ByteBuffer key, long token)
    {
        List<Entry> entries = byTable.get(table);
        if (entries == null)
            return List.of();
        List<Zone> out = new ArrayList<>(1);
        for (Entry e : entries)
            if (e.zone.serving() && e.covers(tableId, key, token, false))
                out.add(e.zone);
        return out;
    }

    /** Every zone here. */
    public List<Zone> zones()
    {
        List<Zone> out = new ArrayList<>();
        byTable.values().forEach(list -> list.forEach(e -> out.add(e.zone)));
        return out;
    }
}
