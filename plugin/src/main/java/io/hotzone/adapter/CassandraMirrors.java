package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.apache.cassandra.db.PartitionRangeReadCommand;
import org.apache.cassandra.db.ReadCommand;
import org.apache.cassandra.db.ReadExecutionController;
import org.apache.cassandra.db.SinglePartitionReadCommand;
import org.apache.cassandra.db.marshal.UserType;
import org.apache.cassandra.db.partitions.UnfilteredPartitionIterator;
import org.apache.cassandra.db.rows.UnfilteredRowIterator;
import org.apache.cassandra.dht.Murmur3Partitioner;
import org.apache.cassandra.dht.Range;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.gms.FailureDetector;
import org.apache.cassandra.notifications.SSTableAddedNotification;
import org.apache.cassandra.schema.TableId;
import org.apache.cassandra.locator.InetAddressAndPort;
import org.apache.cassandra.locator.TokenMetadata;
import org.apache.cassandra.locator.Replica;
import org.apache.cassandra.cache.SerializingCacheProvider;
import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.DroppedColumn;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.SchemaConstants;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.StorageService;
import org.apache.cassandra.utils.FBUtilities;

import io.hotzone.capture.TableRef;
import io.hotzone.server.Mirrors;

/** {@link Mirrors} on Cassandra 5.0: schema through internal CQL, the copy through local reads and streaming or mutations. */
public final class CassandraMirrors implements Mirrors
{
    /** Partitions per local read of a range copy. */
    private static final int RANGE_PAGE = 256;
    /** A key copy scans this node's data instead of reading each key once the keys are over 1/DENSE_KEYS of it. */
    private static final int DENSE_KEYS = 4;
    /** Row data per mirror mutation of a copy (at most a quarter of max_mutation_size). */
    private static final long PAGE_BYTES = 1L << 20;

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
            return source + " is a counter table (counter updates are increments: a mirror cannot apply them exactly)";
        if (tm.isView())
            return source + " is a materialized view (Cassandra writes it without triggers)";
        if (tm.columns().stream().anyMatch(c -> c.type.unwrap() instanceof UserType || c.type.toString().contains("UserType")))
            return source + " has user-defined type columns, not supported by mirror tables yet";
        if (tm.hasMaskedColumns())
            return source + " has masked columns (masks are checked against the source table; mirrors never answer for it)";
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
        String name = KEYSPACE + "." + mirrorTable;
        if (mirror == null)
        {
            StringBuilder cql = new StringBuilder("CREATE TABLE IF NOT EXISTS " + name + " (");
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
            // Uncompressed: a mirror only serves hot single-partition reads, and a copy arrives as a few sstables at
            // once (one per source replica), each read decompressing a whole chunk otherwise.
            // The memory tier: where operators gave nodes a row cache, the hottest data is what it is for.
            if (rowCacheIsExact())
                cql.append("caching = {'keys': 'ALL', 'rows_per_partition': 'ALL'} AND ");
            cql.append("gc_grace_seconds = ").append(src.params.gcGraceSeconds)
               .append(" AND compression = {'enabled': 'false'}")
               .append(" AND allow_auto_snapshot = false AND comment = 'HotZone mirror of ").append(source).append("'");
            ddl(cql.toString());
            mirror = Schema.instance.getTableMetadata(KEYSPACE, mirrorTable);
            if (mirror == null)
                return;
        }
        // Columns the source dropped (and may have added again): dropped here with the source's drop timestamp, so the
        // cells older than the drop stay hidden on the mirror too; then columns added since are added.
        for (ColumnMetadata c : src.regularAndStaticColumns())
        {
            DroppedColumn dropped = src.droppedColumns.get(c.name.bytes);
            DroppedColumn here = mirror.droppedColumns.get(c.name.bytes);
            if (dropped != null && (here == null || here.droppedTime < dropped.droppedTime) && mirror.getColumn(c.name) != null)
                ddl("ALTER TABLE " + name + " DROP " + c.name.toCQLString() + " USING TIMESTAMP " + dropped.droppedTime);
        }
        for (ColumnMetadata c : mirror.regularAndStaticColumns())
            if (src.getColumn(c.name) == null)
            {
                DroppedColumn dropped = src.droppedColumns.get(c.name.bytes);
                ddl("ALTER TABLE " + name + " DROP " + c.name.toCQLString() + (dropped == null ? "" : " USING TIMESTAMP " + dropped.droppedTime));
            }
        mirror = Schema.instance.getTableMetadata(KEYSPACE, mirrorTable);
        for (ColumnMetadata c : src.regularAndStaticColumns())
            if (mirror != null && mirror.getColumn(c.name) == null)
                ddl("ALTER TABLE " + name + " ADD " + c.name.toCQLString() + " " + c.type.asCQL3Type() + (c.isStatic() ? " static" : ""));
    }

    @Override
    public void ensureAggregateHook(String mirrorTable)
    {
        TableMetadata mirror = Schema.instance.getTableMetadata(KEYSPACE, mirrorTable);
        if (mirror != null && !mirror.indexes.has(mirrorTable + AggregateIndex.SUFFIX))
            ddl("CREATE CUSTOM INDEX IF NOT EXISTS " + mirrorTable + AggregateIndex.SUFFIX + " ON " + KEYSPACE + "." + mirrorTable + " () USING '"
                + AggregateIndex.class.getName() + "'");
    }

    @Override
    public UUID tableId(TableRef source)
    {
        TableMetadata tm = Schema.instance.getTableMetadata(source.keyspace(), source.table());
        return tm == null ? null : tm.id.asUUID();
    }

    /** Source tables whose sstable tracker this node listens to (a subscription lasts as long as the table). */
    private final Set<UUID> watched = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public String placement()
    {
        // Asked on every routed read: recomputed only when the ring version or the mirror keyspace's metadata moved.
        // The ring version moves on every gossip re-announcement of a node (a restart with the same tokens too), so it
        // only says when to look again; the placement is the token owners themselves.
        TokenMetadata tm = StorageService.instance.getTokenMetadata();
        long version = tm.getRingVersion();
        KeyspaceMetadata ks = Schema.instance.getKeyspaceMetadata(KEYSPACE);
        Placement last = lastPlacement;
        if (last != null && last.ringVersion == version && last.keyspace == ks)
            return last.value;
        String owners;
        if (last != null && last.ringVersion == version)
            owners = last.owners;
        else
        {
            // An order-free 64-bit digest of (token, owner) pairs: equal on nodes that see the same ring.
            Map<Token, InetAddressAndPort> ring = tm.getNormalAndBootstrappingTokenToEndpointMap();
            long digest = 0;
            for (Map.Entry<Token, InetAddressAndPort> e : ring.entrySet())
                digest += mix(((long) e.getKey().hashCode() << 32) ^ (e.getValue().hashCode() & 0xffffffffL));
            owners = Long.toHexString(digest) + "x" + ring.size();
        }
        lastPlacement = last = new Placement(version, ks, owners, owners + "/" + (ks == null ? "-" : ks.params.replication.toString()));
        return last.value;
    }

    /** SplitMix64's finalizer: spreads each pair over all 64 bits before the sum. */
    private static long mix(long z)
    {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String ringDigest()
    {
        String p = placement();
        return p.substring(0, p.indexOf('/'));
    }

    private static final class Placement
    {
        final long ringVersion;
        final KeyspaceMetadata keyspace;
        final String owners;
        final String value;

        Placement(long ringVersion, KeyspaceMetadata keyspace, String owners, String value)
        {
            this.ringVersion = ringVersion;
            this.keyspace = keyspace;
            this.owners = owners;
            this.value = value;
        }
    }

    private volatile Placement lastPlacement;

    @Override
    public void watchSource(TableRef source, UUID tableId, Runnable onBypass)
    {
        if (!watched.add(tableId))
            return;
        ColumnFamilyStore cfs = Schema.instance.getColumnFamilyStoreInstance(TableId.fromUUID(tableId));
        if (cfs == null)
        {
            watched.remove(tableId);
            return;
        }
        // An sstable added without a memtable came from streaming or an import: its data never passed the trigger.
        cfs.getTracker().subscribe((notification, sender) -> {
            if (notification instanceof SSTableAddedNotification && ((SSTableAddedNotification) notification).memtable().isEmpty())
                onBypass.run();
        });
    }

    @Override
    public void watchHints(java.util.function.Consumer<TableRef> onHint)
    {
        HintArrivals.install(onHint);
    }

    @Override
    public Duration writeTimeout()
    {
        return Duration.ofMillis(DatabaseDescriptor.getWriteRpcTimeout(TimeUnit.MILLISECONDS));
    }

    @Override
    public boolean tableReady(TableRef source, String mirrorTable)
    {
        TableMetadata src = Schema.instance.getTableMetadata(source.keyspace(), source.table());
        TableMetadata mirror = Schema.instance.getTableMetadata(KEYSPACE, mirrorTable);
        return src != null && mirror != null && MirrorSchema.inStep(src, mirror);
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
    public int replicasPerDc(TableRef source)
    {
        if (Schema.instance.getKeyspaceMetadata(source.keyspace()) == null)
            return 1;
        org.apache.cassandra.locator.AbstractReplicationStrategy strategy = Keyspace.open(source.keyspace()).getReplicationStrategy();
        if (strategy instanceof org.apache.cassandra.locator.NetworkTopologyStrategy)
        {
            org.apache.cassandra.locator.NetworkTopologyStrategy nts = (org.apache.cassandra.locator.NetworkTopologyStrategy) strategy;
            return Math.max(1, nts.getDatacenters().stream().mapToInt(dc -> nts.getReplicationFactor(dc).allReplicas).max().orElse(1));
        }
        return Math.max(1, strategy.getReplicationFactor().allReplicas);
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
    public Set<String> mirrorReplicas(String zoneId, int perDc, long token)
    {
        Set<String> out = new HashSet<>();
        for (InetAddressAndPort a : ZoneReplicas.of(zoneId, perDc, new Murmur3Partitioner.LongToken(token)))
            out.add(a.getAddress().getHostAddress());
        return out;
    }

    /**
     * Whether this node's row cache never keeps a partition older than the last write to it. Cassandra guards the cache
     * with a sentinel (CASSANDRA-3862): a read caches what it read only if no write removed its sentinel meanwhile. The
     * default provider's replace ({@code OHCProvider}, OHC's addOrReplace) also succeeds when the entry is gone, so a
     * read that began before a write can cache the partition without it: measured, 25 stale, lost or resurrected
     * mirror reads in a 3-minute {@code bin/hotzone check consistency}. {@code SerializingCacheProvider}'s replace
     * fails then, as the protocol needs; only with it do mirrors cache rows.
     */
    static boolean rowCacheIsExact()
    {
        return DatabaseDescriptor.getRowCacheSizeInMiB() > 0 && SerializingCacheProvider.class.getName().equals(DatabaseDescriptor.getRowCacheClassName());
    }

    @Override
    public Copied copyKeys(TableRef source, String mirrorTable, int perDc, List<byte[]> keys)
    {
        TableMetadata src = table(source);
        TableMetadata mirror = mirrorTable(mirrorTable);
        long now = FBUtilities.nowInSeconds();
        java.util.TreeSet<DecoratedKey> local = new java.util.TreeSet<>(); // ring order, once each: an sstable is written so
        boolean everywhere = true;
        for (byte[] key : keys)
        {
            DecoratedKey k = src.partitioner.decorateKey(ByteBuffer.wrap(key));
            if (isLocalReplica(src, k.getToken()))
            {
                local.add(k);
                everywhere &= ZoneReplicas.isLocal(mirrorTable, perDc, k.getToken());
            }
        }
        ColumnFamilyStore cfs = ColumnFamilyStore.getIfExists(src.id);
        long stored = cfs == null ? 0 : cfs.estimateKeys() + cfs.getTracker().getView().getCurrentMemtable().partitionCount();
        return pass(sink(mirror, perDc, everywhere, local.size()), (sink, totals) -> {
            if (local.size() * DENSE_KEYS >= stored && stored > 0)
            {
                // Most of what this node holds: one sequential scan costs less than a point read per key.
                List<Range<Token>> mine = Range.normalize(Keyspace.open(src.keyspace).getReplicationStrategy()
                                                                  .getAddressReplicas(FBUtilities.getBroadcastAddressAndPort()).ranges());
                scan(src, mine, sink, local::contains, now, totals);
            }
            else
            {
                for (DecoratedKey k : local)
                    read(SinglePartitionReadCommand.fullPartitionRead(src, now, k), sink, Integer.MAX_VALUE, k2 -> true, new DecoratedKey[1], totals);
            }
        });
    }

    @Override
    public Copied copyRange(TableRef source, String mirrorTable, int perDc, long start, long end)
    {
        TableMetadata src = table(source);
        TableMetadata mirror = mirrorTable(mirrorTable);
        long now = FBUtilities.nowInSeconds();
        // (start - 1, end] is the inclusive [start, end]; Range handles the wrap-around.
        Token left = new Murmur3Partitioner.LongToken(start == Long.MIN_VALUE ? Long.MIN_VALUE : start - 1);
        List<Range<Token>> zone = new ArrayList<>(new Range<>(left, new Murmur3Partitioner.LongToken(end)).unwrap());
        zone.sort((a, b) -> a.left.compareTo(b.left)); // ring order: an sstable is written in it
        InetAddressAndPort me = FBUtilities.getBroadcastAddressAndPort();
        List<Range<Token>> mirrored = Range.normalize(Keyspace.open(KEYSPACE).getReplicationStrategy().getAddressReplicas(me).ranges());
        boolean everywhere = true;
        for (Range<Token> mine : Keyspace.open(src.keyspace).getReplicationStrategy().getAddressReplicas(me).ranges())
            for (Range<Token> r : zone)
                for (Range<Token> copied : mine.intersectionWith(r))
                    everywhere &= mirrored.stream().anyMatch(m -> m.contains(copied));
        ColumnFamilyStore cfs = ColumnFamilyStore.getIfExists(src.id);
        return pass(sink(mirror, perDc, everywhere, cfs == null ? 1 : cfs.estimateKeys()), (sink, totals) -> scan(src, zone, sink, k -> true, now, totals));
    }

    /** One copy pass into the sink: what {@code body} sent (partitions, bytes in {@code totals}), what the sink missed. */
    private static Copied pass(CopySink sink, java.util.function.BiConsumer<CopySink, long[]> body)
    {
        long[] totals = new long[2];
        try
        {
            body.accept(sink, totals);
        }
        catch (RuntimeException | Error e)
        {
            sink.abort();
            throw e;
        }
        Set<String> missed = sink.finish();
        return new Copied(totals[0], totals[1], missed, sink.streamMillis());
    }

    /** Reads the ranges (sorted, not wrapping) in ring order, in pages of RANGE_PAGE partitions, sending the wanted ones. */
    private void scan(TableMetadata src, List<Range<Token>> ranges, CopySink sink, Predicate<DecoratedKey> wanted,
                      long now, long[] totals)
    {
        for (Range<Token> r : ranges)
        {
            // In pages, so a range read is never held open for long.
            AbstractBounds<PartitionPosition> bounds = DataRange.forTokenRange(r).keyRange();
            while (true)
            {
                PartitionRangeReadCommand cmd = PartitionRangeReadCommand.allDataRead(src, now).forSubRange(bounds, true);
                DecoratedKey[] last = new DecoratedKey[1];
                read(cmd, sink, RANGE_PAGE, wanted, last, totals);
                if (last[0] == null)
                    break;
                bounds = new Range<>(last[0], bounds.right);
            }
        }
    }

    /**
     * Streaming ({@link CopyStream}) when this node is a mirror replica of every token it copies, else mutations
     * ({@link CopyPush}): a streamed sstable joins this node's mirror table whole, and streams go to every mirror replica
     * of its ranges, so a sized zone ({@code perDc} > 0, on a subset of them) is always pushed.
     */
    private static CopySink sink(TableMetadata mirror, int perDc, boolean everywhere, long expectedKeys)
    {
        if (everywhere && perDc == 0)
            return new CopyStream(mirror, expectedKeys);
        return new CopyPush(mirror, perDc, Math.max(64 << 10, Math.min(PAGE_BYTES, DatabaseDescriptor.getMaxMutationSize() / 4)));
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
     * Reads this node's data (with tombstones) and sends it to the sink, for every partition this node is a replica of;
     * stops after {@code maxPartitions} partitions, leaving the last key read in {@code last[0]} (null when done).
     * {@code totals} accumulates partitions and bytes.
     */
    private void read(ReadCommand cmd, CopySink sink, int maxPartitions, Predicate<DecoratedKey> wanted, DecoratedKey[] last,
                      long[] totals)
    {
        int seen = 0;
        last[0] = null;
        try (ReadExecutionController controller = cmd.executionController(); UnfilteredPartitionIterator it = cmd.executeLocally(controller))
        {
            while (it.hasNext())
            {
                if (seen++ == maxPartitions)
                    return;
                try (UnfilteredRowIterator partition = it.next())
                {
                    last[0] = partition.partitionKey();
                    Token token = partition.partitionKey().getToken();
                    if (!wanted.test(partition.partitionKey()) || !isLocalReplica(cmd.metadata(), token) || partition.isEmpty())
                        continue;
                    totals[1] += sink.send(partition, token);
                    totals[0]++;
                }
            }
        }
        last[0] = null;
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
