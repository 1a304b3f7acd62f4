package io.hotzone.mirror;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Plan;
import io.hotzone.plan.Zone;
import io.hotzone.plan.ZoneState;

/**
 * The zones of one plan version that this node acts on, indexed for the request path: which zones a write must be
 * mirrored to, and which READY zone may answer a read. Immutable; a new plan version builds a new instance.
 */
public final class ActiveZones
{
    public static final ActiveZones NONE = new ActiveZones(0, Map.of());

    private final long version;
    private final Map<TableRef, List<Entry>> byTable;

    private static final class Entry
    {
        private final Zone zone;
        private final Set<ByteBuffer> keys;

        private Entry(Zone zone, Set<ByteBuffer> keys)
        {
            this.zone = zone;
            this.keys = keys;
        }

        boolean covers(ByteBuffer key, long token)
        {
            return zone.range() != null ? zone.range().contains(token) : keys.contains(key);
        }

        public Zone zone()
        {
            return zone;
        }

        public Set<ByteBuffer> keys()
        {
            return keys;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Entry))
                return false;
            Entry that = (Entry) o;
            return Objects.equals(zone, that.zone) && Objects.equals(keys, that.keys);
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(zone);
            h = 31 * h + Objects.hashCode(keys);
            return h;
        }

        @Override
        public String toString()
        {
            return "Entry[zone=" + zone + ", keys=" + keys + "]";
        }
    }

    private ActiveZones(long version, Map<TableRef, List<Entry>> byTable)
    {
        this.version = version;
        this.byTable = byTable;
    }

    /**
     * @param keyParser the serialized partition key of a CQL literal; a key that no longer parses (the table was
     *                  altered or dropped) is left out rather than failing the whole plan
     */
    public static ActiveZones of(Plan plan, BiFunction<TableRef, String, byte[]> keyParser)
    {
        Map<TableRef, List<Entry>> byTable = new HashMap<>();
        for (Zone z : plan.zones())
        {
            if (z.dryRun() || !z.state().mirrored())
                continue;
            Set<ByteBuffer> keys = new HashSet<>();
            for (String literal : z.keys())
            {
                try
                {
                    keys.add(ByteBuffer.wrap(keyParser.apply(z.table(), literal)));
                }
                catch (RuntimeException e)
                {
                    // skipped: see above
                }
            }
            byTable.computeIfAbsent(z.table(), t -> new ArrayList<>()).add(new Entry(z, Set.copyOf(keys)));
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

    /** Zones whose mirror must receive a write to this partition. */
    public List<Zone> mirroredFor(TableRef table, ByteBuffer key, long token)
    {
        List<Entry> entries = byTable.get(table);
        if (entries == null)
            return List.of();
        List<Zone> out = new ArrayList<>(1);
        for (Entry e : entries)
            if (e.covers(key, token))
                out.add(e.zone());
        return out;
    }

    /** A READY zone holding this partition, or null. */
    public Zone readyFor(TableRef table, ByteBuffer key, long token)
    {
        List<Entry> entries = byTable.get(table);
        if (entries == null)
            return null;
        for (Entry e : entries)
            if (e.zone().state() == ZoneState.READY && e.covers(key, token))
                return e.zone();
        return null;
    }

    /** Every zone here, for reporting progress. */
    public List<Zone> zones()
    {
        return byTable.values().stream().flatMap(List::stream).map(Entry::zone).collect(java.util.stream.Collectors.toList());
    }
}
