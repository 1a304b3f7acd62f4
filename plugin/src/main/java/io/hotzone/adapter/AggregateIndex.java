package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.apache.cassandra.cql3.Operator;
import org.apache.cassandra.db.ClusteringBound;
import org.apache.cassandra.db.ColumnFamilyStore;
import org.apache.cassandra.db.DecoratedKey;
import org.apache.cassandra.db.DeletionTime;
import org.apache.cassandra.db.RangeTombstone;
import org.apache.cassandra.db.ReadCommand;
import org.apache.cassandra.db.RegularAndStaticColumns;
import org.apache.cassandra.db.Slice;
import org.apache.cassandra.db.WriteContext;
import org.apache.cassandra.db.filter.RowFilter;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.memtable.Memtable;
import org.apache.cassandra.db.partitions.PartitionUpdate;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.index.Index;
import org.apache.cassandra.index.IndexRegistry;
import org.apache.cassandra.index.transactions.IndexTransaction;
import org.apache.cassandra.notifications.INotification;
import org.apache.cassandra.notifications.INotificationConsumer;
import org.apache.cassandra.notifications.SSTableAddedNotification;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.IndexMetadata;
import org.apache.cassandra.service.ClientState;

/**
 * HotZone's hook on a mirror table's write path on each replica ({@code CREATE CUSTOM INDEX … USING} this class, made
 * by HotZone with every mirror table). Cassandra calls it inside every update it applies to the table on this node —
 * mirror writes, hints, commit-log replay — before the update is acknowledged, which is what keeps the node's
 * pre-computed aggregates exact ({@link AggregateState}). Sstables that arrive whole (copy rounds, repair, import)
 * drop every aggregate of the table. It answers no query and builds nothing; it holds no data on disk.
 */
public final class AggregateIndex implements Index, INotificationConsumer
{
    /** The index name is the mirror table's name with this suffix (index names are unique per keyspace). */
    public static final String SUFFIX = "_hz_aggregates";
    /** At most this many partitions' aggregates per mirror table on a node. */
    static final int MAX_PARTITIONS = 100_000;

    private final ColumnFamilyStore table;
    private final IndexMetadata metadata;
    private final AggregateState state;

    public AggregateIndex(ColumnFamilyStore table, IndexMetadata metadata)
    {
        this.table = table;
        this.metadata = metadata;
        this.state = new AggregateState(table.metadata().comparator, MAX_PARTITIONS);
    }

    AggregateState state()
    {
        return state;
    }

    ColumnFamilyStore table()
    {
        return table;
    }

    @Override
    public Indexer indexerFor(DecoratedKey key, RegularAndStaticColumns columns, long nowInSec, WriteContext ctx,
                              IndexTransaction.Type transactionType, Memtable memtable)
    {
        // compaction and cleanup change no answer: expiry is a result's deadline, cleanup follows a ring change
        if (transactionType != IndexTransaction.Type.UPDATE)
            return null;
        return new Marks(key.getKey());
    }

    /** One update of one partition: the stripe's seqlock around it, a dirty mark per clustering it touches. */
    private final class Marks implements Indexer
    {
        private final ByteBuffer key;
        private boolean marked;

        Marks(ByteBuffer key)
        {
            this.key = key;
        }

        @Override
        public void begin()
        {
            state.begin(key);
        }

        @Override
        public void partitionDelete(DeletionTime deletionTime)
        {
            marked |= state.mark(key, null);
        }

        @Override
        public void rangeTombstone(RangeTombstone tombstone)
        {
            Slice s = tombstone.deletedSlice();
            marked |= state.mark(key, Slice.make((ClusteringBound<?>) s.start().retainable(), (ClusteringBound<?>) s.end().retainable()));
        }

        @Override
        public void insertRow(Row row)
        {
            markRow(row);
        }

        @Override
        public void updateRow(Row oldRowData, Row newRowData)
        {
            markRow(newRowData);
        }

        @Override
        public void removeRow(Row row)
        {
            markRow(row);
        }

