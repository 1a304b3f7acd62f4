package io.hotzone.resources;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.hotzone.server.Knob;
import io.hotzone.server.NodeResources;

/**
 * Every node's side of the allocator: reads its own reservations, applies them, and returns each knob to the value it
 * had before (its baseline) as soon as its reservation is released or expired, or when the reservations could not be
 * read for {@code staleAfter}: a dead leader or an unreachable plan never leaves a node throttled. A value the node
 * cannot take (above its ceiling, a knob it lacks) is refused with the reason in its status; the other knobs still apply.
 */
public final class ReservationApplier
{
    /** A report is written when something changed, and at least this often (it carries a TTL). */
    /** A node records its state at least this often (and whenever it changes). */
    public static final Duration REPORT_EVERY = Duration.ofMinutes(1);

    private final String me;
    private final Function<Instant, List<Reservation>> read;
    private final BiConsumer<List<KnobState>, Instant> report;
    private final Supplier<Map<Knob, long[]>> recorded;
    private boolean resumed;
    private final NodeResources node;
    private final Duration staleAfter;
    private final Supplier<Instant> clock;
    private final BiConsumer<String, Throwable> onError;
    private final Map<Knob, Long> baselines = new EnumMap<>(Knob.class);
    private final Map<Knob, Long> applied = new EnumMap<>(Knob.class);
    private final Map<Knob, String> status = new EnumMap<>(Knob.class);
    private final Map<Knob, Reservation> reserved = new EnumMap<>(Knob.class);
    private Instant lastRead;
    private Instant lastReport = Instant.EPOCH;
    private String lastReported = "";

    /**
     * @param read     this node's unexpired reservations (throws when they cannot be read)
     * @param report   records this node's states (hotzone.reservation_state)
     * @param recorded per knob {baseline, applied} as this node last reported them before it (re)started (throws when
     *                 they cannot be read); read before anything is applied
     */
    public ReservationApplier(String me, Function<Instant, List<Reservation>> read, BiConsumer<List<KnobState>, Instant> report,
                              Supplier<Map<Knob, long[]>> recorded, NodeResources node, Duration staleAfter, Supplier<Instant> clock,
                              BiConsumer<String, Throwable> onError)
    {
        this.me = me;
        this.read = read;
        this.report = report;
        this.recorded = recorded;
        this.node = node;
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.onError = onError;
        this.lastRead = clock.get();
    }

    /** One round: read, apply, restore, report. Never throws. */
    public synchronized void poll()
    {
        Instant now = clock.get();
        if (!resumed)
        {
            try
            {
                resume(recorded.get());
                resumed = true;
            }
            catch (RuntimeException e)
            {
                return; // not readable yet (the ring is forming): nothing is applied before it is
            }
        }
        List<Reservation> mine;
        try
        {
            mine = read.apply(now);
            lastRead = now;
        }
        catch (RuntimeException e)
        {
            if (Duration.between(lastRead, now).compareTo(staleAfter) >= 0 && !applied.isEmpty())
            {
                onError.accept("reservations of " + me + " unreadable for " + Duration.between(lastRead, now).toSeconds() + " s; back to the baseline", e);
                for (Knob k : new ArrayList<>(applied.keySet()))
                    restore(k, "restored: reservations unreadable since " + lastRead);
                reserved.clear();
            }
            return;
        }
        boolean changed = follow(mine);
        List<KnobState> states = states();
        // also when a knob became usable or its value moved by other hands (a cgroup the node was just moved into):
        // the leader's CPU budget reads each node's own quota from these reports
        String seen = signature(states);
        if (changed || !seen.equals(lastReported) || Duration.between(lastReport, now).compareTo(REPORT_EVERY) >= 0)
        {
            try
            {
                report.accept(states, now);
                lastReport = now;
                lastReported = seen;
            }
            catch (RuntimeException e)
            {
                onError.accept("cannot record the reservation state of " + me, e);
            }
        }
    }

    /** Applies what is reserved, restores what is not; true when anything changed. */
    private boolean follow(List<Reservation> mine)
    {
        Map<Knob, Reservation> wanted = new HashMap<>();
        for (Reservation r : mine)
            wanted.merge(r.knob(), r, (a, b) -> a.expires().isAfter(b.expires()) ? a : b);
        boolean changed = false;
        for (Reservation r : wanted.values())
            changed |= apply(r);
        for (Knob k : Knob.values())
        {
            if (wanted.containsKey(k))
                continue;
            if (reserved.remove(k) != null)
                changed = true;
            if (applied.containsKey(k))
            {
                restore(k, "restored: reservation released or expired");
                changed = true;
            }
            else if (status.containsKey(k) && !status.get(k).startsWith("restored") && !status.get(k).startsWith("applied before"))
            {
                status.remove(k); // a refused reservation that is gone
                changed = true;
            }
        }
        return changed;
    }

