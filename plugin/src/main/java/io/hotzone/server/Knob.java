package io.hotzone.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A node setting the resource allocator may reserve, named as in {@code hotzone.yaml} and {@code hotzone.reservations}.
 * Each maps to the operation its nodetool command uses (given in {@link #nodetool}); values are whole numbers in
 * {@link #unit}. {@link #min} and {@link #max} are the bounds any node accepts; a node may accept less (its
 * {@link NodeResources#ceiling}).
 */
public enum Knob
{
    /** Compaction throughput, MiB/s; 0 means unthrottled. Lower it to defer background work on a node about to be hot. */
    COMPACTION_THROUGHPUT("MiB/s", 0, 65_536, "setcompactionthroughput"),
    /** Concurrent compactors (threads); at most the node's processors. */
    CONCURRENT_COMPACTORS("threads", 1, 256, "setconcurrentcompactors"),
    /** Outbound stream throughput, MiB/s; 0 means unthrottled. */
    STREAM_THROUGHPUT("MiB/s", 0, 65_536, "setstreamthroughput -m"),
    /**
     * Outbound throughput of entire-sstable (zero-copy) streams, MiB/s; 0 means unthrottled. A zone copy streams whole
     * sstables when the mirror keyspace is on every node, so this, not {@link #STREAM_THROUGHPUT}, bounds it there.
     */
    ENTIRE_SSTABLE_STREAM_THROUGHPUT("MiB/s", 0, 65_536, "setstreamthroughput -e -m"),
    /** Key cache capacity, MiB; at most a quarter of the heap. */
    KEY_CACHE("MiB", 0, 1 << 20, "setcachecapacity (key)"),
    /** Row cache capacity, MiB; unavailable when cassandra.yaml starts the node without a row cache. */
    ROW_CACHE("MiB", 0, 1 << 20, "setcachecapacity (row)"),
    /** Maximum threads of ReadStage. */
    READ_CONCURRENCY("threads", 1, 1024, "setconcurrency ReadStage"),
    /** Maximum threads of MutationStage. */
    WRITE_CONCURRENCY("threads", 1, 1024, "setconcurrency MutationStage"),
    /** native_transport_max_concurrent_requests_in_bytes, MiB: client request bytes in flight before back-pressure. */
    NATIVE_TRANSPORT_MIB("MiB", 1, 1 << 20, "native_transport_max_concurrent_requests_in_bytes"),
    /**
     * CPU quota of the node's own cgroup, millicores (1000 = one core); 0 means unlimited, else at least 100. Only where
     * the operator enabled it ({@code resources.cgroups}) and the cgroup holds the node's JVM alone.
     */
    CPU_QUOTA("millicores", 0, 1_024_000, "cgroup cpu.max / cpu.cfs_quota_us", true),
    /** CPU weight of the node's own cgroup against its siblings, 1..10000 (100 = the default share); same conditions. */
    CPU_WEIGHT("weight", 1, 10_000, "cgroup cpu.weight / cpu.shares", true);

    /** The lowest CPU quota HotZone sets: a tenth of a core still lets a node answer gossip and JMX. */
    public static final long MIN_CPU_QUOTA = 100;

    private final String unit;
    private final long min;
    private final long max;
    private final String nodetool;
    private final boolean osLevel;

    Knob(String unit, long min, long max, String nodetool)
    {
        this(unit, min, max, nodetool, false);
    }

    Knob(String unit, long min, long max, String nodetool, boolean osLevel)
    {
        this.osLevel = osLevel;
        this.unit = unit;
        this.min = min;
        this.max = max;
        this.nodetool = nodetool;
    }

    /** Whether the knob is an operating-system resource of the node's process (its cgroup) rather than a Cassandra setting. */
    public boolean osLevel()
    {
        return osLevel;
    }

    /** The name used in hotzone.yaml, the tables and the commands: {@code compaction_throughput}. */
    public String key()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public String unit()
    {
        return unit;
    }

    public long min()
    {
        return min;
    }

    public long max()
    {
        return max;
    }

    /** The stock nodetool command (or cassandra.yaml setting) that sets the same thing. */
    public String nodetool()
    {
        return nodetool;
    }

    /** @throws IllegalArgumentException naming the known knobs */
    public static Knob of(String key)
    {
        for (Knob k : values())
            if (k.key().equals(key.trim().toLowerCase(Locale.ROOT)))
                return k;
        throw new IllegalArgumentException("unknown knob '" + key + "'; known: " + known());
    }

    public static String known()
    {
        return Arrays.stream(values()).map(Knob::key).collect(Collectors.joining(", "));
    }

    /**
     * The value checked against the bounds any node accepts and this node's ceiling.
     *
     * @throws IllegalArgumentException saying which bound it breaks
     */
    public long check(long value, long ceiling)
    {
        if (value < min)
            throw new IllegalArgumentException(key() + " must be at least " + min + " " + unit + ", got " + value);
        if (this == CPU_QUOTA && value > 0 && value < MIN_CPU_QUOTA)
            throw new IllegalArgumentException(key() + " must be 0 (unlimited) or at least " + MIN_CPU_QUOTA + " " + unit + ", got " + value);
        long limit = Math.min(max, ceiling);
        if (value > limit)
            throw new IllegalArgumentException(key() + " must be at most " + limit + " " + unit
                                               + (ceiling < max ? " on this node" : "") + ", got " + value);
        return value;
    }
}
