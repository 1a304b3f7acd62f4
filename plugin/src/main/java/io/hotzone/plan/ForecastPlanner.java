package io.hotzone.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hotzone.capture.TableRef;
import io.hotzone.config.BoostSettings;
import io.hotzone.forecast.HotZone;

/**
 * Turns one table's forecast into plan changes, with hysteresis: a zone is added when a forecast names its partition
 * with enough confidence (or from an announced event), kept (its window extended) while forecasts keep naming it and for {@code hold_cycles}
 * after, and not added again within the cooldown after it ended. Budgets: {@code max_zones} over the whole plan.
 */
public final class ForecastPlanner
{
    private final BoostSettings settings;
    private final Duration cycle;

    public ForecastPlanner(BoostSettings settings, Duration cycle)
    {
        this.settings = settings;
        this.cycle = cycle;
    }

    /**
     * @param horizonEnd end of the forecast horizon: a zone lasts at least until then
     * @return zones to add or update
     */
    public List<Zone> plan(Plan current, TableRef table, List<HotZone> forecast, Instant horizonEnd, Instant now)
    {
        List<Zone> out = new ArrayList<>();
        long open = current.zones().stream().filter(z -> z.state() != ZoneState.GONE).count();
        Instant hold = now.plus(cycle.multipliedBy(Math.max(1, settings.holdCycles())));
        Instant until = horizonEnd.isAfter(hold) ? horizonEnd : hold;
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
                                             .filter(z -> z.table().equals(table) && z.range() == null && z.keys().equals(List.of(f.segment())))
                                             .filter(z -> z.state() != ZoneState.GONE || z.updated().plus(settings.cooldown()).isAfter(now))
                                             .findFirst();
            if (existing.isPresent())
            {
                Zone z = existing.get();
                if (z.state().mirrored() && z.origin().equals(Zone.FORECAST) && z.end().isBefore(until))
                    out.add(z.extendedTo(until, Math.max(z.confidence(), f.confidence()), now));
                continue; // draining, gone within the cooldown, or a manual zone already covers it
            }
            if (open >= settings.maxZones())
                break;
            open++;
            out.add(new Zone(ZoneRequests.newId(), table, List.of(f.segment()), null, now, until, f.confidence(), Zone.FORECAST,
                             f.reason().name().toLowerCase(java.util.Locale.ROOT), ZoneState.PLANNED, 0, settings.dryRun(),
                             "forecast: hot from " + f.predictedStart(), now));
        }
        return out;
    }
}
