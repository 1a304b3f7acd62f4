package io.hotzone.resources;

import io.hotzone.server.Knob;

/**
 * What one node has for one knob: the value before HotZone touched it (null while untouched), the value HotZone
 * applied (null while none), the value now, this node's ceiling, and a status an operator can read.
 */
public final class KnobState
{
    private final Knob knob;
    private final Long baseline;
    private final Long applied;
    private final long current;
    private final long ceiling;
    private final String status;

    public KnobState(Knob knob, Long baseline, Long applied, long current, long ceiling, String status)
    {
        this.knob = knob;
        this.baseline = baseline;
        this.applied = applied;
        this.current = current;
        this.ceiling = ceiling;
        this.status = status;
    }

    public Knob knob()
    {
        return knob;
    }

    public Long baseline()
    {
        return baseline;
    }

    public Long applied()
    {
        return applied;
    }

    public long current()
    {
        return current;
    }

    public long ceiling()
    {
        return ceiling;
    }

    public String status()
    {
        return status;
    }
}
