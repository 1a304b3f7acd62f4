package io.hotzone.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hotzone.capture.TableRef;
import io.hotzone.config.BoostSettings;
import io.hotzone.events.Event;
import io.hotzone.forecast.HotRange;
import io.hotzone.forecast.HotZone;
import io.hotzone.server.Mirrors;

/**
 * Turns one table's forecast into plan changes, with hysteresis: a zone is added when a forecast names its partitions
 * with enough confidence (or from an announced event), kept (its window extended) while forecasts keep naming it and for {@code hold_cycles}
 * after, and not added again within the cooldown after it ended. Budgets: {@code max_zones} over the whole plan.
 * An operator can switch automatic boosting off at runtime on a node ({@code nodetool-ext hotzone disableautoboost}).
 */
public final class ForecastPlanner
{
    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(ForecastPlanner.class);
    private final BoostSettings settings;
    private final Duration cycle;
    private final Mirrors mirrors;
    private final Duration step;
    private final java.util.function.DoubleSupplier replicaCapacity;
    private final java.util.function.Supplier<Map<String, Integer>> dcSizes;
    private final java.util.function.BooleanSupplier mirrorSetsEverywhere;
    private final java.util.Set<TableRef> refusedLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    // Runtime only, like nodetool disableautocompaction: an operator's pause must not survive a restart unnoticed.
    private volatile boolean automatic = true;

    /** A planner that puts every zone on every mirror replica (capacity unknown). */
    public ForecastPlanner(BoostSettings settings, Duration cycle, Mirrors mirrors)
    {
        this(settings, cycle, mirrors, cycle, () -> Double.NaN, () -> Map.of("", 1), () -> false);
    }

    /**
     * @param step            the forecast's step: a zone's predicted peak is a count per step
     * @param replicaCapacity reads per second one replica serves as measured here (NaN: not yet); boost.replica_reads_per_second wins
     * @param dcSizes         nodes per data center now
     * @param mirrorSetsEverywhere whether every node of the ring places sized zones on their mirror sets only ({@link NodeFeatures})
     */
    public ForecastPlanner(BoostSettings settings, Duration cycle, Mirrors mirrors, Duration step, java.util.function.DoubleSupplier replicaCapacity,
                           java.util.function.Supplier<Map<String, Integer>> dcSizes, java.util.function.BooleanSupplier mirrorSetsEverywhere)
    {
        this.mirrorSetsEverywhere = mirrorSetsEverywhere;
        this.settings = settings;
        this.cycle = cycle;
        this.mirrors = mirrors;
        this.step = step;
        this.replicaCapacity = replicaCapacity;
        this.dcSizes = dcSizes;
    }

    /** Whether forecasts (and anomalies) add zones; off, the forecast still runs and manual boosts still work. */
    public boolean isAutomatic()
    {
        return automatic;
    }

    public void setAutomatic(boolean automatic)
    {
        this.automatic = automatic;
    }

    /**
     * New partitions of one reason found in the same cycle become one zone (an announced campaign on 20 products is
     * one zone, one mirror table, one schema change, not 20).
     *
     * @param horizonEnd end of the forecast horizon: a zone lasts at least until then
     * @return zones to add or update
     */
    public List<Zone> plan(Plan current, TableRef table, List<HotZone> forecast, Instant horizonEnd, Instant now)
    {
        return plan(current, table, forecast, Map.of(), Map.of(), horizonEnd, now);
    }

