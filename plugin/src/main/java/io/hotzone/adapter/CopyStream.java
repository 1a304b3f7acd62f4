package io.hotzone.adapter;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.cassandra.db.ColumnFamilyStore;
import org.apache.cassandra.db.Keyspace;
import org.apache.cassandra.db.SerializationHeader;
import org.apache.cassandra.db.rows.EncodingStats;
import org.apache.cassandra.db.rows.UnfilteredRowIterator;
import org.apache.cassandra.db.streaming.CassandraOutgoingFile;
import org.apache.cassandra.dht.Bounds;
import org.apache.cassandra.dht.Range;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.io.sstable.Descriptor;
import org.apache.cassandra.io.sstable.SSTableTxnWriter;
import org.apache.cassandra.io.sstable.format.SSTableReader;
import org.apache.cassandra.locator.AbstractReplicationStrategy;
import org.apache.cassandra.locator.InetAddressAndPort;
import org.apache.cassandra.locator.Replica;
import org.apache.cassandra.locator.TokenMetadata;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.ActiveRepairService;
import org.apache.cassandra.service.StorageService;
import org.apache.cassandra.streaming.OutgoingStream;
import org.apache.cassandra.streaming.PreviewKind;
import org.apache.cassandra.streaming.SessionInfo;
import org.apache.cassandra.streaming.StreamException;
import org.apache.cassandra.streaming.StreamOperation;
import org.apache.cassandra.streaming.StreamPlan;
import org.apache.cassandra.streaming.StreamResultFuture;
import org.apache.cassandra.streaming.StreamState;
import org.apache.cassandra.utils.FBUtilities;

import io.hotzone.server.Mirrors;

/**
 * A copy pass as Cassandra streaming, for a node that is a mirror replica of everything it copies (the usual case: the
 * mirror keyspace's replicas of a token include its source replicas). Every partition is appended to one new sstable of
 * the mirror table; the sstable streams to each other mirror replica (natural or pending) the sections in its ranges,
 * as {@code sstableloader} does, then joins this node's own mirror table. No replica pays a commit-log append, a
 * memtable insert and a message per partition, which bound {@link CopyPush}; a partition of any size is written row by
 * row, never held whole. A replica whose stream session failed or did not end in time missed the pass.
 */
final class CopyStream implements CopySink
{
    private static final Logger logger = LoggerFactory.getLogger(CopyStream.class);
    /** Time a stream gets before its replicas count as missed: a base, plus one second per MiB sent. */
    private static final long BASE_TIMEOUT_MILLIS = 60_000;

    private final ColumnFamilyStore mirror;
    private final SSTableTxnWriter writer;
    private final MirrorCopy copy;
    private long partitions, bytes, streamMillis;

    CopyStream(TableMetadata mirrorTable, long expectedKeys)
    {
        mirror = Keyspace.open(mirrorTable.keyspace).getColumnFamilyStore(mirrorTable.id);
        copy = new MirrorCopy(mirrorTable);
        Descriptor descriptor = mirror.newSSTableDescriptor(mirror.getDirectories().getDirectoryForNewSSTables());
        SerializationHeader header = new SerializationHeader(true, mirrorTable, mirrorTable.regularAndStaticColumns(), EncodingStats.NO_STATS);
        writer = SSTableTxnWriter.create(mirror, descriptor, Math.max(1, expectedKeys), ActiveRepairService.UNREPAIRED_SSTABLE, null, false, header);
    }

    @Override
    public long send(UnfilteredRowIterator partition, Token token)
    {
        long[] size = { 0 };
        writer.append(copy.moved(partition, size));
        partitions++;
        bytes += size[0];
        return size[0];
    }

    @Override
    public Set<String> finish()
    {
        if (partitions == 0)
        {
            writer.abort();
            return Set.of();
        }
        Collection<SSTableReader> written = writer.finish(true);
        Set<InetAddressAndPort> missed = new LinkedHashSet<>();
        try
        {
            stream(written, missed);
        }
        finally
        {
            mirror.addSSTables(written); // this node is a mirror replica of every partition written
            // As Cassandra's stream receiver does: a cached partition must not hide what the new sstable adds.
            if (mirror.isRowCacheEnabled())
            {
                List<Bounds<Token>> bounds = new ArrayList<>();
                written.forEach(s -> bounds.add(new Bounds<>(s.getFirst().getToken(), s.getLast().getToken())));
                mirror.invalidateRowCache(Bounds.getNonOverlappingBounds(bounds));
            }
        }
        Set<String> out = new LinkedHashSet<>();
        missed.forEach(a -> out.add(a.getAddress().getHostAddress()));
        return out;
    }

