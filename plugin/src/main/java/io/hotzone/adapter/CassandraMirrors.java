package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.cassandra.cql3.ColumnIdentifier;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.db.ColumnFamilyStore;
import org.apache.cassandra.db.ConsistencyLevel;
import org.apache.cassandra.db.DataRange;
import org.apache.cassandra.db.DecoratedKey;
import org.apache.cassandra.db.PartitionPosition;
import org.apache.cassandra.dht.AbstractBounds;
import org.apache.cassandra.db.Keyspace;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.PartitionRangeReadCommand;
import org.apache.cassandra.db.ReadCommand;
import org.apache.cassandra.db.ReadExecutionController;
import org.apache.cassandra.db.SinglePartitionReadCommand;
import org.apache.cassandra.db.marshal.UserType;
import org.apache.cassandra.db.partitions.PartitionUpdate;
import org.apache.cassandra.db.partitions.UnfilteredPartitionIterator;
import org.apache.cassandra.db.rows.UnfilteredRowIterator;
import org.apache.cassandra.dht.Murmur3Partitioner;
import org.apache.cassandra.dht.Range;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.exceptions.UnavailableException;
import org.apache.cassandra.gms.FailureDetector;
import org.apache.cassandra.locator.InetAddressAndPort;
import org.apache.cassandra.locator.Replica;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.SchemaConstants;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.StorageProxy;
import org.apache.cassandra.service.StorageService;
import org.apache.cassandra.transport.Dispatcher;
import org.apache.cassandra.utils.FBUtilities;

import io.hotzone.capture.TableRef;
import io.hotzone.server.Mirrors;

/** {@link Mirrors} on Cassandra 5.0: schema through internal CQL, the copy through local reads and StorageProxy writes. */
public final class CassandraMirrors implements Mirrors
{
    /** Mutations in flight per StorageProxy call during a copy (each call waits for all of them), and their size cap. */
    private static final int PUSH_BATCH = 256;
    private static final long PUSH_BYTES = 4L << 20;

    private final CassandraServer server;

    public CassandraMirrors(CassandraServer server)
    {
        this.server = server;
    }

    @Override
    public String unsupportedReason(TableRef source)
    {
        TableMetadata tm = Schema.instance.getTableMetadata(source.keyspace(), source.table());
        if (tm == null || tm.isVirtual())
            return "unknown table " + source;
        if (SchemaConstants.isSystemKeyspace(source.keyspace()) || source.keyspace().startsWith("hotzone"))
            return source + " is a system table";
        if (tm.isCounter())
            return source + " is a counter table (Cassandra cannot apply counter updates and trigger mutations together)";
        if (tm.isView())
            return source + " is a materialized view";
        if (tm.columns().stream().anyMatch(c -> c.type.unwrap() instanceof UserType || c.type.toString().contains("UserType")))
            return source + " has user-defined type columns, not supported by mirror tables yet";
        if (tm.hasMaskedColumns())
            return source + " has masked columns";
        return null;
    }

