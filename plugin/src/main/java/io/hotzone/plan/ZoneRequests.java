package io.hotzone.plan;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.hotzone.capture.TableRef;
import io.hotzone.config.BoostSettings;
import io.hotzone.events.Event;
import io.hotzone.server.Mirrors;
import io.hotzone.server.Server;

/**
 * Operators' boosts and unboosts, validated against the schema and the budgets before anything is written; they
 * enter the plan exactly like forecast zones and the leader takes them from there.
 */
public final class ZoneRequests
{
    private static final int MAX_KEYS = 10_000;
    private static final int ATTEMPTS = 5;
    private static final SecureRandom random = new SecureRandom();

    private final Server server;
    private final Mirrors mirrors;
    private final PlanStore store;
    private final BoostSettings settings;
    private final NodeFeatures features;

    public ZoneRequests(Server server, Mirrors mirrors, PlanStore store, BoostSettings settings, NodeFeatures features)
    {
        this.server = server;
        this.mirrors = mirrors;
        this.store = store;
        this.settings = settings;
        this.features = features;
    }

    /** Refuses a sized zone while some node of the ring may run a version that would serve it on every node. */
    private void requireMirrorSets()
    {
        java.util.Set<String> missing = features.missing(NodeFeatures.MIRROR_SETS, mirrors.ringNodes());
        if (!missing.isEmpty())
            throw new IllegalArgumentException("node(s) " + missing + " have not announced a HotZone that sizes mirrors (an older version, or not started yet): "
                                               + "finish the upgrade first, or boost on every mirror replica (no --mirror-replicas)");
    }

    /** A fresh zone id, also a valid table name: 'z' and 12 hex digits. */
    public static String newId()
    {
        return String.format("z%012x", random.nextLong() & 0xffffffffffffL);
    }

    /**
     * Adds a manual zone of these keys (CQL literals) or this token range, boosted until {@code until} on
     * {@code mirrorReplicas} mirror replicas per data center (0: every mirror replica).
     *
     * @return the zone id
     * @throws IllegalArgumentException naming what is wrong; nothing is written then
     */
    public String boost(TableRef table, List<String> keys, Event.TokenRange range, Instant until, int mirrorReplicas, Instant now)
    {
        if (mirrorReplicas < 0)
            throw new IllegalArgumentException("--mirror-replicas must be 0 (every mirror replica) or more, got " + mirrorReplicas);
        if (mirrorReplicas > 0)
            requireMirrorSets();
        String unsupported = mirrors.unsupportedReason(table);
        if (unsupported != null)
            throw new IllegalArgumentException(unsupported);
        if ((keys.isEmpty()) == (range == null))
            throw new IllegalArgumentException("give either keys or a token range");
        if (!until.isAfter(now))
            throw new IllegalArgumentException("--until " + until + " is not in the future");
        if (keys.size() > MAX_KEYS)
            throw new IllegalArgumentException(keys.size() + " keys; at most " + MAX_KEYS + " per zone");
        Set<String> canonical = new LinkedHashSet<>();
        for (String k : keys)
            canonical.add(server.formatKey(table, server.parseKey(table, k).bytes()));
        long estimate = canonical.size() * mirrors.meanPartitionBytes(table);
        if (estimate > (long) settings.maxMirrorMibPerNode() << 20)
            throw new IllegalArgumentException(String.format("about %.1f MiB of mirror data, over boost.max_mirror_mib_per_node (%d MiB)",
                                                             estimate / 1048576.0, settings.maxMirrorMibPerNode()));
        Zone zone = new Zone(newId(), table, mirrors.tableId(table), new ArrayList<>(canonical), range, now, until, 1.0, Zone.MANUAL, "manual",
                             ZoneState.PLANNED, 0, Zone.NEVER, settings.dryRun(), "requested", now, mirrorReplicas);
        commit(plan -> {
            long open = plan.zones().stream().filter(z -> z.state() != ZoneState.GONE).count();
            if (open >= settings.maxZones())
                throw new IllegalArgumentException("the plan already has " + open + " zones, boost.max_zones is " + settings.maxZones());
            return List.of(zone);
        });
        return zone.id();
    }