    @Override
    public void abort()
    {
        writer.abort(); // deletes the partial sstable
    }

    private void stream(Collection<SSTableReader> written, Set<InetAddressAndPort> missed)
    {
        StreamPlan plan = new StreamPlan(StreamOperation.BULK_LOAD, 1, false, null, PreviewKind.NONE);
        Set<InetAddressAndPort> targets = new LinkedHashSet<>();
        for (Map.Entry<InetAddressAndPort, List<Range<Token>>> peer : otherReplicaRanges().entrySet())
        {
            List<OutgoingStream> streams = new ArrayList<>();
            for (SSTableReader sstable : written)
            {
                List<SSTableReader.PartitionPositionBounds> sections = sstable.getPositionsForRanges(peer.getValue());
                if (!sections.isEmpty()) // an empty stream fails the session (CASSANDRA-16349)
                    streams.add(new CassandraOutgoingFile(StreamOperation.BULK_LOAD, sstable.ref(), sections, peer.getValue(),
                                                          sstable.estimatedKeysForRanges(peer.getValue())));
            }
            if (!streams.isEmpty())
            {
                plan.transferStreams(peer.getKey(), streams);
                targets.add(peer.getKey());
            }
        }
        if (targets.isEmpty())
            return;
        long started = System.nanoTime();
        StreamResultFuture future = plan.execute();
        long timeout = BASE_TIMEOUT_MILLIS + (bytes >> 20) * 1000;
        try
        {
            failed(future.get(timeout, TimeUnit.MILLISECONDS), targets, missed);
        }
        catch (ExecutionException e)
        {
            if (e.getCause() instanceof StreamException && ((StreamException) e.getCause()).finalState != null)
                failed(((StreamException) e.getCause()).finalState, targets, missed);
            else
                missed.addAll(targets);
            logger.warn("HotZone: streaming a copy of {} to {} failed: {}", mirror.metadata(), targets, String.valueOf(e.getCause()));
        }
        catch (TimeoutException e)
        {
            missed.addAll(targets);
            logger.warn("HotZone: streaming a copy of {} to {} did not end within {} ms", mirror.metadata(), targets, timeout);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            missed.addAll(targets);
        }
        finally
        {
            streamMillis = (System.nanoTime() - started) / 1_000_000;
        }
    }

    @Override
    public long streamMillis()
    {
        return streamMillis;
    }

    /** Every target whose session did not complete (or has none in the final state) missed the pass. */
    private static void failed(StreamState state, Set<InetAddressAndPort> targets, Set<InetAddressAndPort> missed)
    {
        Set<InetSocketAddress> completed = new LinkedHashSet<>();
        for (SessionInfo session : state.sessions)
            if (!session.isFailed() && !session.isAborted())
                completed.add(session.peer);
        for (InetAddressAndPort target : targets)
            if (!completed.contains(new InetSocketAddress(target.getAddress(), target.getPort())))
                missed.add(target);
    }

    /** Each other mirror replica with the normalized ranges it holds or is about to hold (a joining node's pending ones). */
    private static Map<InetAddressAndPort, List<Range<Token>>> otherReplicaRanges()
    {
        AbstractReplicationStrategy strategy = Keyspace.open(Mirrors.KEYSPACE).getReplicationStrategy();
        TokenMetadata ring = StorageService.instance.getTokenMetadata();
        InetAddressAndPort me = FBUtilities.getBroadcastAddressAndPort();
        Map<InetAddressAndPort, List<Range<Token>>> ranges = new LinkedHashMap<>();
        for (Map.Entry<InetAddressAndPort, Replica> e : strategy.getAddressReplicas().flattenEntries())
            ranges.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue().range());
        for (Map.Entry<Range<Token>, Replica> e : ring.getPendingRangesMM(Mirrors.KEYSPACE).flattenEntries())
            ranges.computeIfAbsent(e.getValue().endpoint(), k -> new ArrayList<>()).add(e.getKey());
        ranges.remove(me);
        ranges.replaceAll((peer, r) -> Range.normalize(r));
        return ranges;
    }
}
