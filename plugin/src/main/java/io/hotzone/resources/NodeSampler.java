package io.hotzone.resources;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.hotzone.server.NodeCounters;
import io.hotzone.server.NodeResources;

/**
 * Samples this node's load every step from the JVM's MXBeans, {@code /proc/self/io} and Cassandra's own metrics; keeps
 * the recent samples for {@code hotzone_views.node_metrics} and hands each to a sink (the {@code hotzone.node_metrics}
 * writer). The first call only takes the starting point of the cumulative counters.
 */
public final class NodeSampler
{
    private static final Path PROC_IO = Path.of("/proc/self/io");

    private final NodeResources node;
    private final Supplier<Instant> clock;
    private final int keep;
    private final Consumer<NodeSample> sink;
    private final BiConsumer<String, Throwable> onError;
    private final Deque<NodeSample> recent = new ArrayDeque<>();
    private Raw previous;

    /** Cumulative figures at one moment. */
    private static final class Raw
    {
        final long nanos, cpuNanos, gcMillis, diskRead, diskWrite;
        final NodeCounters counters;

        Raw(long nanos, long cpuNanos, long gcMillis, long diskRead, long diskWrite, NodeCounters counters)
        {
            this.nanos = nanos;
            this.cpuNanos = cpuNanos;
            this.gcMillis = gcMillis;
            this.diskRead = diskRead;
            this.diskWrite = diskWrite;
            this.counters = counters;
        }
    }

    /** @param keep samples kept in memory for the virtual table */
    public NodeSampler(NodeResources node, Supplier<Instant> clock, int keep, Consumer<NodeSample> sink, BiConsumer<String, Throwable> onError)
    {
        this.node = node;
        this.clock = clock;
        this.keep = keep;
        this.sink = sink;
        this.onError = onError;
    }

    /** Takes one sample (none on the first call); never throws. */
    public void sample()
    {
        try
        {
            Raw now = raw();
            Raw before = previous;
            previous = now;
            if (before == null)
                return;
            NodeSample s = between(before, now);
            synchronized (recent)
            {
                recent.addLast(s);
                while (recent.size() > keep)
                    recent.removeFirst();
            }
            sink.accept(s);
        }
        catch (RuntimeException e)
        {
            onError.accept("cannot sample node metrics", e);
        }
    }

    /** The kept samples, oldest first. */
    public List<NodeSample> recent()
    {
        synchronized (recent)
        {
            return new ArrayList<>(recent);
        }
    }

    private Raw raw()
    {
        long gc = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans())
            gc += Math.max(0, b.getCollectionTime());
        long[] io = procIo();
        return new Raw(System.nanoTime(), processCpuNanos(), gc, io[0], io[1], node.counters());
    }

    private NodeSample between(Raw a, Raw b)
    {
        double seconds = Math.max(1e-3, (b.nanos - a.nanos) / 1e9);
        Map<String, Double> v = new HashMap<>();
        v.put(NodeSample.CPU_PROCESS, a.cpuNanos < 0 || b.cpuNanos < 0 ? -1 : (b.cpuNanos - a.cpuNanos) / 1e9 / seconds);
        v.put(NodeSample.CPU_SYSTEM, systemCpuLoad());
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        v.put(NodeSample.HEAP_USED, (double) memory.getHeapMemoryUsage().getUsed());
        v.put(NodeSample.HEAP_MAX, (double) memory.getHeapMemoryUsage().getMax());
        v.put(NodeSample.OFF_HEAP, (double) offHeap());
        v.put(NodeSample.GC_SHARE, Math.min(1, (b.gcMillis - a.gcMillis) / 1e3 / seconds));
        v.put(NodeSample.NET_IN, (b.counters.internodeBytesIn - a.counters.internodeBytesIn) / seconds);
        v.put(NodeSample.NET_OUT, (b.counters.internodeBytesOut - a.counters.internodeBytesOut) / seconds);
        v.put(NodeSample.DISK_READ, a.diskRead < 0 || b.diskRead < 0 ? -1 : (b.diskRead - a.diskRead) / seconds);
        v.put(NodeSample.DISK_WRITE, a.diskWrite < 0 || b.diskWrite < 0 ? -1 : (b.diskWrite - a.diskWrite) / seconds);
        v.put(NodeSample.READ_ACTIVE, (double) b.counters.readActive);
        v.put(NodeSample.READ_PENDING, (double) b.counters.readPending);
        v.put(NodeSample.WRITE_ACTIVE, (double) b.counters.writeActive);
        v.put(NodeSample.WRITE_PENDING, (double) b.counters.writePending);
        v.put(NodeSample.COMPACTIONS_PENDING, (double) b.counters.compactionsPending);
        v.put(NodeSample.CLIENT_READS, (b.counters.clientReads - a.counters.clientReads) / seconds);
        v.put(NodeSample.CLIENT_WRITES, (b.counters.clientWrites - a.counters.clientWrites) / seconds);
        return new NodeSample(clock.get(), seconds, v);
    }

    private static long processCpuNanos()
    {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    @SuppressWarnings("deprecation") // getCpuLoad() is Java 14+; the plugin runs on Java 11 too
    private static double systemCpuLoad()
    {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getSystemCpuLoad() : -1;
    }

    private static long offHeap()
    {
        long bytes = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
            bytes += Math.max(0, pool.getMemoryUsed());
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
            if (pool.getType() == MemoryType.NON_HEAP)
                bytes += Math.max(0, pool.getUsage().getUsed());
        return bytes;
    }

    /** read_bytes and write_bytes of {@code /proc/self/io} (what reached the block layer), or -1 where unreadable. */
    private static long[] procIo()
    {
        long[] out = { -1, -1 };
        try
        {
            for (String line : Files.readAllLines(PROC_IO))
            {
                if (line.startsWith("read_bytes:"))
                    out[0] = Long.parseLong(line.substring(11).trim());
                else if (line.startsWith("write_bytes:"))
                    out[1] = Long.parseLong(line.substring(12).trim());
            }
        }
        catch (IOException | RuntimeException e)
        {
            return new long[]{ -1, -1 };
        }
        return out;
    }
}
