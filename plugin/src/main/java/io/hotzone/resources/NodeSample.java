package io.hotzone.resources;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a node's load: figures named as the columns of {@code hotzone.node_metrics} and
 * {@code hotzone_views.node_metrics}, in {@link #COLUMNS} order. Rates are per second over the step; -1 where the
 * platform does not say (e.g. disk bytes without {@code /proc/self/io}).
 */
public final class NodeSample
{
    /** Process CPU, in cores (1.0 = one core busy for the whole step). */
    public static final String CPU_PROCESS = "cpu_process";
    /** Whole machine's CPU, share of all its cores (0..1). */
    public static final String CPU_SYSTEM = "cpu_system";
    public static final String HEAP_USED = "heap_used";
    public static final String HEAP_MAX = "heap_max";
    /** Direct and mapped buffers plus the JVM's non-heap pools, bytes. */
    public static final String OFF_HEAP = "off_heap";
    /** Share of the step spent in garbage collection (0..1). */
    public static final String GC_SHARE = "gc_share";
    public static final String NET_IN = "net_in_bytes_per_s";
    public static final String NET_OUT = "net_out_bytes_per_s";
    public static final String DISK_READ = "disk_read_bytes_per_s";
    public static final String DISK_WRITE = "disk_write_bytes_per_s";
    public static final String READ_ACTIVE = "read_active";
    public static final String READ_PENDING = "read_pending";
    public static final String WRITE_ACTIVE = "write_active";
    public static final String WRITE_PENDING = "write_pending";
    public static final String COMPACTIONS_PENDING = "compactions_pending";
    /** Client reads this node coordinated, per second. */
    public static final String CLIENT_READS = "client_reads_per_s";
    public static final String CLIENT_WRITES = "client_writes_per_s";

    /** Every figure, in column order. */
    public static final List<String> COLUMNS = List.of(CPU_PROCESS, CPU_SYSTEM, HEAP_USED, HEAP_MAX, OFF_HEAP, GC_SHARE, NET_IN, NET_OUT,
                                                       DISK_READ, DISK_WRITE, READ_ACTIVE, READ_PENDING, WRITE_ACTIVE, WRITE_PENDING,
                                                       COMPACTIONS_PENDING, CLIENT_READS, CLIENT_WRITES);

    private final Instant at;
    private final double stepSeconds;
    private final Map<String, Double> values;

    public NodeSample(Instant at, double stepSeconds, Map<String, Double> values)
    {
        if (!values.keySet().equals(new java.util.HashSet<>(COLUMNS)))
            throw new IllegalArgumentException("a sample needs exactly " + COLUMNS + ", got " + values.keySet());
        this.at = at;
        this.stepSeconds = stepSeconds;
        LinkedHashMap<String, Double> ordered = new LinkedHashMap<>();
        COLUMNS.forEach(c -> ordered.put(c, values.get(c)));
        this.values = Collections.unmodifiableMap(ordered);
    }

    /** End of the step. */
    public Instant at()
    {
        return at;
    }

    public double stepSeconds()
    {
        return stepSeconds;
    }

    public double get(String column)
    {
        Double v = values.get(column);
        if (v == null)
            throw new IllegalArgumentException("no figure " + column + "; known: " + COLUMNS);
        return v;
    }

    /** Every figure, in column order. */
    public Map<String, Double> values()
    {
        return values;
    }

    @Override
    public String toString()
    {
        return "NodeSample[" + at + ", " + values + "]";
    }
}