    /**
     * Copies a READY zone onto more mirror replicas per data center ({@code mirrorReplicas}, 0: all): a new round while
     * its complete round keeps serving on the replicas it was copied to.
     *
     * @throws IllegalArgumentException naming what is wrong (no such zone, not READY, not more replicas); nothing is written then
     */
    public void grow(String zoneId, int mirrorReplicas, Instant now)
    {
        if (mirrorReplicas < 0)
            throw new IllegalArgumentException("--mirror-replicas must be 0 (every mirror replica) or more, got " + mirrorReplicas);
        // The plan is committed and read at LOCAL_QUORUM: a node of another data centre may route by the smaller set
        // for a while after the growth, longer than a copy round waits. New zones wait for every node (ARMING); growth does not.
        if (server.datacenterSizes().size() > 1)
            throw new IllegalArgumentException("zones grow only on single-DC clusters (a node of another DC could keep mirroring to the smaller set); "
                                               + "unboost the zone and boost it again with --mirror-replicas");
        if (mirrorReplicas > 0)
            requireMirrorSets();
        commit(plan -> {
            Zone z = plan.zone(zoneId).orElseThrow(() -> new IllegalArgumentException("no zone " + zoneId));
            if (z.state() != ZoneState.READY || z.dryRun())
                throw new IllegalArgumentException("zone " + zoneId + " is " + z.state() + (z.dryRun() ? " (dry run)" : "") + "; only a READY zone grows");
            if (!Zone.grows(z.mirrorReplicas(), mirrorReplicas))
                throw new IllegalArgumentException("zone " + zoneId + " has " + (z.mirrorReplicas() == 0 ? "every mirror replica" : z.mirrorReplicas() + " mirror replicas per DC")
                                                   + "; a zone only grows");
            return List.of(z.grownTo(mirrorReplicas, "grown by an operator to " + (mirrorReplicas == 0 ? "every mirror replica" : mirrorReplicas + " mirror replicas per DC")
                                                     + ": copying round " + (z.round() + 1), now));
        });
    }

    /**
     * Ends zones: the one with this id, or those of {@code table} holding any of {@code keys}.
     *
     * @return the ids of the zones that now drain
     */
    public List<String> unboost(String zoneId, TableRef table, List<String> keys, Instant now)
    {
        Set<String> wanted = new LinkedHashSet<>();
        List<Long> tokens = new ArrayList<>(); // a key inside a range zone is that zone's: unboosting the key ends it
        if (table != null)
            for (String k : keys)
            {
                Server.Key parsed = server.parseKey(table, k);
                wanted.add(server.formatKey(table, parsed.bytes()));
                tokens.add(parsed.token());
            }
        List<String> ids = new ArrayList<>();
        commit(plan -> {
            ids.clear();
            List<Zone> out = new ArrayList<>();
            for (Zone z : plan.zones())
            {
                boolean match = zoneId != null ? z.id().equals(zoneId)
                                               : z.table().equals(table) && (z.keys().stream().anyMatch(wanted::contains)
                                                                             || z.range() != null && tokens.stream().anyMatch(z.range()::contains));
                if (match && z.state() != ZoneState.GONE && z.state() != ZoneState.DRAINING)
                {
                    out.add(z.to(ZoneState.DRAINING, "unboosted", now));
                    ids.add(z.id());
                }
            }
            if (out.isEmpty())
                throw new IllegalArgumentException(zoneId != null ? "no active zone " + zoneId : "no active zone of " + table + " holds " + wanted);
            return out;
        });
        return ids;
    }

    private void commit(Function<Plan, List<Zone>> change)
    {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            Plan plan = store.load();
            if (store.commit(plan.version(), change.apply(plan), List.of()))
                return;
        }
        throw new IllegalStateException("the plan kept changing under this request; try again");
    }
}
