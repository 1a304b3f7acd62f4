package io.hotzone.server;

import java.util.Optional;

/** The node's reservable settings and its own counters, for the resource allocator. Implemented by the adapter. */
public interface NodeResources
{
    /** The knob's value on this node now. */
    long current(Knob knob);

    /** The highest value this node accepts (processors, heap share), at most {@link Knob#max}. */
    long ceiling(Knob knob);

    /** Why this node cannot apply the knob at all (e.g. no row cache configured); empty when it can. */
    Optional<String> unavailable(Knob knob);

    /**
     * Applies a value already checked against {@link Knob#check}; takes effect at once, lasts until set again or the
     * node restarts (nothing is written to cassandra.yaml).
     */
    void set(Knob knob, long value);

    /** Cassandra's own counters and gauges on this node, read now. */
    NodeCounters counters();
}
