package io.hotzone.resources;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import io.hotzone.capture.TableRef;
import io.hotzone.forecast.ForecastStore;
import io.hotzone.plan.Plan;
import io.hotzone.plan.Zone;

/**
 * The reads per second the zones this node serves are forecast to bring it between two instants: for each zone whose
 * window overlaps them, its keys' forecast peaks (per forecast step, cluster-wide) as a rate, shared evenly by the
 * zone's nodes (reads of a READY zone are answered by whichever mirror replica coordinates them). A zone without a
 * forecast for its keys (a manual one) brings nothing predictable. A plan or forecast that cannot be read counts as 0.
 */
public final class ZoneLoad implements BiFunction<Instant, Instant, Double>
{
    private final String me;
    private final Supplier<Plan> plan;
    private final Function<Zone, Set<String>> nodesOf;
    private final Function<TableRef, List<ForecastStore.Stored>> forecasts;
    private final Duration forecastStep;
    private final Map<TableRef, Cached> cache = new HashMap<>();

    public ZoneLoad(String me, Supplier<Plan> plan, Function<Zone, Set<String>> nodesOf, Function<TableRef, List<ForecastStore.Stored>> forecasts,
                    Duration forecastStep)
    {
        this.me = me;
        this.plan = plan;
        this.nodesOf = nodesOf;
        this.forecasts = forecasts;
        this.forecastStep = forecastStep;
    }

    /** Each key's forecast peak per step, read at most once per forecast step (a forecast changes once per cycle). */
    private synchronized Map<String, Double> peaks(TableRef table)
    {
        Cached cached = cache.get(table);
        long now = System.nanoTime();
        if (cached != null && now - cached.readNanos < forecastStep.toNanos())
            return cached.peaks;
        Map<String, Double> m = new HashMap<>();
        for (ForecastStore.Stored s : forecasts.apply(table))
            m.merge(s.zone().segment(), s.zone().predictedPeak(), Math::max);
        cache.put(table, new Cached(m, now));
        return m;
    }

    private static final class Cached
    {
        final Map<String, Double> peaks;
        final long readNanos;

        Cached(Map<String, Double> peaks, long readNanos)
        {
            this.peaks = peaks;
            this.readNanos = readNanos;
        }
    }

    @Override
    public Double apply(Instant from, Instant to)
    {
        return perNode(from, to).getOrDefault(me, 0.0);
    }

    /** The same for every node that serves a zone overlapping the two instants; empty when nothing can be read. */
    public Map<String, Double> perNode(Instant from, Instant to)
    {
        try
        {
            Map<String, Double> out = new HashMap<>();
            Map<TableRef, Map<String, Double>> peaks = new HashMap<>();
            for (Zone z : plan.get().zones())
            {
                if (z.dryRun() || !z.state().active() || !z.start().isBefore(to) || !z.end().isAfter(from) || z.keys() == null)
                    continue;
                Set<String> nodes = nodesOf.apply(z);
                if (nodes.isEmpty())
                    continue;
                Map<String, Double> byKey = peaks.computeIfAbsent(z.table(), this::peaks);
                double perStep = 0;
                for (String key : z.keys())
                    perStep += byKey.getOrDefault(key, 0.0);
                double share = perStep / (forecastStep.toMillis() / 1000.0) / nodes.size();
                for (String node : nodes)
                    out.merge(node, share, Double::sum);
            }
            return out;
        }
        catch (RuntimeException e)
        {
            return Map.of();
        }
    }
}
