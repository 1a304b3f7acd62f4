package io.hotzone.resources;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotzone.config.ResourceSettings;
import io.hotzone.plan.Plan;
import io.hotzone.plan.Zone;
import io.hotzone.server.Knob;

/**
 * The leader's side: every node that will serve a zone (its source and mirror replicas) gets the configured hot values
 * from {@code lead} before the zone's window until its end, as reservations that expire unless renewed; with
 * {@code cpu_shift}, CPU quota moves toward the nodes the zones' forecasts will load ({@link CpuBudget}). A
 * manual reservation of the same knob on the same node wins. Reservations no zone wants any more are removed, so nodes
 * return to their baseline at their next poll rather than at expiry.
 */
public final class ReservationAllocator
{
    private final String me;
    private final ForecastReservations store;
    private final ResourceSettings settings;
    private final Supplier<Plan> plan;
    private final Function<Zone, Set<String>> nodesOf;
    private final Supplier<Map<String, long[]>> cpuQuotas;
    private final BiFunction<Instant, Instant, Map<String, Double>> zoneLoad;
    private final Supplier<Instant> clock;
    private final BiConsumer<String, Throwable> onError;
    private static final Logger logger = LoggerFactory.getLogger(ReservationAllocator.class);
    private static final long SLOW_WARNING_EVERY_NANOS = 60_000_000_000L;
    private long lastSlowWarning = System.nanoTime() - SLOW_WARNING_EVERY_NANOS;
    private volatile boolean leader;
    private volatile boolean auto;

    /**
     * @param nodesOf   the nodes that serve a zone's reads and writes (source and mirror replicas of its tokens)
     * @param cpuQuotas each node's own CPU quota and its ceiling, millicores, for the nodes whose quota may be set (read only with
     *                  {@code cpu_shift})
     * @param zoneLoad  per node, the reads per second the zones it serves are forecast to bring between two instants
     */
    public ReservationAllocator(String me, ForecastReservations store, ResourceSettings settings, Supplier<Plan> plan, Function<Zone, Set<String>> nodesOf,
                                Supplier<Map<String, long[]>> cpuQuotas, BiFunction<Instant, Instant, Map<String, Double>> zoneLoad, Supplier<Instant> clock,
                                BiConsumer<String, Throwable> onError)
    {
        this.cpuQuotas = cpuQuotas;
        this.zoneLoad = zoneLoad;
        this.me = me;
        this.store = store;
        this.settings = settings;
        this.plan = plan;
        this.nodesOf = nodesOf;
        this.clock = clock;
        this.onError = onError;
        this.auto = settings.auto();
    }

    public void leading(boolean isLeader)
    {
        leader = isLeader;
    }

    /**
     * Runtime switch, like {@code disableautoboost}: until restart. Switched off, the leader neither makes nor renews
     * nor removes reservations: those it made expire within {@code reservation_ttl}, as after its death.
     */
    public void setAuto(boolean on)
    {
        auto = on;
    }

    public boolean auto()
    {
        return auto;
    }

