package io.hotzone.resources;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.hotzone.server.Knob;

/**
 * Manual reservations ({@code nodetool-ext hotzone reserve|release}): validated in full before anything is written, so
 * a bad request changes nothing. A node's ceiling is the one it last reported (processors, heap share), else the
 * knob's general bound; the node checks again when it applies.
 */
public final class ReservationRequests
{
    static final Duration MAX_TTL = Duration.ofDays(7);

    private final String me;
    private final ReservationStore store;
    private final Supplier<List<String>> ringNodes;
    private final Supplier<Instant> clock;

    public ReservationRequests(String me, ReservationStore store, Supplier<List<String>> ringNodes, Supplier<Instant> clock)
    {
        this.me = me;
        this.store = store;
        this.ringNodes = ringNodes;
        this.clock = clock;
    }

    /**
     * Reserves the value on each node (empty: every ring node) for {@code ttl}.
     *
     * @return the reservations written
     * @throws IllegalArgumentException for an unknown knob or node, a value out of bounds, a TTL out of [1 s, 7 d]
     */
    public List<Reservation> reserve(List<String> nodes, String knobName, long value, Duration ttl, String reason)
    {
        Knob knob = Knob.of(knobName);
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0)
            throw new IllegalArgumentException("the TTL must be between 1s and 7d, got " + ttl.toSeconds() + "s");
        List<String> targets = targets(nodes);
        Map<String, Long> ceilings = ceilings(knob);
        for (String node : targets)
        {
            try
            {
                knob.check(value, ceilings.getOrDefault(node, knob.max()));
            }
            catch (IllegalArgumentException e)
            {
                throw new IllegalArgumentException(node + ": " + e.getMessage(), e);
            }
        }
        Instant now = clock.get();
        List<Reservation> out = new ArrayList<>();
        for (String node : targets)
        {
            Reservation r = new Reservation(node, knob, value, now.plus(ttl), Reservation.MANUAL, reason);
            store.put(r, me, now);
            out.add(r);
        }
        return out;
    }

    /** Removes the knob's reservation (any origin) on each node (empty: every ring node); returns the nodes that had one. */
    public List<String> release(List<String> nodes, String knobName)
    {
        Knob knob = Knob.of(knobName);
        List<String> targets = targets(nodes);
        List<String> had = new ArrayList<>();
        for (Reservation r : store.all(clock.get()))
            if (r.knob() == knob && targets.contains(r.node()))
                had.add(r.node());
        for (String node : targets)
            store.remove(node, knob);
        return had;
    }

    private List<String> targets(List<String> nodes)
    {
        List<String> ring = ringNodes.get();
        if (nodes.isEmpty())
            return ring;
        for (String n : nodes)
            if (!ring.contains(n))
                throw new IllegalArgumentException("unknown node '" + n + "'; ring nodes: " + String.join(", ", ring));
        return List.copyOf(nodes);
    }

    private Map<String, Long> ceilings(Knob knob)
    {
        Map<String, Long> out = new java.util.HashMap<>();
        for (Map<String, Object> row : store.states())
            if (knob.key().equals(row.get("knob")) && row.get("ceiling") instanceof Long)
                out.put((String) row.get("node"), (Long) row.get("ceiling"));
        return out;
    }
}