    /**
     * As above; a partition inside the token range of a zone of the table that serves it (READY) is left to that zone.
     * While a range zone is still being copied (and its window lasts), a zone the partition has already is kept
     * (extended), but no new one is added: the range zone will serve it. Once a range zone drains, for whatever reason,
     * its partitions are planned as any others (to stop an announced range's boosts, remove its event).
     *
     * Sized zones count of each partition's predicted accesses its usual writes per step as writes (at most all of
     * them) and the rest as reads: a campaign multiplies reads, and every mirror replica takes every write, so writes
     * are not spread over more replicas.
     *
     * @param tokens        the forecast partitions' tokens, by segment
     * @param writesPerStep each partition's usual writes per forecast step, by segment (0 where absent)
     */
    public List<Zone> plan(Plan current, TableRef table, List<HotZone> forecast, Map<String, Long> tokens, Map<String, Double> writesPerStep,
                           Instant horizonEnd, Instant now)
    {
        if (!automatic)
            return List.of();
        // The same checks as a manual boost: a counter table, a view, a dropped table must never get a zone.
        String unsupported = mirrors.unsupportedReason(table);
        if (unsupported != null)
        {
            if (refusedLogged.add(table))
                logger.info("HotZone: forecast zones of {} are not boosted: {}", table, unsupported);
            return List.of();
        }
        refusedLogged.remove(table);
        java.util.UUID tableId = mirrors.tableId(table);
        long open = current.zones().stream().filter(z -> z.state() != ZoneState.GONE).count();
        Instant hold = now.plus(cycle.multipliedBy(Math.max(1, settings.holdCycles())));
        Instant until = horizonEnd.isAfter(hold) ? horizonEnd : hold;
        Map<String, Zone> extended = new LinkedHashMap<>();
        Map<HotZone.Reason, List<HotZone>> fresh = new LinkedHashMap<>(); // in rank order
        Map<String, double[]> existingLoad = new LinkedHashMap<>(); // zone id → predicted peak reads and writes per step of its members named now
        List<Event.TokenRange> holding = new ArrayList<>(), coming = new ArrayList<>();
        for (Zone z : current.zones())
            if (z.table().equals(table) && z.range() != null)
            {
                if (z.state() == ZoneState.READY)
                    holding.add(z.range());
                else if (z.state().active() && z.end().isAfter(now))
                    coming.add(z.range());
            }
        for (HotZone f : forecast)
        {
            Long token = tokens.get(f.segment());
            if (token != null && holding.stream().anyMatch(r -> r.contains(token)))
                continue; // its range zone holds it
            // An operator's announcement is information the model's calibration cannot have (a fresh table has no
            // residuals yet): such zones are boosted whatever their confidence, unless boost.announced_events is off.
            boolean announced = settings.announcedEvents() && f.reason() == HotZone.Reason.EVENT;
            // A spike no model foresaw is hot already: boosting it at once is the reactive part of the loop.
            boolean anomaly = settings.anomalies() && f.reason() == HotZone.Reason.ANOMALY;
            if (f.confidence() < settings.minConfidence() && !announced && !anomaly)
                continue;
            Optional<Zone> existing = current.zones().stream()
                                             .filter(z -> z.table().equals(table) && z.range() == null && z.keys().contains(f.segment()))
                                             .filter(z -> z.state() != ZoneState.GONE || z.updated().plus(settings.cooldown()).isAfter(now))
                                             .findFirst();
            if (existing.isPresent())
            {
                double[] load = existingLoad.computeIfAbsent(existing.get().id(), id -> new double[2]);
                double w = Math.min(f.predictedPeak(), writesPerStep.getOrDefault(f.segment(), 0.0));
                load[0] += f.predictedPeak() - w;
                load[1] += w;
                Zone z = extended.getOrDefault(existing.get().id(), existing.get());
                if (z.state().mirrored() && z.origin().equals(Zone.FORECAST) && z.end().isBefore(until))
                    extended.put(z.id(), z.extendedTo(until, Math.max(z.confidence(), f.confidence()), now));
                continue; // draining, gone within the cooldown, or a manual zone already covers it
            }
            if (token != null && coming.stream().anyMatch(r -> r.contains(token)))
                continue; // a range zone being copied will hold it
            fresh.computeIfAbsent(f.reason(), r -> new ArrayList<>()).add(f);
        }
        Sizing sizing = new Sizing(table);
        grow(current, sizing, existingLoad, extended, now);
        List<Zone> out = new ArrayList<>(extended.values());
        for (Map.Entry<HotZone.Reason, List<HotZone>> group : fresh.entrySet())
        {
            if (open >= settings.maxZones())
                break;
            List<HotZone> members = group.getValue();
            double seconds = Math.max(1e-3, step.toMillis() / 1000.0);
            double writes = members.stream().mapToDouble(f -> Math.min(f.predictedPeak(), writesPerStep.getOrDefault(f.segment(), 0.0))).sum() / seconds;
            double reads = members.stream().mapToDouble(HotZone::predictedPeak).sum() / seconds - writes;
            int replicas = sizing.replicas(reads, writes);
            if (replicas == MirrorSizing.NONE)
            {
                logger.debug("HotZone: {} partitions of {} forecast hot ({}) not boosted: their own replicas serve the predicted {} reads/s, "
                             + "or their {} writes/s would fill every mirror replica", members.size(), table, group.getKey(),
                             String.format("%.0f", reads), String.format("%.0f", writes));
                continue;
            }
            open++;
            Instant from = members.stream().map(HotZone::predictedStart).min(Instant::compareTo).orElse(now);
            double confidence = members.stream().mapToDouble(HotZone::confidence).min().orElse(0);
            out.add(new Zone(ZoneRequests.newId(), table, tableId, members.stream().map(HotZone::segment).collect(java.util.stream.Collectors.toList()), null,
                             now, until, confidence, Zone.FORECAST, group.getKey().name().toLowerCase(java.util.Locale.ROOT), ZoneState.PLANNED, 0,
                             Zone.NEVER, settings.dryRun(), "forecast: hot from " + from + sizingNote(replicas, reads, writes), now, replicas));
        }
        return out;
    }