        private void markRow(Row row)
        {
            // a static column can be in every group's answer
            marked |= state.mark(key, row.isStatic() ? null : Slice.make((org.apache.cassandra.db.Clustering<?>) row.clustering().retainable()));
        }

        @Override
        public void finish()
        {
            state.finish(key);
            if (marked)
                recomputeLater(key);
        }
    }

    private void recomputeLater(ByteBuffer key)
    {
        try
        {
            if (ClientState.getCQLQueryHandler() instanceof HotZoneQueryHandler)
                ((HotZoneQueryHandler) ClientState.getCQLQueryHandler()).aggregateReads().recomputeLater(this, key);
        }
        catch (Throwable t)
        {
            // the write goes on: a dirty result is only recomputed when next asked for
        }
    }

    @Override
    public void handleNotification(INotification notification, Object sender)
    {
        // sstables added without a memtable were streamed or imported: their rows passed no indexer. Cassandra forgets
        // the row cache of what they cover only after this; a recompute must not read a cached partition without them.
        if (notification instanceof SSTableAddedNotification && ((SSTableAddedNotification) notification).memtable().isEmpty())
        {
            try
            {
                if (table.isRowCacheEnabled())
                    org.apache.cassandra.service.CacheService.instance.invalidateRowCacheForCf(table.metadata());
            }
            finally
            {
                state.invalidateAll();
            }
        }
    }

    @Override
    public void register(IndexRegistry registry)
    {
        registry.registerIndex(this);
        table.getTracker().subscribe(this);
        try
        {
            if (ClientState.getCQLQueryHandler() instanceof HotZoneQueryHandler)
                ((HotZoneQueryHandler) ClientState.getCQLQueryHandler()).aggregateReads().start();
        }
        catch (Throwable t)
        {
            // the table opens regardless: results are then only computed when a query asks
        }
    }

    @Override
    public void unregister(IndexRegistry registry)
    {
        Index.super.unregister(registry);
        table.getTracker().unsubscribe(this);
        state.invalidateAll();
        try
        {
            if (ClientState.getCQLQueryHandler() instanceof HotZoneQueryHandler)
                ((HotZoneQueryHandler) ClientState.getCQLQueryHandler()).aggregateReads().forget(this);
        }
        catch (Throwable t)
        {
            // nothing is held for a dropped table but its (cleared) state
        }
    }

    @Override
    public Callable<?> getTruncateTask(long truncatedAt)
    {
        return () -> {
            state.invalidateAll();
            return null;
        };
    }

    @Override
    public Callable<?> getInvalidateTask()
    {
        return getTruncateTask(0);
    }

    @Override
    public Callable<?> getInitializationTask()
    {
        return null;
    }

    @Override
    public IndexMetadata getIndexMetadata()
    {
        return metadata;
    }

    @Override
    public Callable<?> getMetadataReloadTask(IndexMetadata indexMetadata)
    {
        // the table changed (a column dropped hides cells, and rows with them): no result is known to hold
        state.invalidateAll();
        return null;
    }

    @Override
    public Optional<ColumnFamilyStore> getBackingTable()
    {
        return Optional.empty();
    }

    @Override
    public Callable<?> getBlockingFlushTask()
    {
        return null;
    }

    @Override
    public boolean shouldBuildBlocking()
    {
        return false;
    }

    @Override
    public boolean dependsOn(ColumnMetadata column)
    {
        return false;
    }

    @Override
    public boolean supportsExpression(ColumnMetadata column, Operator operator)
    {
        return false;
    }

    @Override
    public AbstractType<?> customExpressionValueType()
    {
        return null;
    }

    @Override
    public RowFilter getPostIndexQueryFilter(RowFilter filter)
    {
        return filter;
    }

    @Override
    public long getEstimatedResultRows()
    {
        return 0;
    }

    @Override
    public void validate(PartitionUpdate update, ClientState state)
    {
    }

    @Override
    public Searcher searcherFor(ReadCommand command)
    {
        return null;
    }
}