    /** One round; never throws. */
    public void allocate()
    {
        if (!leader || !auto)
            return;
        long started = System.nanoTime();
        try
        {
            Instant now = clock.get();
            Map<String, Set<String>> serving = wanted(plan.get(), now);
            Map<String, Reservation> existing = new HashMap<>();
            for (Reservation r : store.all(now))
                existing.put(r.node() + "\t" + r.knob().key(), r);
            Map<String, Reservation> desired = new LinkedHashMap<>();
            Instant expires = now.plus(settings.reservationTtl());
            for (Map.Entry<String, Set<String>> e : serving.entrySet())
                for (Map.Entry<Knob, Long> knob : settings.hot().entrySet())
                    desired.put(e.getKey() + "\t" + knob.getKey().key(), new Reservation(e.getKey(), knob.getKey(), knob.getValue(), expires,
                                                                                       Reservation.FORECAST, "zones " + String.join(" ", e.getValue())));
            if (settings.cpuShift() > 0 && !serving.isEmpty())
                shiftCpu(serving, existing, now, expires, desired);
            for (Map.Entry<String, Reservation> e : desired.entrySet())
            {
                Reservation want = e.getValue();
                Reservation old = existing.remove(e.getKey());
                if (old != null && !Reservation.FORECAST.equals(old.origin()))
                    continue; // an operator's reservation wins
                if (old != null && old.value() == want.value() && old.reason().equals(want.reason())
                    && old.expires().isAfter(now.plus(settings.reservationTtl().dividedBy(2))))
                    continue; // renewed not long ago
                // conditional: an operator's reservation written since the read above is left alone
                store.putForecast(want, old, me, now);
            }
            for (Reservation r : existing.values())
                if (Reservation.FORECAST.equals(r.origin()))
                    store.removeForecast(r);
        }
        catch (RuntimeException e)
        {
            onError.accept("resource allocation failed", e);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (millis > settings.reservationTtl().toMillis() / 4 && System.nanoTime() - lastSlowWarning > SLOW_WARNING_EVERY_NANOS)
        {
            // renewals start at half the TTL: rounds this slow let reservations lapse between them
            lastSlowWarning = System.nanoTime();
            logger.warn("HotZone: a resource allocation round took {} ms, more than a quarter of resources.reservation_ttl ({})", millis,
                        settings.reservationTtl());
        }
    }

    /**
     * The fixed CPU budget moved toward the nodes the zones will load ({@link CpuBudget}), by their forecast reads over
     * the coming {@code lead}; zones without a forecast (manual ones only) weigh their nodes equally, and a node serving
     * a zone whose load is not forecast never lends. A node whose quota an operator reserved keeps it and stays out of
     * the budget, so the total remains what the nodes' own quotas add up to.
     */
    private void shiftCpu(Map<String, Set<String>> serving, Map<String, Reservation> existing, Instant now, Instant expires, Map<String, Reservation> desired)
    {
        Map<String, Long> quotas = new TreeMap<>(), ceilings = new TreeMap<>();
        cpuQuotas.get().forEach((node, q) -> {
            quotas.put(node, q[0]);
            ceilings.put(node, q[1]);
        });
        for (Reservation r : existing.values())
            if (r.knob() == Knob.CPU_QUOTA && !Reservation.FORECAST.equals(r.origin()))
                quotas.remove(r.node());
        Map<String, Double> load = new HashMap<>(zoneLoad.apply(now, now.plus(settings.lead())));
        if (quotas.keySet().stream().mapToDouble(n -> load.getOrDefault(n, 0.0)).sum() <= 0)
        {
            load.clear();
            serving.keySet().forEach(n -> load.put(n, 1.0));
        }
        Set<String> keep = new TreeSet<>();
        for (String node : serving.keySet())
            if (load.getOrDefault(node, 0.0) <= 0)
                keep.add(node);
        Set<String> zones = new TreeSet<>();
        serving.values().forEach(zones::addAll);
        for (Map.Entry<String, Long> q : CpuBudget.split(quotas, ceilings, keep, load, settings.cpuShift()).entrySet())
        {
            Set<String> own = serving.get(q.getKey());
            String reason = q.getValue() < quotas.get(q.getKey()) ? "cpu budget: lent to zones " + String.join(" ", zones)
                                                                   : "cpu budget: zones " + String.join(" ", own == null ? zones : own);
            desired.put(q.getKey() + "\t" + Knob.CPU_QUOTA.key(), new Reservation(q.getKey(), Knob.CPU_QUOTA, q.getValue(), expires, Reservation.FORECAST, reason));
        }
    }

    /** Node → the zones it serves whose window (from lead before its start to its end) holds now. */
    Map<String, Set<String>> wanted(Plan p, Instant now)
    {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Zone z : p.zones())
        {
            if (z.dryRun() || !z.state().active() || now.isBefore(z.start().minus(settings.lead())) || !now.isBefore(z.end()))
                continue;
            for (String node : nodesOf.apply(z))
                out.computeIfAbsent(node, n -> new TreeSet<>()).add(z.id());
        }
        return out;
    }
}
