package io.hotzone.resources;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Knob;
import io.hotzone.server.Server;

/**
 * {@code hotzone.reservations} (what each node should apply, TTL'd) and {@code hotzone.reservation_state} (what each
 * node applied, and its baseline), both read and written at LOCAL_QUORUM.
 */
public final class ReservationStore implements ForecastReservations
{
    private static final String RESERVATIONS = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.RESERVATIONS;
    private static final String STATE = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.RESERVATION_STATE;
    /** A node's report outlives a missed refresh or two, not a node that is gone for good. */
    static final int STATE_TTL_SECONDS = 600;

    private final Server server;

    public ReservationStore(Server server)
    {
        this.server = server;
    }

    /** Writes (or replaces) the reservation, with a TTL that ends at its expiry. */
    public void put(Reservation r, String by, Instant now)
    {
        long ttl = Math.max(1, r.expires().getEpochSecond() - now.getEpochSecond());
        server.execute("INSERT INTO " + RESERVATIONS + " (node, knob, value, expires_at, origin, reason, reserved_by) VALUES (?, ?, ?, ?, ?, ?, ?) USING TTL "
                       + Math.min(ttl, Integer.MAX_VALUE), Consistency.LOCAL_QUORUM,
                       r.node(), r.knob().key(), r.value(), Date.from(r.expires()), r.origin(), r.reason(), by);
    }

    @Override
    public boolean putForecast(Reservation r, Reservation old, String by, Instant now)
    {
        long ttl = Math.max(1, r.expires().getEpochSecond() - now.getEpochSecond());
        List<Map<String, Object>> result;
        if (old == null)
            result = server.execute("INSERT INTO " + RESERVATIONS + " (node, knob, value, expires_at, origin, reason, reserved_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
                                    + "IF NOT EXISTS USING TTL " + ttl, Consistency.LOCAL_QUORUM,
                                    r.node(), r.knob().key(), r.value(), Date.from(r.expires()), r.origin(), r.reason(), by);
        else
            result = server.execute("UPDATE " + RESERVATIONS + " USING TTL " + ttl + " SET value = ?, expires_at = ?, origin = ?, reason = ?, reserved_by = ? "
                                    + "WHERE node = ? AND knob = ? IF origin = ?", Consistency.LOCAL_QUORUM,
                                    r.value(), Date.from(r.expires()), r.origin(), r.reason(), by, r.node(), r.knob().key(), Reservation.FORECAST);
        return !result.isEmpty() && Boolean.TRUE.equals(result.get(0).get("[applied]"));
    }

    @Override
    public void removeForecast(Reservation r)
    {
        server.execute("DELETE FROM " + RESERVATIONS + " WHERE node = ? AND knob = ? IF origin = ?", Consistency.LOCAL_QUORUM, r.node(), r.knob().key(),
                       Reservation.FORECAST);
    }

    public void remove(String node, Knob knob)
    {
        server.execute("DELETE FROM " + RESERVATIONS + " WHERE node = ? AND knob = ?", Consistency.LOCAL_QUORUM, node, knob.key());
    }

    /** This node's reservations that have not expired (a row of an unknown knob, from a newer version, is skipped). */
    public List<Reservation> forNode(String node, Instant now)
    {
        return parse(server.execute("SELECT * FROM " + RESERVATIONS + " WHERE node = ?", Consistency.LOCAL_QUORUM, node), now);
    }

    @Override
    public List<Reservation> all(Instant now)
    {
        return parse(server.execute("SELECT * FROM " + RESERVATIONS, Consistency.LOCAL_QUORUM), now);
    }

    /** Records what this node has for each knob: baseline, applied value, ceiling, status. */
    public void report(String node, List<KnobState> states, Instant now)
    {
        StringBuilder batch = new StringBuilder("BEGIN UNLOGGED BATCH ");
        List<Object> values = new ArrayList<>();
        for (KnobState s : states)
        {
            batch.append("INSERT INTO ").append(STATE).append(" (node, knob, baseline, applied, current, ceiling, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL ")
                 .append(STATE_TTL_SECONDS).append("; ");
            values.add(node);
            values.add(s.knob().key());
            values.add(s.baseline());
            values.add(s.applied());
            values.add(s.current());
            values.add(s.ceiling());
            values.add(s.status());
            values.add(Date.from(now));
        }
        batch.append("APPLY BATCH");
        server.execute(batch.toString(), Consistency.LOCAL_QUORUM, values.toArray());
    }

