package io.hotzone.adapter;

import java.util.Optional;

import org.apache.cassandra.concurrent.Stage;
import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.db.compaction.CompactionManager;
import org.apache.cassandra.metrics.ClientRequestsMetricsHolder;
import org.apache.cassandra.net.InboundMessageHandlers;
import org.apache.cassandra.net.MessagingService;
import org.apache.cassandra.net.OutboundConnections;
import org.apache.cassandra.service.CacheService;
import org.apache.cassandra.service.StorageService;
import org.apache.cassandra.transport.ClientResourceLimits;

import io.hotzone.server.Knob;
import io.hotzone.server.NodeCounters;
import io.hotzone.server.NodeResources;

/** The knobs through the same operations nodetool's set* commands call over JMX; counters from Cassandra's metrics. */
final class CassandraResources implements NodeResources
{
    private static final long MIB = 1L << 20;

    @Override
    public long current(Knob knob)
    {
        switch (knob)
        {
            case COMPACTION_THROUGHPUT: return DatabaseDescriptor.getCompactionThroughputMebibytesPerSecAsInt();
            case CONCURRENT_COMPACTORS: return CompactionManager.instance.getCoreCompactorThreads();
            case STREAM_THROUGHPUT: return DatabaseDescriptor.getStreamThroughputOutboundMebibytesPerSecAsInt();
            case ENTIRE_SSTABLE_STREAM_THROUGHPUT: return (long) DatabaseDescriptor.getEntireSSTableStreamThroughputOutboundMebibytesPerSec();
            case KEY_CACHE: return CacheService.instance.keyCache.getCapacity() / MIB;
            case ROW_CACHE: return CacheService.instance.rowCache.getCapacity() / MIB;
            case READ_CONCURRENCY: return Stage.READ.getMaximumPoolSize();
            case WRITE_CONCURRENCY: return Stage.MUTATION.getMaximumPoolSize();
            case NATIVE_TRANSPORT_MIB: return ClientResourceLimits.getGlobalLimit() / MIB;
            default: throw new IllegalArgumentException(knob.key() + " is not a Cassandra setting");
        }
    }

    @Override
    public long ceiling(Knob knob)
    {
        switch (knob)
        {
            case CONCURRENT_COMPACTORS: return Math.min(knob.max(), Runtime.getRuntime().availableProcessors());
            case KEY_CACHE:
            case ROW_CACHE: return Math.min(knob.max(), Runtime.getRuntime().maxMemory() / 4 / MIB);
            default: return knob.max();
        }
    }

    @Override
    public Optional<String> unavailable(Knob knob)
    {
        if (knob.osLevel())
            return Optional.of(knob.key() + " is not a Cassandra setting");
        if (knob == Knob.ROW_CACHE && DatabaseDescriptor.getRowCacheSizeInMiB() == 0)
            return Optional.of("row_cache_size is 0 in cassandra.yaml: the node started without a row cache");
        return Optional.empty();
    }

    @Override
    public void set(Knob knob, long value)
    {
        switch (knob)
        {
            case COMPACTION_THROUGHPUT: StorageService.instance.setCompactionThroughputMbPerSec(Math.toIntExact(value)); break;
            case CONCURRENT_COMPACTORS: StorageService.instance.setConcurrentCompactors(Math.toIntExact(value)); break;
            case STREAM_THROUGHPUT: StorageService.instance.setStreamThroughputMebibytesPerSec(Math.toIntExact(value)); break;
            case ENTIRE_SSTABLE_STREAM_THROUGHPUT: StorageService.instance.setEntireSSTableStreamThroughputMebibytesPerSec(Math.toIntExact(value)); break;
            case KEY_CACHE: CacheService.instance.setKeyCacheCapacityInMB(value); break;
            case ROW_CACHE: CacheService.instance.setRowCacheCapacityInMB(value); break;
            case READ_CONCURRENCY: StorageService.instance.setConcurrency(Stage.READ.jmxName, -1, Math.toIntExact(value)); break;
            case WRITE_CONCURRENCY: StorageService.instance.setConcurrency(Stage.MUTATION.jmxName, -1, Math.toIntExact(value)); break;
            case NATIVE_TRANSPORT_MIB: StorageService.instance.setNativeTransportMaxConcurrentRequestsInBytes(value * MIB); break;
            default: throw new IllegalArgumentException(knob.key() + " is not a Cassandra setting");
        }
    }

    @Override
    public NodeCounters counters()
    {
        long in = 0, out = 0;
        for (InboundMessageHandlers h : MessagingService.instance().messageHandlers.values())
            in += h.receivedBytes();
        for (OutboundConnections c : MessagingService.instance().channelManagers.values())
            out += c.small.sentBytes() + c.large.sentBytes() + c.urgent.sentBytes();
        return new NodeCounters(Stage.READ.executor().getActiveTaskCount(), Stage.READ.executor().getPendingTaskCount(),
                                Stage.MUTATION.executor().getActiveTaskCount(), Stage.MUTATION.executor().getPendingTaskCount(),
                                CompactionManager.instance.getPendingTasks(),
                                ClientRequestsMetricsHolder.readMetrics.latency.getCount(),
                                ClientRequestsMetricsHolder.writeMetrics.latency.getCount(), in, out);
    }
}