    /**
     * Range mirror zones for the token ranges announced by events ({@code boost.announced_events}) that the range
     * planner chose to boost ({@link RangeAction.Kind#BOOST}: read-hot, copied in time). One zone holds the whole range,
     * partitions not seen yet included (a roll-out), and the partitions inside it are left to it
     * ({@link #plan(Plan, TableRef, List, Map, Instant, Instant)}). Ranges forecast hot without an announcement are
     * shown, not boosted: on sparse counts near the hot threshold the range forecast named ranges of a few steadily read
     * partitions with confidence 0.97 (the dtests' shared cluster). Otherwise the rules of partition zones: kept while
     * forecast and for {@code hold_cycles} after, not again within the cooldown, {@code max_zones} over the plan. A range
     * that overlaps a zone's range (any origin) is left to that zone (a forecast zone is extended; what the new range
     * has beyond it is not added: its known partitions get partition zones); one whose copy would exceed
     * {@code boost.max_mirror_mib_per_node} on a mirror replica is not boosted.
     *
     * @param actions the table's hot ranges with the action chosen for each
     * @return zones to add or update
     */
    public List<Zone> planRanges(Plan current, TableRef table, List<RangeAction> actions, Instant now)
    {
        if (!automatic || actions.stream().noneMatch(a -> a.kind() == RangeAction.Kind.BOOST) || mirrors.unsupportedReason(table) != null)
            return List.of();
        long open = current.zones().stream().filter(z -> z.state() != ZoneState.GONE).count();
        Instant hold = now.plus(cycle.multipliedBy(Math.max(1, settings.holdCycles())));
        double seconds = Math.max(1e-3, step.toMillis() / 1000.0);
        Map<String, Zone> extended = new LinkedHashMap<>();
        List<Zone> added = new ArrayList<>();
        Sizing sizing = null;
        for (RangeAction a : actions)
        {
            HotRange r = a.range();
            if (a.kind() != RangeAction.Kind.BOOST || !r.table().equals(table))
                continue;
            if (!settings.announcedEvents() || r.reason() != HotZone.Reason.EVENT)
                continue;
            Event.TokenRange range = tokenRange(r);
            Instant until = r.predictedEnd().isAfter(hold) ? r.predictedEnd() : hold;
            Optional<Zone> existing = java.util.stream.Stream.concat(current.zones().stream(), added.stream())
                                                             .filter(z -> z.table().equals(table) && z.range() != null && z.range().overlaps(range))
                                                             .filter(z -> z.state() != ZoneState.GONE || z.updated().plus(settings.cooldown()).isAfter(now))
                                                             .findFirst();
            if (existing.isPresent())
            {
                Zone z = extended.getOrDefault(existing.get().id(), existing.get());
                if (z.state().mirrored() && z.origin().equals(Zone.FORECAST) && z.end().isBefore(until))
                    extended.put(z.id(), z.extendedTo(until, Math.max(z.confidence(), r.confidence()), now));
                continue;
            }
            if (open >= settings.maxZones())
                continue; // extensions of later ranges still apply
            if (a.bytes() > (long) settings.maxMirrorMibPerNode() << 20)
            {
                logger.info("HotZone: the read-hot range {} of {} is not boosted: a mirror replica would hold about {} MiB, over boost.max_mirror_mib_per_node ({} MiB)",
                            r.rangeText(), table, a.bytes() >> 20, settings.maxMirrorMibPerNode());
                continue;
            }
            if (sizing == null)
                sizing = new Sizing(table);
            double reads = r.predictedPeak() / seconds;
            int replicas = sizing.replicas(reads, 0); // a read-hot range (the range forecast counts reads and writes apart)
            if (replicas == MirrorSizing.NONE)
                continue;
            open++;
            added.add(new Zone(ZoneRequests.newId(), table, mirrors.tableId(table), List.of(), range, now, until, r.confidence(), Zone.FORECAST,
                               r.reason().name().toLowerCase(java.util.Locale.ROOT), ZoneState.PLANNED, 0, Zone.NEVER, settings.dryRun(),
                               "forecast: reads of " + r.rangeText() + " hot from " + r.predictedStart() + sizingNote(replicas, reads, 0), now, replicas));
        }
        List<Zone> out = new ArrayList<>(extended.values());
        out.addAll(added);
        return out;
    }

