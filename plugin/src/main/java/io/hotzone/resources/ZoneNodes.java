package io.hotzone.resources;

import java.util.LinkedHashSet;
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
    private final Mirrors mirrors;
    private final BiFunction<TableRef, String, Long> tokenOf;

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
        for (String key : zone.keys())
        {
            long token;
            try
            {
                token = tokenOf.apply(zone.table(), key);
            }
            catch (RuntimeException e)
            {
                continue;
            }
            out.addAll(mirrors.sourceReplicas(zone.table(), token));
            out.addAll(mirrors.mirrorReplicas(token));
        }
        return new TreeSet<>(out);
    }
}