    private boolean apply(Reservation r)
    {
        Knob k = r.knob();
        boolean isNew = !r.equals(reserved.put(k, r));
        Optional<String> unavailable = node.unavailable(k);
        if (unavailable.isPresent())
            return refuse(k, "unavailable: " + unavailable.get(), isNew);
        try
        {
            k.check(r.value(), node.ceiling(k));
        }
        catch (IllegalArgumentException e)
        {
            return refuse(k, "refused: " + e.getMessage(), isNew);
        }
        Long now = applied.get(k);
        if (now != null && now == r.value())
            return isNew;
        try
        {
            long before = baselines.containsKey(k) ? baselines.get(k) : node.current(k);
            node.set(k, r.value());
            baselines.put(k, before); // only once the value is in place: a failed set leaves nothing to restore
            applied.put(k, r.value());
            status.put(k, "reserved (" + r.origin() + ") until " + r.expires());
        }
        catch (RuntimeException e)
        {
            onError.accept("cannot set " + k.key() + " to " + r.value() + " on " + me, e);
            status.put(k, "failed: " + e.getMessage());
        }
        return true;
    }

    private boolean refuse(Knob k, String why, boolean isNew)
    {
        if (applied.containsKey(k) && !restore(k, why))
            return true;
        status.put(k, why);
        return isNew;
    }

    /**
     * Puts the baseline back; true when done. When the node refuses (a cgroup that became unavailable, say), the
     * baseline and the applied value are kept and the next poll tries again: a failed restore is never forgotten.
     */
    private boolean restore(Knob k, String why)
    {
        Long baseline = baselines.get(k);
        if (baseline != null)
        {
            try
            {
                node.set(k, baseline);
            }
            catch (RuntimeException e)
            {
                String failed = "failed to restore " + baseline + " (tried again every poll): " + e.getMessage();
                if (!failed.equals(status.get(k)))
                    onError.accept("cannot restore " + k.key() + " to " + baseline + " on " + me, e);
                status.put(k, failed);
                return false;
            }
        }
        baselines.remove(k);
        applied.remove(k);
        status.put(k, why);
        return true;
    }

    /**
     * Takes over what this node recorded before it restarted, for the knobs a restart does not reset (its cgroup's):
     * a value it applied and still finds in place goes back to the recorded baseline once no reservation wants it.
     */
    private void resume(Map<Knob, long[]> before)
    {
        before.forEach((k, values) -> {
            if (!k.osLevel() || applied.containsKey(k))
                return;
            try
            {
                if (node.unavailable(k).isEmpty() && node.current(k) == values[1])
                {
                    baselines.put(k, values[0]);
                    applied.put(k, values[1]);
                    status.put(k, "applied before a restart");
                }
            }
            catch (RuntimeException e)
            {
                onError.accept("cannot read " + k.key() + " on " + me, e);
            }
        });
    }

    /** Returns the knobs a restart does not reset (the cgroup's) to their baselines: the JVM is stopping. */
    public synchronized void restoreOsLevel()
    {
        for (Knob k : new ArrayList<>(applied.keySet()))
            if (k.osLevel())
                restore(k, "restored: stopping");
    }

    /** One state per knob (an untouched one has neither baseline nor applied value): the ceilings let requests be checked. */
    public synchronized List<KnobState> states()
    {
        List<KnobState> out = new ArrayList<>();
        for (Knob k : Knob.values())
        {
            String s = status.getOrDefault(k, node.unavailable(k).map(why -> "unavailable: " + why).orElse(""));
            out.add(new KnobState(k, baselines.get(k), applied.get(k), current(k), node.ceiling(k), s));
        }
        return out;
    }

    private static String signature(List<KnobState> states)
    {
        StringBuilder b = new StringBuilder();
        for (KnobState s : states)
            b.append(s.knob()).append(' ').append(s.current()).append(' ').append(s.ceiling()).append(' ').append(s.status()).append('\n');
        return b.toString();
    }

    /** The reservation this node follows for the knob, if any. */
    public synchronized Optional<Reservation> reservation(Knob k)
    {
        return Optional.ofNullable(reserved.get(k));
    }

    private long current(Knob k)
    {
        try
        {
            return node.current(k);
        }
        catch (RuntimeException e)
        {
            return -1;
        }
    }
}
