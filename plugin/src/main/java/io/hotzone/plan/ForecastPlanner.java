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
    private final java.util.Set<TableRef> refusedLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    // Runtime only, like nodetool disableautocompaction: an operator's pause must not survive a restart unnoticed.
    private volatile boolean automatic = true;

    public ForecastPlanner(BoostSettings settings, Duration cycle, Mirrors mirrors)
    {
        this.settings = settings;
        this.cycle = cycle;
        this.mirrors = mirrors;
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
        for (HotZone f : forecast)
        {
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
                Zone z = extended.getOrDefault(existing.get().id(), existing.get());
                if (z.state().mirrored() && z.origin().equals(Zone.FORECAST) && z.end().isBefore(until))
                    extended.put(z.id(), z.extendedTo(until, Math.max(z.confidence(), f.confidence()), now));
                continue; // draining, gone within the cooldown, or a manual zone already covers it
            }
            fresh.computeIfAbsent(f.reason(), r -> new ArrayList<>()).add(f);
        }
        List<Zone> out = new ArrayList<>(extended.values());
        for (Map.Entry<HotZone.Reason, List<HotZone>> group : fresh.entrySet())
        {
            if (open >= settings.maxZones())
                break;
            open++;
            List<HotZone> members = group.getValue();
            Instant from = members.stream().map(HotZone::predictedStart).min(Instant::compareTo).orElse(now);
            double confidence = members.stream().mapToDouble(HotZone::confidence).min().orElse(0);
            out.add(new Zone(ZoneRequests.newId(), table, tableId, members.stream().map(HotZone::segment).collect(java.util.stream.Collectors.toList()), null,
                             now, until, confidence, Zone.FORECAST, group.getKey().name().toLowerCase(java.util.Locale.ROOT), ZoneState.PLANNED, 0,
                             Zone.NEVER, settings.dryRun(), "forecast: hot from " + from, now));
        }
        return out;
    }
}