    /** The forecast's range, (start, end] over the ring's tokens, as a zone's inclusive token range. */
    static Event.TokenRange tokenRange(HotRange r)
    {
        return new Event.TokenRange(r.startToken() == Long.MIN_VALUE ? Long.MIN_VALUE : r.startToken() + 1, r.endToken());
    }

    /**
     * How this cycle sizes a table's zones ({@link MirrorSizing}), decided once: the capacity and the ring's features
     * are read again by the next cycle, never between two zones of one (a read that fails once must not turn "not sized
     * now" into "grow to every node").
     */
    private final class Sizing
    {
        final int rf;
        final double capacity;
        final int largest;
        final int ceiling;
        /** Sizing is on (mode, measured or configured capacity) and every ring node places sized zones. */
        final boolean on;
        final boolean placeable;

        Sizing(TableRef table)
        {
            Map<String, Integer> sizes = dcSizes.get();
            double configured = settings.sizing().replicaReadsPerSecond();
            capacity = configured > 0 ? configured : replicaCapacity.getAsDouble();
            largest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(1);
            ceiling = MirrorSizing.ceiling(settings.replicasPerDc(), sizes);
            on = MirrorSizing.sizes(settings.sizing(), capacity, largest);
            placeable = on && mirrorSetsEverywhere.getAsBoolean();
            rf = on ? mirrors.replicasPerDc(table) : 1;
            if (on && !placeable && !unplaceableLogged)
                logger.info("HotZone: zones are not sized: a node of the ring has not announced that it places sized zones (hotzone.node_features; "
                            + "an older version, or a node not running HotZone with boost enabled); they go to every mirror replica");
            unplaceableLogged = on && !placeable;
        }

        /**
         * Mirror replicas per DC for a zone with these predicted reads and writes per second. {@link MirrorSizing#EVERY}
         * while zones are not sized; {@link MirrorSizing#NONE} (wherever the replicas would be) when its own replicas
         * serve it or its writes alone would fill a replica.
         */
        int replicas(double reads, double writes)
        {
            if (!on)
                return MirrorSizing.EVERY;
            int n = MirrorSizing.replicas(settings.sizing(), reads, writes, capacity, rf, ceiling, largest);
            return n > 0 && !placeable ? MirrorSizing.EVERY : n;
        }
    }

    private volatile boolean unplaceableLogged;

    private static String sizingNote(int replicas, double reads, double writes)
    {
        return replicas == MirrorSizing.EVERY ? ""
               : writes > 0 ? String.format("; %d mirror replicas per DC for %.0f reads/s and %.0f writes/s", replicas, reads, writes)
               : String.format("; %d mirror replicas per DC for %.0f reads/s", replicas, reads);
    }

    /**
     * A sized forecast zone whose members are now forecast to need more mirror replicas than it has gets them: a new
     * copy round onto the larger set while the complete round keeps serving on its own (a zone never shrinks: fewer
     * replicas would leave nodes serving that writers no longer reach; it ends with its window instead).
     */
    private void grow(Plan current, Sizing sizing, Map<String, double[]> load, Map<String, Zone> extended, Instant now)
    {
        if (!sizing.placeable || dcSizes.get().size() > 1)
            return; // not sized now (capacity unknown, a leader that just took over, a node that cannot place them), or
                    // several DCs: a growth is seen at LOCAL_QUORUM, a node elsewhere may keep mirroring to the smaller set
        double seconds = Math.max(1e-3, step.toMillis() / 1000.0);
        for (Map.Entry<String, double[]> e : load.entrySet())
        {
            Zone z = extended.get(e.getKey());
            if (z == null)
                z = current.zone(e.getKey()).orElse(null);
            if (z == null || !z.origin().equals(Zone.FORECAST) || z.state() != ZoneState.READY || z.copying() || z.dryRun())
                continue;
            double reads = e.getValue()[0] / seconds, writes = e.getValue()[1] / seconds;
            int wanted = sizing.replicas(reads, writes);
            if (wanted != MirrorSizing.NONE && Zone.grows(z.mirrorReplicas(), wanted))
                extended.put(z.id(), z.grownTo(wanted, String.format("forecast grew to %.0f reads/s: copying round %d onto %s mirror replicas per DC", reads,
                                                                     z.round() + 1, wanted == MirrorSizing.EVERY ? "all" : Integer.toString(wanted)), now));
        }
    }
}
