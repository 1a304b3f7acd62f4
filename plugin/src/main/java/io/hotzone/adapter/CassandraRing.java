package io.hotzone.adapter;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.gms.FailureDetector;
import org.apache.cassandra.locator.InetAddressAndPort;
import org.apache.cassandra.locator.TokenMetadata;
import org.apache.cassandra.metrics.StorageMetrics;
import org.apache.cassandra.metrics.StreamingMetrics;
import org.apache.cassandra.service.ActiveRepairService;
import org.apache.cassandra.service.StorageService;
import org.apache.cassandra.streaming.StreamManager;

import io.hotzone.server.Ring;

/** {@link Ring} over Cassandra 5.0's token metadata, failure detector, stream manager and {@code StorageService.move}. */
final class CassandraRing implements Ring
{
    @Override
    public Map<String, List<Long>> tokens()
    {
        if (!(DatabaseDescriptor.getPartitioner() instanceof org.apache.cassandra.dht.Murmur3Partitioner))
            throw new IllegalStateException("token moves need Murmur3Partitioner; this ring uses " + DatabaseDescriptor.getPartitioner().getClass().getSimpleName());
        TokenMetadata tm = StorageService.instance.getTokenMetadata();
        Map<String, List<Long>> out = new TreeMap<>();
        for (Map.Entry<InetAddressAndPort, Collection<Token>> e : tm.getEndpointToTokenMapForReading().asMap().entrySet())
        {
            List<Long> tokens = new ArrayList<>();
            for (Token t : e.getValue())
                tokens.add((Long) t.getTokenValue());
            out.put(e.getKey().getAddress().getHostAddress(), tokens);
        }
        return out;
    }

    @Override
    public String topologyProblem()
    {
        if (!(DatabaseDescriptor.getPartitioner() instanceof org.apache.cassandra.dht.Murmur3Partitioner))
            return "the partitioner is " + DatabaseDescriptor.getPartitioner().getClass().getSimpleName() + ", not Murmur3Partitioner";
        TokenMetadata tm = StorageService.instance.getTokenMetadata();
        org.apache.cassandra.locator.IEndpointSnitch snitch = DatabaseDescriptor.getEndpointSnitch();
        Set<String> dcs = new java.util.TreeSet<>(), racks = new java.util.TreeSet<>();
        for (InetAddressAndPort a : tm.getEndpointToTokenMapForReading().keySet())
        {
            dcs.add(snitch.getDatacenter(a));
            racks.add(snitch.getDatacenter(a) + ":" + snitch.getRack(a));
        }
        if (dcs.size() > 1)
            return "the ring has " + dcs.size() + " data centers " + dcs + "; HotZone plans moves for one";
        if (racks.size() > 1)
            return "the ring has " + racks.size() + " racks " + racks + "; HotZone plans moves for one (replicas then follow ring order)";
        return "";
    }

    @Override
    public Map<String, String> unsettledNodes()
    {
        TokenMetadata tm = StorageService.instance.getTokenMetadata();
        Map<String, String> out = new LinkedHashMap<>();
        for (InetAddressAndPort a : tm.getEndpointToTokenMapForReading().keySet())
            if (!FailureDetector.instance.isAlive(a))
                out.put(a.getAddress().getHostAddress(), "DOWN");
        for (InetAddressAndPort a : tm.getBootstrapTokens().valueSet())
            out.putIfAbsent(a.getAddress().getHostAddress(), "JOINING");
        for (InetAddressAndPort a : tm.getLeavingEndpoints())
            out.putIfAbsent(a.getAddress().getHostAddress(), "LEAVING");
        for (org.apache.cassandra.utils.Pair<Token, InetAddressAndPort> m : tm.getMovingEndpoints())
            out.putIfAbsent(m.right.getAddress().getHostAddress(), "MOVING");
        return out;
    }

    @Override
    public int activeStreamsAndRepairs()
    {
        return StreamManager.instance.getCurrentStreams().size() + ActiveRepairService.instance().parentRepairSessionsCount();
    }

    @Override
    public long freeDiskBytes()
    {
        Set<FileStore> stores = new HashSet<>();
        long free = 0;
        for (String dir : DatabaseDescriptor.getAllDataFileLocations())
        {
            try
            {
                FileStore store = Files.getFileStore(Path.of(dir));
                if (stores.add(store))
                    free += store.getUsableSpace();
            }
            catch (IOException e)
            {
                // a data directory that cannot be read counts for nothing
            }
        }
        return free;
    }

    @Override
    public long loadBytes()
    {
        return StorageMetrics.load.getCount();
    }

    @Override
    public long streamedInBytes()
    {
        return StreamingMetrics.totalIncomingBytes.getCount();
    }

    @Override
    public long tableBytes(String keyspace, String table)
    {
        org.apache.cassandra.schema.TableMetadata metadata = org.apache.cassandra.schema.Schema.instance.getTableMetadata(keyspace, table);
        org.apache.cassandra.db.ColumnFamilyStore cfs = metadata == null ? null : org.apache.cassandra.schema.Schema.instance.getColumnFamilyStoreInstance(metadata.id);
        return cfs == null ? 0 : cfs.metric.liveDiskSpaceUsed.getCount();
    }

    @Override
    public double streamBytesPerSecond()
    {
        return org.apache.cassandra.config.DatabaseDescriptor.getStreamThroughputOutboundBytesPerSec();
    }

    @Override
    public java.time.Duration ringDelay()
    {
        return java.time.Duration.ofMillis(StorageService.RING_DELAY_MILLIS);
    }

    @Override
    public int replicationFactor(String keyspace)
    {
        org.apache.cassandra.db.Keyspace ks = org.apache.cassandra.schema.Schema.instance.getKeyspaceInstance(keyspace);
        return ks == null ? 0 : ks.getReplicationStrategy().getReplicationFactor().allReplicas;
    }

    @Override
    public void move(long token) throws Exception
    {
        StorageService.instance.move(Long.toString(token));
    }
}