    @Override
    public void ensureKeyspace(int replicasPerDc)
    {
        Map<String, Integer> wanted = new TreeMap<>();
        server.datacenterSizes().forEach((dc, size) -> wanted.put(dc, replicasPerDc == 0 ? size : Math.min(replicasPerDc, size)));
        KeyspaceMetadata ks = Schema.instance.getKeyspaceMetadata(KEYSPACE);
        if (ks != null && server.replicationOf(KEYSPACE).equals(wanted))
            return;
        String replication = wanted.entrySet().stream().map(e -> "'" + e.getKey() + "': " + e.getValue()).collect(Collectors.joining(", "));
        if (ks == null)
            ddl("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE + " WITH replication = {'class': 'NetworkTopologyStrategy', " + replication + "}");
        else
            ddl("ALTER KEYSPACE " + KEYSPACE + " WITH replication = {'class': 'NetworkTopologyStrategy', " + replication + "}");
    }

    @Override
    public void ensureTable(TableRef source, String mirrorTable)
    {
        TableMetadata src = table(source);
        TableMetadata mirror = Schema.instance.getTableMetadata(KEYSPACE, mirrorTable);
        if (mirror == null)
        {
            StringBuilder cql = new StringBuilder("CREATE TABLE IF NOT EXISTS " + KEYSPACE + "." + mirrorTable + " (");
            for (ColumnMetadata c : src.columns())
                cql.append(c.name.toCQLString()).append(' ').append(c.type.asCQL3Type()).append(c.isStatic() ? " static" : "").append(", ");
            cql.append("PRIMARY KEY ((").append(names(src.partitionKeyColumns())).append(')');
            if (!src.clusteringColumns().isEmpty())
                cql.append(", ").append(names(src.clusteringColumns()));
            cql.append(")) WITH ");
            if (!src.clusteringColumns().isEmpty())
                cql.append("CLUSTERING ORDER BY (").append(src.clusteringColumns().stream()
                                                              .map(c -> c.name.toCQLString() + (" " + c.clusteringOrder()))
                                                              .collect(Collectors.joining(", "))).append(") AND ");
            cql.append("gc_grace_seconds = ").append(src.params.gcGraceSeconds)
               .append(" AND allow_auto_snapshot = false AND comment = 'HotZone mirror of ").append(source).append("'");
            ddl(cql.toString());
            return;
        }
        // Columns added or dropped on the source since: follow (a type change cannot happen in 5.0).
        for (ColumnMetadata c : src.regularAndStaticColumns())
            if (mirror.getColumn(c.name) == null)
                ddl("ALTER TABLE " + KEYSPACE + "." + mirrorTable + " ADD " + c.name.toCQLString() + " " + c.type.asCQL3Type() + (c.isStatic() ? " static" : ""));
        for (ColumnMetadata c : mirror.regularAndStaticColumns())
            if (src.getColumn(c.name) == null)
                ddl("ALTER TABLE " + KEYSPACE + "." + mirrorTable + " DROP " + c.name.toCQLString());
    }

    @Override
    public boolean tableReady(TableRef source, String mirrorTable)
    {
        TableMetadata src = Schema.instance.getTableMetadata(source.keyspace(), source.table());
        TableMetadata mirror = Schema.instance.getTableMetadata(KEYSPACE, mirrorTable);
        if (src == null || mirror == null || src.columns().size() != mirror.columns().size())
            return false;
        for (ColumnMetadata c : src.columns())
        {
            ColumnMetadata m = mirror.getColumn(c.name);
            if (m == null || m.kind != c.kind || !m.type.equals(c.type))
                return false;
        }
        return true;
    }

    @Override
    public void dropTable(String mirrorTable)
    {
        ddl("DROP TABLE IF EXISTS " + KEYSPACE + "." + mirrorTable);
    }

    @Override
    public void setTrigger(TableRef source, boolean on)
    {
        TableMetadata tm = Schema.instance.getTableMetadata(source.keyspace(), source.table());
        if (tm == null || tm.triggers.get(MirrorTrigger.NAME).isPresent() == on)
            return; // already so: the leader calls this every plan_poll, and a schema statement is not free
        String table = ColumnIdentifier.maybeQuote(source.keyspace()) + "." + ColumnIdentifier.maybeQuote(source.table());
        if (on)
            ddl("CREATE TRIGGER IF NOT EXISTS " + MirrorTrigger.NAME + " ON " + table + " USING '" + MirrorTrigger.class.getName() + "'");
        else
            ddl("DROP TRIGGER IF EXISTS " + MirrorTrigger.NAME + " ON " + table);
    }

    @Override
    public List<String> ringNodes()
    {
        return StorageService.instance.getTokenMetadata().getAllEndpoints().stream().map(a -> a.getAddress().getHostAddress()).sorted().collect(Collectors.toList());
    }

    @Override
    public Set<String> liveNodes()
    {
        Set<String> live = new HashSet<>();
        for (InetAddressAndPort a : StorageService.instance.getTokenMetadata().getAllEndpoints())
            if (FailureDetector.instance.isAlive(a))
                live.add(a.getAddress().getHostAddress());
        return live;
    }

    @Override
    public Set<String> sourceReplicas(TableRef source, long token)
    {
        Set<String> out = new HashSet<>();
        for (Replica r : Keyspace.open(source.keyspace()).getReplicationStrategy().getNaturalReplicasForToken(new Murmur3Partitioner.LongToken(token)))
            out.add(r.endpoint().getAddress().getHostAddress());
        return out;
    }

    @Override
    public boolean isLocalMirrorReplica(long token)
    {
        if (Schema.instance.getKeyspaceMetadata(KEYSPACE) == null)
            return false;
        return Keyspace.open(KEYSPACE).getReplicationStrategy().getNaturalReplicasForToken(new Murmur3Partitioner.LongToken(token))
                       .endpoints().contains(FBUtilities.getBroadcastAddressAndPort());
    }

    @Override
    public Copied copyKeys(TableRef source, String mirrorTable, List<byte[]> keys)
    {
        TableMetadata src = table(source);
        TableMetadata mirror = mirrorTable(mirrorTable);
        long now = FBUtilities.nowInSeconds();
        List<Mutation> pending = new ArrayList<>();
        Copied total = new Copied(0, 0);
        long pendingBytes = 0;
        for (byte[] key : keys)
        {
            ByteBuffer k = ByteBuffer.wrap(key);
            if (!isLocalReplica(src, src.partitioner.getToken(k)))
                continue;
            Copied one = read(SinglePartitionReadCommand.fullPartitionRead(src, now, k), mirror, pending, Integer.MAX_VALUE, new DecoratedKey[1]);
            total = total.plus(one);
            pendingBytes += one.bytes();
            if (pending.size() >= PUSH_BATCH || pendingBytes >= PUSH_BYTES)
            {
                push(pending);
                pendingBytes = 0;
            }
        }
        push(pending);
        return total;
    }

    @Override
    public Copied copyRange(TableRef source, String mirrorTable, long start, long end)
    {
        TableMetadata src = table(source);
        TableMetadata mirror = mirrorTable(mirrorTable);
        long now = FBUtilities.nowInSeconds();
        List<Mutation> pending = new ArrayList<>();
        Copied total = new Copied(0, 0);
        // (start - 1, end] is the inclusive [start, end]; Range handles the wrap-around.
        Token left = new Murmur3Partitioner.LongToken(start == Long.MIN_VALUE ? Long.MIN_VALUE : start - 1);
        for (Range<Token> r : new Range<>(left, new Murmur3Partitioner.LongToken(end)).unwrap())
        {
            // In pages of PUSH_BATCH partitions, so a large range never sits in memory or holds a read open while pushing.
            AbstractBounds<PartitionPosition> bounds = DataRange.forTokenRange(r).keyRange();
            while (true)
            {
                PartitionRangeReadCommand cmd = PartitionRangeReadCommand.allDataRead(src, now).forSubRange(bounds, true);
                DecoratedKey[] last = new DecoratedKey[1];
                total = total.plus(read(cmd, mirror, pending, PUSH_BATCH, last));
                push(pending);
                if (last[0] == null)
                    break;
                bounds = new Range<>(last[0], bounds.right);
            }
        }
        return total;
    }

    @Override
    public long meanPartitionBytes(TableRef source)
    {
        TableMetadata tm = Schema.instance.getTableMetadata(source.keyspace(), source.table());
        if (tm == null)
            return 0;
        ColumnFamilyStore cfs = ColumnFamilyStore.getIfExists(tm.id);
        return cfs == null ? 0 : (long) Math.max(0, cfs.getMeanPartitionSize());
    }

    /**
     * Reads this node's data (with tombstones) and queues one mirror mutation per partition this node is a replica of;
     * stops after {@code maxPartitions} partitions, leaving the last key read in {@code last[0]} (null when done).
     */
    private Copied read(ReadCommand cmd, TableMetadata mirror, List<Mutation> out, int maxPartitions, DecoratedKey[] last)
    {
        long partitions = 0, bytes = 0;
        int seen = 0;
        last[0] = null;
        try (ReadExecutionController controller = cmd.executionController(); UnfilteredPartitionIterator it = cmd.executeLocally(controller))
        {
            while (it.hasNext())
            {
                if (seen++ == maxPartitions)
                    return new Copied(partitions, bytes);
                try (UnfilteredRowIterator partition = it.next())
                {
                    last[0] = partition.partitionKey();
                    if (!isLocalReplica(cmd.metadata(), partition.partitionKey().getToken()))
                        continue;
                    PartitionUpdate update = MirrorCopy.of(partition, mirror);
                    if (update.isEmpty())
                        continue;
                    out.add(new Mutation(update));
                    partitions++;
                    bytes += update.dataSize();
                }
            }
        }
        last[0] = null;
        return new Copied(partitions, bytes);
    }

    /** To every mirror replica: acknowledged by all when all are up, else by one (the others get hints and copy again). */
    private static void push(List<Mutation> mutations)
    {
        if (mutations.isEmpty())
            return;
        try
        {
            StorageProxy.mutate(List.copyOf(mutations), ConsistencyLevel.ALL, Dispatcher.RequestTime.forImmediateExecution());
        }
        catch (UnavailableException e)
        {
            StorageProxy.mutate(List.copyOf(mutations), ConsistencyLevel.ONE, Dispatcher.RequestTime.forImmediateExecution());
        }
        mutations.clear();
    }

    private static boolean isLocalReplica(TableMetadata table, Token token)
    {
        return Keyspace.open(table.keyspace).getReplicationStrategy().getNaturalReplicasForToken(token).endpoints()
                       .contains(FBUtilities.getBroadcastAddressAndPort());
    }

    private static TableMetadata table(TableRef source)
    {
        TableMetadata tm = Schema.instance.getTableMetadata(source.keyspace(), source.table());
        if (tm == null)
            throw new IllegalArgumentException("unknown table " + source);
        return tm;
    }

    private static TableMetadata mirrorTable(String name)
    {
        TableMetadata tm = Schema.instance.getTableMetadata(KEYSPACE, name);
        if (tm == null)
            throw new IllegalStateException("mirror table " + KEYSPACE + "." + name + " does not exist on this node yet");
        return tm;
    }

    private static String names(List<ColumnMetadata> columns)
    {
        return columns.stream().map(c -> c.name.toCQLString()).collect(Collectors.joining(", "));
    }

    private static void ddl(String cql)
    {
        QueryProcessor.execute(cql, ConsistencyLevel.ONE);
    }
}
