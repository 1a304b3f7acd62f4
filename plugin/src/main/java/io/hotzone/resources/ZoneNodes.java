package io.hotzone.resources;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Zone;
import io.hotzone.server.Mirrors;

/**
 * The nodes that will serve a zone: for a zone of keys, the source replicas of each key (every write lands there) and
 * its mirror replicas (the routed reads); for a token-range zone, every ring node. A key that no longer parses (table
 * dropped) counts for nothing.
 */
public final class ZoneNodes implements Function<Zone, Set<String>>
{
    /** Zones whose keys' tokens are kept: the allocator asks for the same zones every round. */
    private static final int CACHED_ZONES = 256;

    private final Mirrors mirrors;
    private final BiFunction<TableRef, String, Long> tokenOf;
    // A 10 000-key zone parsed on every allocator round cost a core-second a minute; the tokens of its keys do not change.
    private final Map<String, Tokens> tokens = new LinkedHashMap<>(16, 0.75f, true)
    {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tokens> eldest)
        {
            return size() > CACHED_ZONES;
        }
    };

    /** The tokens of a zone's keys (null for a key that no longer parses), for exactly these keys of this table. */
    private static final class Tokens
    {
        final TableRef table;
        final List<String> keys;
        final Long[] values;

        Tokens(TableRef table, List<String> keys, Long[] values)
        {
            this.table = table;
            this.keys = keys;
            this.values = values;
        }
    }

    public ZoneNodes(Mirrors mirrors, BiFunction<TableRef, String, Long> tokenOf)
    {
        this.mirrors = mirrors;
        this.tokenOf = tokenOf;
    }

    @Override
    public Set<String> apply(Zone zone)
    {
        if (zone.range() != null)
            return new TreeSet<>(mirrors.ringNodes());
        Set<String> out = new LinkedHashSet<>();
        for (Long token : tokensOf(zone))
        {
            if (token == null)
                continue;
            out.addAll(mirrors.sourceReplicas(zone.table(), token));
            out.addAll(mirrors.mirrorReplicas(zone.id(), zone.writingMirrorReplicas(), token));
        }
        return new TreeSet<>(out);
    }

    private synchronized Long[] tokensOf(Zone zone)
    {
        Tokens cached = tokens.get(zone.id());
        if (cached != null && cached.table.equals(zone.table()) && cached.keys.equals(zone.keys()))
        {
            if (cached.values.length > 0 && cached.values[0] != null && !parses(zone.table(), zone.keys().get(0)))
                return new Long[0]; // the table was dropped since: its keys count for nothing, as when they were parsed
            return cached.values;
        }
        Long[] values = new Long[zone.keys().size()];
        for (int i = 0; i < values.length; i++)
        {
            try
            {
                values[i] = tokenOf.apply(zone.table(), zone.keys().get(i));
            }
            catch (RuntimeException e)
            {
                values[i] = null; // table dropped, or a key of another schema: counts for nothing
            }
        }
        tokens.put(zone.id(), new Tokens(zone.table(), List.copyOf(zone.keys()), values));
        return values;
    }

    private boolean parses(TableRef table, String key)
    {
        try
        {
            tokenOf.apply(table, key);
            return true;
        }
        catch (RuntimeException e)
        {
            return false;
        }
    }
}
