package io.hotzone.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

import io.hotzone.capture.TableRef;
import io.hotzone.config.BoostSettings;
import io.hotzone.server.Mirrors;

/**
 * The leader's half of acting on the plan, one pass every {@code boost.plan_poll} ({@link PlanDriverLoop}): prepares
 * the mirror of new zones, moves each zone along PLANNED → ARMING → WARMING → READY → DRAINING → GONE from what the
 * nodes reported, turns fences into copy rounds, and writes the changes as one new plan version. It keeps no state of
 * its own, so a new leader simply continues where the last one stopped. A zone whose step fails (its table altered
 * mid-pass, say) keeps its state; the others go on.
 */
public final class PlanDriver
{
    private final PlanStore store;
    private final FenceStore fences;
    private final Mirrors mirrors;
    private final BoostSettings settings;
    private final BiFunction<TableRef, String, Long> tokenOf;
    private final BiConsumer<String, Throwable> onError;

    public PlanDriver(PlanStore store, FenceStore fences, Mirrors mirrors, BoostSettings settings, BiFunction<TableRef, String, Long> tokenOf,
                      BiConsumer<String, Throwable> onError)
    {
        this.store = store;
        this.fences = fences;
        this.mirrors = mirrors;
        this.settings = settings;
        this.tokenOf = tokenOf;
        this.onError = onError;
    }

    /** What one pass decided: zones to write, zones to remove, fences to delete once the plan is written. */
    private static final class Pass
    {
        final List<Zone> changed = new ArrayList<>();
        final List<String> removed = new ArrayList<>();
        final List<Fence> obsolete = new ArrayList<>();
    }

