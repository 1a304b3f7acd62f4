package io.hotzone.resources;

import java.time.Instant;
import java.util.Objects;

import io.hotzone.server.Knob;

/**
 * One row of {@code hotzone.reservations}: this value of a knob on this node until {@link #expires}. The row carries a
 * TTL ending then, so a reservation nobody renews disappears by itself and the node returns to its baseline.
 */
public final class Reservation
{
    /** Reserved by an operator ({@code nodetool-ext hotzone reserve}). */
    public static final String MANUAL = "manual";
    /** Reserved by the leader's allocator for a zone's window. */
    public static final String FORECAST = "forecast";

    private final String node;
    private final Knob knob;
    private final long value;
    private final Instant expires;
    private final String origin;
    private final String reason;

    public Reservation(String node, Knob knob, long value, Instant expires, String origin, String reason)
    {
        this.node = Objects.requireNonNull(node);
        this.knob = Objects.requireNonNull(knob);
        this.value = value;
        this.expires = Objects.requireNonNull(expires);
        this.origin = origin;
        this.reason = reason == null ? "" : reason;
    }

    public String node()
    {
        return node;
    }

    public Knob knob()
    {
        return knob;
    }

    public long value()
    {
        return value;
    }

    public Instant expires()
    {
        return expires;
    }

    public String origin()
    {
        return origin;
    }

    public String reason()
    {
        return reason;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof Reservation))
            return false;
        Reservation that = (Reservation) o;
        return node.equals(that.node) && knob == that.knob && value == that.value && expires.equals(that.expires)
               && Objects.equals(origin, that.origin) && reason.equals(that.reason);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(node, knob, value, expires, origin, reason);
    }

    @Override
    public String toString()
    {
        return node + " " + knob.key() + "=" + value + " until " + expires + " (" + origin + (reason.isEmpty() ? "" : ": " + reason) + ")";
    }
}
