package io.hotzone.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import io.hotzone.capture.TableRef;
import io.hotzone.config.BoostSettings;
import io.hotzone.server.Mirrors;

/**
 * The leader's half of acting on the plan, one pass every {@code boost.plan_poll} ({@link PlanDriverLoop}): prepares the mirror of new zones, moves each zone along
 * PLANNED → ARMING → WARMING → READY → DRAINING → GONE from what the nodes reported, and writes the changes as one new plan
 * version. It keeps no state of its own, so a new leader simply continues where the last one stopped.
 */
public final class PlanDriver
{
    private final PlanStore store;
    private final Mirrors mirrors;
    private final BoostSettings settings;
    private final BiFunction<TableRef, String, Long> tokenOf;

    public PlanDriver(PlanStore store, Mirrors mirrors, BoostSettings settings, BiFunction<TableRef, String, Long> tokenOf)
    {
        this.store = store;
        this.mirrors = mirrors;
        this.settings = settings;
        this.tokenOf = tokenOf;
    }

    /** One pass; returns the zones it changed (empty if none or if another writer moved the plan first). */
    public List<Zone> drive(Instant now)
    {
        Plan plan = store.load();
        List<Zone> live = plan.zones().stream().filter(z -> !z.dryRun()).collect(java.util.stream.Collectors.toList());
        if (live.isEmpty())
            return List.of();
        Map<String, List<Progress>> progress = store.progress(live.stream().map(Zone::id).collect(java.util.stream.Collectors.toList()));
        Set<String> alive = mirrors.liveNodes();
        List<Zone> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        long mirrorBytes = 0;
        for (Zone z : live)
        {
            List<Progress> reports = progress.getOrDefault(z.id(), List.of());
            Zone next = step(z, reports, alive, now);
            if (next == null)
                removed.add(z.id());
            else
            {
                if (next.state().mirrored())
                {
                    mirrorBytes += zoneBytes(z, reports);
                    if (mirrorBytes > (long) settings.maxMirrorMibPerNode() << 20 && next.state() != ZoneState.DRAINING)
                        next = next.to(ZoneState.DRAINING, "over boost.max_mirror_mib_per_node", now);
                }
                if (!next.equals(z))
                    changed.add(next);
            }
        }
        if (changed.isEmpty() && removed.isEmpty())
            return List.of();
        if (!store.commit(plan.version(), changed, removed))
            return List.of();
        for (String id : removed)
            store.forgetProgress(id);
        Map<String, Zone> after = new HashMap<>();
        live.forEach(z -> after.put(z.id(), z));
        changed.forEach(z -> after.put(z.id(), z));
        removed.forEach(after::remove);
        Set<TableRef> ended = new HashSet<>();
        changed.stream().filter(z -> !z.state().mirrored()).forEach(z -> ended.add(z.table()));
        removeUnusedTriggers(after.values(), ended);
        return changed;
    }

    private Zone step(Zone z, List<Progress> reports, Set<String> alive, Instant now)
    {
        switch (z.state())
        {
            case PLANNED:
                prepare(z);
                if (z.end().isBefore(now))
                    return z.to(ZoneState.DRAINING, "window ended before the copy started", now);
                if (alive.stream().allMatch(n -> reported(reports, n, z.round(), Progress.Phase.PREPARED, Progress.Phase.MIRRORING, Progress.Phase.COPIED)))
                    return z.to(ZoneState.ARMING, "every node has the mirror table; mirroring starts", now);
                return z;
            case ARMING:
                prepare(z);
                if (alive.stream().allMatch(n -> reported(reports, n, z.round(), Progress.Phase.MIRRORING, Progress.Phase.COPIED)))
                    return z.to(ZoneState.WARMING, "every node mirrors its writes; copying", now);
                return z;
            case WARMING:
            case READY:
                prepare(z);
                if (z.end().isBefore(now))
                    return z.to(ZoneState.DRAINING, "window ended", now);
                if (reports.stream().anyMatch(p -> p.phase() == Progress.Phase.DIRTY && p.round() >= z.round()))
                    return z.nextRound("a mirror may have missed writes; copying again (round " + (z.round() + 1) + ")", now);
                if (z.state() == ZoneState.WARMING)
                {
                    Set<String> sources = sourceNodes(z);
                    Set<String> missing = new HashSet<>(sources);
                    missing.removeIf(n -> reported(reports, n, z.round(), Progress.Phase.COPIED));
                    if (missing.isEmpty())
                        return z.to(ZoneState.READY, "copy complete on its mirror replicas", now);
                    missing.removeAll(alive);
                    String note = missing.isEmpty() ? "copying" : "waiting for source replica(s) " + missing + " (down)";
                    return note.equals(z.note()) ? z : z.to(ZoneState.WARMING, note, now);
                }
                return z;
            case DRAINING:
                boolean disarmed = alive.stream().allMatch(n -> reported(reports, n, -1, Progress.Phase.DISARMED));
                if (!disarmed && z.updated().plus(settings.planPoll().multipliedBy(4)).isAfter(now))
                    return z;
                mirrors.dropTable(z.mirrorTable());
                return z.to(ZoneState.GONE, "mirror dropped", now);
            case GONE:
            default:
                return z.updated().plus(settings.cooldown()).isBefore(now) ? null : z;
        }
    }

    /** Mirror keyspace, table and trigger; idempotent, so every pass may do it (also keeps columns in step with ALTERs). */
    private void prepare(Zone z)
    {
        mirrors.ensureKeyspace(settings.replicasPerDc());
        mirrors.ensureTable(z.table(), z.mirrorTable());
        mirrors.setTrigger(z.table(), true);
    }

    /** Drops the trigger of tables no zone mirrors any more; run after a plan change. */
    private void removeUnusedTriggers(java.util.Collection<Zone> zones, Set<TableRef> candidates)
    {
        Set<TableRef> inUse = new HashSet<>();
        zones.stream().filter(z -> !z.dryRun() && z.state().mirrored()).forEach(z -> inUse.add(z.table()));
        for (TableRef t : candidates)
            if (!inUse.contains(t))
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
