package io.hotzone.plan;

import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Server;

/**
 * {@code hotzone.node_features}: what the HotZone version on each node can do, announced by the node itself. A feature
 * that changes what other nodes must do (a sized zone: every node must serve and mirror it by its mirror set only) is
 * used only once every node of the ring announced it, so a rolling upgrade never mixes the two behaviours. A node rolled
 * back keeps its row; {@code plan_progress.mirror_sets} catches that one.
 */
public final class NodeFeatures
{
    /** Places sized zones on their {@code MirrorSet} only (plugin 0.1.0 from December 2026). */
    public static final String MIRROR_SETS = "mirror-sets";
    /** Every feature this version has. */
    public static final Set<String> MINE = Set.of(MIRROR_SETS);

    private static final String TABLE = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.NODE_FEATURES;
    private static final long CACHE_NANOS = 30_000_000_000L;

    private final Server server;
    private final LongSupplier nanoTime;
    private volatile Map<String, Set<String>> cached;
    private volatile long cachedAt;

    public NodeFeatures(Server server, LongSupplier nanoTime)
    {
        this.server = server;
        this.nanoTime = nanoTime;
    }

    /** A node's row lives this long unless renewed: a removed node's address, reused by an older version, is forgotten. */
    public static final int TTL_SECONDS = 3600;

    /** Records this node's features; to be repeated well within {@link #TTL_SECONDS}. */
    public void announce(String node, String version)
    {
        server.execute("INSERT INTO " + TABLE + " (node, features, version, updated_at) VALUES (?, ?, ?, ?) USING TTL " + TTL_SECONDS,
                       Consistency.LOCAL_QUORUM, node, MINE, version, new Date());
    }

    /** The ring nodes that have not announced the feature (read at most every 30 s). */
    public Set<String> missing(String feature, Collection<String> ringNodes)
    {
        Map<String, Set<String>> all = cached;
        long now = nanoTime.getAsLong();
        if (all == null || now - cachedAt > CACHE_NANOS)
        {
            Map<String, Set<String>> read = new java.util.HashMap<>();
            for (Map<String, Object> r : server.execute("SELECT node, features FROM " + TABLE, Consistency.LOCAL_QUORUM))
            {
                @SuppressWarnings("unchecked")
                Set<String> features = r.get("features") == null ? Set.of() : (Set<String>) r.get("features");
                read.put((String) r.get("node"), features);
            }
            cached = all = read;
            cachedAt = now;
        }
        Set<String> out = new TreeSet<>();
        for (String n : ringNodes)
            if (!all.getOrDefault(n, Set.of()).contains(feature))
                out.add(n);
        return out;
    }

    /** Whether every ring node announced the feature; false when that cannot be read. */
    public boolean everywhere(String feature, Collection<String> ringNodes)
    {
        try
        {
            return missing(feature, ringNodes).isEmpty();
        }
        catch (RuntimeException e)
        {
            return false;
        }
    }
}