    /** One pass; returns the zones it changed (empty if none or if another writer moved the plan first). */
    public List<Zone> drive(Instant now)
    {
        Plan plan = store.load();
        List<Zone> live = new ArrayList<>();
        plan.zones().stream().filter(z -> !z.dryRun()).forEach(live::add);
        List<Fence> allFences = pin(plan, fences.load());
        Pass pass = new Pass();
        collectOrphanFences(plan, allFences, pass);
        if (live.isEmpty())
        {
            fences.delete(pass.obsolete);
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        live.forEach(z -> ids.add(z.id()));
        Map<String, List<Progress>> progress = store.progress(ids);
        Set<String> alive = mirrors.liveNodes();
        long mirrorBytes = 0;
        for (Zone z : live)
        {
            List<Progress> reports = progress.getOrDefault(z.id(), List.of());
            Zone next;
            try
            {
                next = step(z, reports, fencesOf(z, allFences), alive, now, pass);
            }
            catch (RuntimeException e)
            {
                onError.accept("zone " + z.id() + " of " + z.table() + ": " + e.getMessage(), e);
                continue;
            }
            if (next == null)
            {
                pass.removed.add(z.id());
                continue;
            }
            if (next.state().mirrored())
            {
                mirrorBytes += zoneBytes(z, reports);
                if (mirrorBytes > (long) settings.maxMirrorMibPerNode() << 20 && next.state().active())
                    next = next.to(ZoneState.DRAINING, "over boost.max_mirror_mib_per_node", now);
            }
            if (!next.equals(z))
                pass.changed.add(next);
        }
        if (pass.changed.isEmpty() && pass.removed.isEmpty())
        {
            fences.delete(pass.obsolete);
            return List.of();
        }
        if (!store.commit(plan.version(), pass.changed, pass.removed))
            return List.of();
        for (String id : pass.removed)
            store.forgetProgress(id);
        fences.delete(pass.obsolete);
        Map<String, Zone> after = new HashMap<>();
        live.forEach(z -> after.put(z.id(), z));
        pass.changed.forEach(z -> after.put(z.id(), z));
        pass.removed.forEach(after::remove);
        Set<TableRef> ended = new HashSet<>();
        pass.changed.stream().filter(z -> !z.state().mirrored()).forEach(z -> ended.add(z.table()));
        removeUnusedTriggers(after.values(), ended);
        return pass.changed;
    }

    private Zone step(Zone z, List<Progress> reports, List<Fence> zoneFences, Set<String> alive, Instant now, Pass pass)
    {
        if (z.state().active() && !sameTable(z))
            return z.to(ZoneState.DRAINING, z.tableId() == null ? "no table id (planned by an older version)" : "table " + z.table() + " was dropped or re-created", now);
        if (z.state() == ZoneState.ARMING || z.state() == ZoneState.WARMING || z.state() == ZoneState.READY)
        {
            // A node of an older version (joined or rolled back since): it would mirror and serve the sized zone on every node
            String older = olderNode(z, reports);
            if (older != null)
                return z.to(ZoneState.DRAINING, "node " + older + " runs an older HotZone that would serve the sized zone on every node", now);
        }
        switch (z.state())
        {
            case PLANNED:
                // No trigger yet: a node without the plugin (rolling install) would fail every write it coordinates with
                // one. Only once every live node reported (so runs the plugin and has the mirror table) is it installed.
                prepareTable(z);
                if (z.end().isBefore(now))
                    return z.to(ZoneState.DRAINING, "window ended before the copy started", now);
                if (alive.stream().allMatch(n -> reported(reports, n, z.round(), Progress.Phase.PREPARED, Progress.Phase.MIRRORING, Progress.Phase.COPIED)))
                {
                    // A node of an older version would mirror and serve a sized zone on every mirror replica, reading
                    // writes that went only to the zone's set: such a zone goes to every mirror replica instead.
                    String older = olderNode(z, reports);
                    if (older != null)
                        return z.withMirrorReplicas(0, "node " + older + " runs an older HotZone that cannot size mirrors: on every mirror replica", now);
                    prepare(z);
                    return z.to(ZoneState.ARMING, "every node has the mirror table; mirroring starts", now);
                }
                return String.valueOf(z.note()).startsWith("waiting for") ? z : z.to(z.state(), "waiting for every live node to report the mirror table (plugin running)", now);
            case ARMING:
                prepare(z);
                // A live node that never says it mirrors must not hold the zone (and, for a range zone, its partitions) past its window.
                if (z.end().isBefore(now))
                    return z.to(ZoneState.DRAINING, "window ended before every node mirrored", now);
                if (alive.stream().allMatch(n -> reported(reports, n, z.round(), Progress.Phase.MIRRORING, Progress.Phase.COPIED)))
                    return z.to(ZoneState.WARMING, "every node mirrors its writes; copying", now);
                return z;
            case WARMING:
            case READY:
                prepare(z);
                if (z.end().isBefore(now))
                    return z.to(ZoneState.DRAINING, "window ended", now);
                return afterFences(z, reports, zoneFences, alive, now, pass);
            case DRAINING:
                boolean disarmed = alive.stream().allMatch(n -> reported(reports, n, -1, Progress.Phase.DISARMED));
                // Routing stops on a node once its view shows DRAINING; a node that did not say so (paused, partitioned)
                // can have routed at most until its lease ran out. Mirroring goes on until then.
                if (z.updated().plus(disarmed ? settings.routeLease().multipliedBy(2) : unconfirmed()).isAfter(now))
                    return z;
                mirrors.dropTable(z.mirrorTable());
                return z.to(ZoneState.GONE, "mirror dropped", now);
            case GONE:
            default:
                return z.updated().plus(settings.cooldown()).isBefore(now) ? null : z;
        }
    }

    /**
     * Fences become rounds: a fence on every node or on the table starts the zone over (nobody serves until the new
     * round is complete); a fence on a live node, a refresh request or the periodic refresh copies a new round while
     * the complete one keeps serving; a complete copy becomes the serving round. A TRUNCATE replaces the zone.
     */
    private Zone afterFences(Zone z, List<Progress> reports, List<Fence> zoneFences, Set<String> alive, Instant now, Pass pass)
    {
        List<Fence> table = new ArrayList<>();
        boolean restart = false, refresh = false;
        for (Fence f : zoneFences)
        {
            if (f.isTableFence())
                table.add(f);
            else if (f.round() < z.readyRound() || (f.isRefresh() && f.round() < z.round()))
                pass.obsolete.add(f); // a later complete round copied what it stood for
            else if (Fence.EVERY_NODE.equals(f.node()) && f.round() >= z.round())
                restart = true;
            else if ((f.isRefresh() || alive.contains(f.node())) && f.round() >= z.readyRound())
                refresh = true;
        }
        if (!table.isEmpty())
        {
            pass.obsolete.addAll(table); // the new round (or the replacement) copies everything written before them
            if (table.stream().anyMatch(f -> f.reason().startsWith("truncate")))
            {
                pass.changed.add(replacement(z, now));
                return z.to(ZoneState.DRAINING, "source table truncated; replaced by a fresh zone", now);
            }
            return z.nextRound("every zone of the table fenced (" + table.get(0).reason() + "); copying again (round " + (z.round() + 1) + ")", now);
        }
        if (restart)
            return z.nextRound("a write could not be mirrored; copying again (round " + (z.round() + 1) + ")", now);
        if (z.copying())
        {
            Set<String> missing = new HashSet<>(sourceNodes(z));
            missing.removeIf(n -> reported(reports, n, z.round(), Progress.Phase.COPIED));
            if (missing.isEmpty())
            {
                // A growth round: the larger set serves once complete, so every live node must be writing to it (a
                // node that did not say so may still mirror by the smaller set, from a view it cannot renew)
                if (z.servingMirrorReplicas() != z.writingMirrorReplicas())
                {
                    Set<String> behind = new HashSet<>(alive);
                    behind.removeIf(n -> reported(reports, n, z.round(), Progress.Phase.MIRRORING, Progress.Phase.COPIED));
                    String note = "round " + z.round() + " copied; waiting for node(s) " + new java.util.TreeSet<>(behind) + " to mirror to the larger set";
                    // Not for ever: a node that stays silent that long has no fresh view left, and without one it
                    // mirrors to every mirror replica (WriteMirror)
                    if (!behind.isEmpty() && !(note.equals(z.note()) && z.updated().plus(unconfirmed()).isBefore(now)))
                        return note.equals(z.note()) ? z : z.to(z.state(), note, now);
                }
                return z.copied("round " + z.round() + " copied on every source replica", now);
            }
            missing.removeAll(alive);
            String note = missing.isEmpty() ? "copying round " + z.round() : "waiting for source replica(s) " + missing + " (down)";
            return note.equals(z.note()) ? z : z.to(z.state(), note, now);
        }
        if (refresh)
            return z.refreshed("a mirror replica was fenced; copying round " + (z.round() + 1) + " while round " + z.readyRound() + " serves", now);
        if (z.updated().plus(settings.refreshEvery()).isBefore(now))
            return z.refreshed("periodic refresh (boost.refresh_every); copying round " + (z.round() + 1), now);
        return z;
    }

    /** A fresh zone with the same target and window (a new mirror table: the old one holds truncated data). */
    private Zone replacement(Zone z, Instant now)
    {
        return new Zone(ZoneRequests.newId(), z.table(), mirrors.tableId(z.table()), z.keys(), z.range(), z.start(), z.end(), z.confidence(),
                        z.origin(), z.reason(), ZoneState.PLANNED, 0, Zone.NEVER, z.dryRun(), "replaces " + z.id() + " (source truncated)", now, z.mirrorReplicas());
    }

    private boolean sameTable(Zone z)
    {
        UUID current = mirrors.tableId(z.table());
        return current != null && current.equals(z.tableId());
    }

    /**
     * Pins fences written for "whatever round is newest" to the zone's newest round as this pass sees it. The fence was
     * written before this pass read it, so every round this pass or a later one starts copies the write it stands for;
     * the node it names stays blocked until such a round is complete. The pinned copy is written before the original is
     * deleted, so one of them blocks at every moment.
     */
    private List<Fence> pin(Plan plan, List<Fence> all)
    {
        List<Fence> out = new ArrayList<>(all.size());
        List<Fence> pinned = new ArrayList<>();
        List<Fence> originals = new ArrayList<>();
        for (Fence f : all)
        {
            java.util.Optional<Zone> zone = f.round() == Fence.ANY_ROUND ? plan.zone(f.zoneId()) : java.util.Optional.empty();
            if (zone.isPresent())
            {
                Fence p = f.pinnedTo(zone.get().round());
                pinned.add(p);
                originals.add(f);
                out.add(p);
            }
            else
                out.add(f);
        }
        if (pinned.isEmpty())
            return all;
        if (!fences.write(pinned))
            throw new IllegalStateException("cannot record fences " + pinned);
        fences.delete(originals);
        return out;
    }

    /** The fences of this zone and of its whole table. */
    private static List<Fence> fencesOf(Zone z, List<Fence> all)
    {
        String tableZone = z.tableId() == null ? null : Fence.tableZoneId(z.table(), z.tableId());
        List<Fence> out = new ArrayList<>();
        for (Fence f : all)
            if (f.zoneId().equals(z.id()) || f.zoneId().equals(tableZone))
                out.add(f);
        return out;
    }

    /** Fences of zones no longer in the plan (or gone), and table fences of tables without zones, are deleted. */
    private static void collectOrphanFences(Plan plan, List<Fence> all, Pass pass)
    {
        Set<String> wanted = new HashSet<>();
        for (Zone z : plan.zones())
            if (z.state() != ZoneState.GONE)
            {
                wanted.add(z.id());
                if (z.tableId() != null)
                    wanted.add(Fence.tableZoneId(z.table(), z.tableId()));
            }
        for (Fence f : all)
            if (!wanted.contains(f.zoneId()))
                pass.obsolete.add(f);
    }

    /** Mirror keyspace, table and trigger; idempotent, so every pass may do it (also keeps columns in step with ALTERs). */
    private void prepareTable(Zone z)
    {
        mirrors.ensureKeyspace(settings.replicasPerDc());
        mirrors.ensureTable(z.table(), z.mirrorTable());
    }

    private void prepare(Zone z)
    {
        prepareTable(z);
        mirrors.ensureAggregateHook(z.mirrorTable());
        mirrors.setTrigger(z.table(), true);
    }

    /** Drops the trigger of tables no zone mirrors any more; run after a plan change. */
    private void removeUnusedTriggers(Collection<Zone> zones, Set<TableRef> candidates)
    {
        Set<TableRef> inUse = new HashSet<>();
        zones.stream().filter(z -> !z.dryRun() && (z.state().mirrored() || z.state() == ZoneState.PLANNED)).forEach(z -> inUse.add(z.table()));
        for (TableRef t : candidates)
            if (!inUse.contains(t) && mirrors.tableId(t) != null)
                mirrors.setTrigger(t, false);
    }

    /** Nodes whose local data the copy needs: the source replicas of the zone's partitions (every node for a range). */
    private Set<String> sourceNodes(Zone z)
    {
        if (z.range() != null)
            return new HashSet<>(mirrors.ringNodes());
        Set<String> nodes = new HashSet<>();
        for (String key : z.keys())
        {
            Long token = tokenOf.apply(z.table(), key);
            if (token != null)
                nodes.addAll(mirrors.sourceReplicas(z.table(), token));
        }
        return nodes;
    }

    private static long zoneBytes(Zone z, List<Progress> reports)
    {
        Map<String, Long> byNode = new HashMap<>();
        for (Progress p : reports)
            if (p.round() == z.round() && p.phase() == Progress.Phase.COPIED)
                byNode.put(p.node(), p.bytes());
        // every source replica pushed its copy of the same partitions, so the sum is an upper bound of what a mirror holds
        return byNode.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How long a node that does not confirm a change can have gone on by the state before it: two leases, at least four plan polls. */
    private Duration unconfirmed()
    {
        Duration leases = settings.routeLease().multipliedBy(2);
        return settings.planPoll().multipliedBy(4).compareTo(leases) > 0 ? settings.planPoll().multipliedBy(4) : leases;
    }

    /** A node whose report shows it cannot place a sized zone on its mirror set, or null. */
    private static String olderNode(Zone z, List<Progress> reports)
    {
        if (z.mirrorReplicas() == 0 && z.readyMirrorReplicas() == 0)
            return null;
        // every report, not only the live nodes': a node the leader sees down may still reach the hotzone keyspace
        for (Progress p : reports)
            if (!p.mirrorSets())
                return p.node();
        return null;
    }

    private static boolean reported(List<Progress> reports, String node, int round, Progress.Phase... phases)
    {
        for (Progress p : reports)
            if (p.node().equals(node) && (round < 0 || p.round() == round))
                for (Progress.Phase ph : phases)
                    if (p.phase() == ph)
                        return true;
        return false;
    }
}
