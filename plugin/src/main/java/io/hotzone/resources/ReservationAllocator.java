package io.hotzone.resources;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.hotzone.config.ResourceSettings;
import io.hotzone.plan.Plan;
import io.hotzone.plan.Zone;
import io.hotzone.server.Knob;

/**
 * The leader's side: every node that will serve a zone (its source and mirror replicas) gets the configured hot values
 * from {@code lead} before the zone's window until its end, as reservations that expire unless renewed. A manual
 * reservation of the same knob on the same node wins. Reservations no zone wants any more are removed, so nodes
 * return to their baseline at their next poll rather than at expiry.
 */
public final class ReservationAllocator
{
    private final String me;
    private final ForecastReservations store;
    private final ResourceSettings settings;
    private final Supplier<Plan> plan;
    private final Function<Zone, Set<String>> nodesOf;
    private final Supplier<Instant> clock;
    private final BiConsumer<String, Throwable> onError;
    private volatile boolean leader;
    private volatile boolean auto;

    /** @param nodesOf the nodes that serve a zone's reads and writes (source and mirror replicas of its tokens) */
    public ReservationAllocator(String me, ForecastReservations store, ResourceSettings settings, Supplier<Plan> plan, Function<Zone, Set<String>> nodesOf,
                                Supplier<Instant> clock, BiConsumer<String, Throwable> onError)
    {
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
        try
        {
            Instant now = clock.get();
            Map<String, Set<String>> wanted = wanted(plan.get(), now);
            Map<String, Reservation> existing = new HashMap<>();
            for (Reservation r : store.all(now))
                existing.put(r.node() + "\t" + r.knob().key(), r);
            Instant expires = now.plus(settings.reservationTtl());
            for (Map.Entry<String, Set<String>> e : wanted.entrySet())
            {
                for (Map.Entry<Knob, Long> knob : settings.hot().entrySet())
                {
                    Reservation old = existing.remove(e.getKey() + "\t" + knob.getKey().key());
                    if (old != null && !Reservation.FORECAST.equals(old.origin()))
                        continue; // an operator's reservation wins
                    String reason = "zones " + String.join(" ", e.getValue());
                    if (old != null && old.value() == knob.getValue() && old.reason().equals(reason)
                        && old.expires().isAfter(now.plus(settings.reservationTtl().dividedBy(2))))
                        continue; // renewed not long ago
                    // conditional: an operator's reservation written since the read above is left alone
                    store.putForecast(new Reservation(e.getKey(), knob.getKey(), knob.getValue(), expires, Reservation.FORECAST, reason), old, me, now);
                }
            }
            for (Reservation r : existing.values())
                if (Reservation.FORECAST.equals(r.origin()))
                    store.removeForecast(r);
        }
        catch (RuntimeException e)
        {
            onError.accept("resource allocation failed", e);
        }
    }

    /** Node → the zones it serves whose window (from lead before its start to its end) holds now. */
    Map<String, Set<String>> wanted(Plan p, Instant now)
    {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        if (settings.hot().isEmpty())
            return out;
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
