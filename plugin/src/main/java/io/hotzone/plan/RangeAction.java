package io.hotzone.plan;

import java.time.Duration;
import java.util.Objects;

import io.hotzone.forecast.HotRange;

/** What the planner chose for one forecast hot range, how long it expects the action to take, and why. */
public final class RangeAction
{
    /** A range mirror zone (reads), a token move (writes, single-token rings), or nothing. */
    public enum Kind { BOOST, MOVE, NOTHING }

    private final HotRange range;
    private final Kind kind;
    private final long bytes;
    private final Duration estimate;
    private final String reason;

    /**
     * @param bytes    what the action would copy or stream (0 for nothing)
     * @param estimate how long it would take (zero for nothing)
     */
    public RangeAction(HotRange range, Kind kind, long bytes, Duration estimate, String reason)
    {
        this.range = range;
        this.kind = kind;
        this.bytes = bytes;
        this.estimate = estimate;
        this.reason = reason;
    }

    public HotRange range()
    {
        return range;
    }

    public Kind kind()
    {
        return kind;
    }

    public long bytes()
    {
        return bytes;
    }

    public Duration estimate()
    {
        return estimate;
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
        if (!(o instanceof RangeAction))
            return false;
        RangeAction that = (RangeAction) o;
        return range.equals(that.range) && kind == that.kind && bytes == that.bytes && estimate.equals(that.estimate) && reason.equals(that.reason);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(range, kind, bytes, estimate, reason);
    }

    @Override
    public String toString()
    {
        return kind + " " + range + ": " + reason;
    }
}