    /** Per knob {baseline, applied} as this node last reported them, for the knobs it had applied. */
    public Map<Knob, long[]> recorded(String node)
    {
        Map<Knob, long[]> out = new java.util.EnumMap<>(Knob.class);
        for (Map<String, Object> row : server.execute("SELECT * FROM " + STATE + " WHERE node = ?", Consistency.LOCAL_QUORUM, node))
        {
            if (!(row.get("baseline") instanceof Long) || !(row.get("applied") instanceof Long))
                continue;
            try
            {
                out.put(Knob.of(String.valueOf(row.get("knob"))), new long[]{ (Long) row.get("baseline"), (Long) row.get("applied") });
            }
            catch (IllegalArgumentException e)
            {
                // a knob of a newer version
            }
        }
        return out;
    }

    /**
     * Each node's own CPU quota and its ceiling in millicores ({quota, ceiling}), from its reports younger than
     * {@code fresh} (a node reports at least every {@link ReservationApplier#REPORT_EVERY}): see
     * {@link #cpuQuotas(List, Instant, Duration)}.
     */
    public Map<String, long[]> cpuQuotas(Instant now, Duration fresh)
    {
        return cpuQuotas(server.execute("SELECT node, knob, baseline, current, ceiling, status, updated_at FROM " + STATE, Consistency.LOCAL_QUORUM),
                         now, fresh);
    }

    /**
     * The baseline a node keeps while a reservation holds, else its current quota. Nodes whose quota HotZone may not
     * set (status unavailable), nodes without a quota (unlimited) or with one below the lowest HotZone sets, and nodes
     * whose last report is older than {@code fresh} are left out: they are no part of a fixed budget.
     */
    static Map<String, long[]> cpuQuotas(List<Map<String, Object>> stateRows, Instant now, Duration fresh)
    {
        Map<String, long[]> out = new TreeMap<>();
        for (Map<String, Object> row : stateRows)
        {
            if (!Knob.CPU_QUOTA.key().equals(row.get("knob")) || String.valueOf(row.get("status")).startsWith("unavailable")
                || !(row.get("updated_at") instanceof Date) || ((Date) row.get("updated_at")).toInstant().isBefore(now.minus(fresh)))
                continue;
            Object quota = row.get("baseline") instanceof Long ? row.get("baseline") : row.get("current");
            if (quota instanceof Long && (Long) quota >= Knob.MIN_CPU_QUOTA)
                out.put(String.valueOf(row.get("node")), new long[]{ (Long) quota, row.get("ceiling") instanceof Long ? (Long) row.get("ceiling") : Long.MAX_VALUE });
        }
        return out;
    }

    /** Every node's last report, as rows of column name to value. */
    public List<Map<String, Object>> states()
    {
        return server.execute("SELECT * FROM " + STATE, Consistency.LOCAL_QUORUM);
    }

    private static List<Reservation> parse(List<Map<String, Object>> rows, Instant now)
    {
        List<Reservation> out = new ArrayList<>();
        for (Map<String, Object> row : rows)
        {
            Knob knob;
            try
            {
                knob = Knob.of(String.valueOf(row.get("knob")));
            }
            catch (IllegalArgumentException e)
            {
                continue;
            }
            if (!(row.get("value") instanceof Long) || !(row.get("expires_at") instanceof Date) || row.get("node") == null)
                continue; // a row typed in by hand without what a reservation needs
            Instant expires = ((Date) row.get("expires_at")).toInstant();
            if (!expires.isAfter(now))
                continue;
            out.add(new Reservation((String) row.get("node"), knob, (Long) row.get("value"), expires, (String) row.get("origin"), (String) row.get("reason")));
        }
        return out;
    }
}
