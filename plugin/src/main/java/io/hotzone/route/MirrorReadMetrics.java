package io.hotzone.route;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import com.codahale.metrics.Meter;
import com.codahale.metrics.Timer;

import io.hotzone.capture.TableRef;

/**
 * Reads answered from a mirror, measured as Cassandra measures requests: one latency Timer for the node
 * ({@code MirrorReadLatency}) and a Meter per table ({@code MirrorReads} with keyspace and scope), created on the
 * table's first mirror read.
 */
public final class MirrorReadMetrics
{
    private final Timer latency;
    private final BiFunction<TableRef, String, Meter> meters;
    private final Map<TableRef, Meter> byTable = new ConcurrentHashMap<>();

    /**
     * @param latency the node's mirror read latency
     * @param meters  registers the named Meter of a table
     */
    public MirrorReadMetrics(Timer latency, BiFunction<TableRef, String, Meter> meters)
    {
        this.latency = latency;
        this.meters = meters;
    }

    /** One mirror read of the table, answered in {@code nanos} (from the routing decision to the rows). */
    void served(TableRef table, long nanos)
    {
        latency.update(nanos, TimeUnit.NANOSECONDS);
        byTable.computeIfAbsent(table, t -> meters.apply(t, "MirrorReads")).mark();
    }
}
