package io.hotzone.adapter;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.cassandra.db.ClusteringBound;
import org.apache.cassandra.db.DeletionTime;
import org.apache.cassandra.db.RangeTombstone;
import org.apache.cassandra.db.RegularAndStaticColumns;
import org.apache.cassandra.db.Slice;
import org.apache.cassandra.db.filter.ColumnFilter;
import org.apache.cassandra.db.partitions.PartitionUpdate;
import org.apache.cassandra.db.rows.AbstractUnfilteredRowIterator;
import org.apache.cassandra.db.rows.BTreeRow;
import org.apache.cassandra.db.rows.Cell;
import org.apache.cassandra.db.rows.ColumnData;
import org.apache.cassandra.db.rows.ComplexColumnData;
import org.apache.cassandra.db.rows.RangeTombstoneMarker;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.db.rows.Rows;
import org.apache.cassandra.db.rows.Unfiltered;
import org.apache.cassandra.db.rows.UnfilteredRowIterator;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.TableMetadata;

/**
 * The same partition content re-addressed to the mirror table: every cell keeps its timestamp, TTL and local
 * deletion time, and row, range and partition tombstones are carried over unchanged; only the column identities
 * change (same names and types). Applying the result twice changes nothing, like any Cassandra write.
 */
final class MirrorCopy
{
    private final TableMetadata mirror;
    private final Map<ColumnMetadata, ColumnMetadata> columns = new HashMap<>();
    private TableMetadata source;
    // The last partition's column set and its mirror counterpart: a scan's partitions mostly share one (their sstable's).
    private RegularAndStaticColumns lastColumns, lastMapped;

    /** A copier into the mirror table, for any number of partitions (its column map is built once per source schema). */
    MirrorCopy(TableMetadata mirror)
    {
        this.mirror = mirror;
    }

    private void prepare(TableMetadata from)
    {
        if (from == source)
            return;
        columns.clear();
        lastColumns = lastMapped = null;
        for (ColumnMetadata c : from.columns())
        {
            ColumnMetadata to = mirror.getColumn(c.name);
            if (to == null || to.kind != c.kind || !to.type.equals(c.type))
                throw new IllegalStateException("mirror " + mirror + " does not match column " + c.name + " of " + from);
            columns.put(c, to);
        }
        source = from;
    }

    private RegularAndStaticColumns mapped(UnfilteredRowIterator partition)
    {
        prepare(partition.metadata());
        if (partition.columns() != lastColumns)
        {
            RegularAndStaticColumns.Builder mappedColumns = RegularAndStaticColumns.builder();
            partition.columns().selectOrderIterator().forEachRemaining(c -> mappedColumns.add(column(c)));
            lastMapped = mappedColumns.build();
            lastColumns = partition.columns();
        }
        return lastMapped;
    }

    /** @throws IllegalStateException when the mirror's columns do not match the source's (schema not yet in step) */
    static PartitionUpdate of(UnfilteredRowIterator source, TableMetadata mirror)
    {
        return PartitionUpdate.fromIterator(new MirrorCopy(mirror).moved(source, new long[1]), ColumnFilter.all(mirror));
    }

    /**
     * The partition re-addressed to the mirror, row by row as it is read (never held whole); {@code bytes[0]} grows by
     * each row's data size as it passes.
     *
     * @throws IllegalStateException when the mirror's columns do not match the source's (schema not yet in step)
     */
    UnfilteredRowIterator moved(UnfilteredRowIterator source, long[] bytes)
    {
        RegularAndStaticColumns mapped = mapped(source);
        Row staticRow = source.staticRow().isEmpty() ? Rows.EMPTY_STATIC_ROW : row(source.staticRow());
        bytes[0] += staticRow.dataSize();
        return new AbstractUnfilteredRowIterator(mirror, source.partitionKey(), source.partitionLevelDeletion(), mapped,
                                                 staticRow, source.isReverseOrder(), source.stats())
        {
            @Override
            protected Unfiltered computeNext()
            {
                if (!source.hasNext())
                    return endOfData();
                Unfiltered next = source.next();
                if (!next.isRow())
                    return next;
                Row row = row((Row) next);
                bytes[0] += row.dataSize();
                return row;
            }
        };
    }

    /**
     * The same partition as {@link #of}, in updates of about {@code maxBytes} of row data each (cut between rows), so
     * that a partition of any size is copied in mutations under Cassandra's max_mutation_size and never held in
     * memory whole. A range tombstone open at a cut is closed there and opened again in the next update, covering the
     * same clusterings; the partition deletion and the static row travel with the first update.
     */
    void inPages(UnfilteredRowIterator source, long maxBytes, Consumer<PartitionUpdate> out)
    {
        RegularAndStaticColumns mapped = mapped(source);
        PartitionUpdate.Builder page = new PartitionUpdate.Builder(mirror, source.partitionKey(), mapped, 16);
        page.addPartitionDeletion(source.partitionLevelDeletion());
        if (!source.staticRow().isEmpty())
            page.add(row(source.staticRow()));
        ClusteringBound<?> openBound = null;
        DeletionTime openDeletion = null;
        long size = 0;
        boolean empty = source.partitionLevelDeletion().isLive() && source.staticRow().isEmpty();
        while (source.hasNext())
        {
            Unfiltered next = source.next();
            empty = false;
            if (next.isRow())
            {
                Row row = (Row) next;
                page.add(row(row));
                size += row.dataSize();
                if (size >= maxBytes && source.hasNext())
                {
                    if (openBound != null)
                    {
                        page.add(new RangeTombstone(Slice.make(openBound, ClusteringBound.inclusiveEndOf(row.clustering())), openDeletion));
                        openBound = ClusteringBound.exclusiveStartOf(row.clustering());
                    }
                    out.accept(page.build());
                    page = new PartitionUpdate.Builder(mirror, source.partitionKey(), mapped, 16);
                    size = 0;
                }
                continue;
            }
            RangeTombstoneMarker marker = (RangeTombstoneMarker) next;
            if (marker.isClose(false) && openBound != null)
            {
                page.add(new RangeTombstone(Slice.make(openBound, marker.closeBound(false)), openDeletion));
                openBound = null;
            }
            if (marker.isOpen(false))
            {
                openBound = marker.openBound(false);
                openDeletion = marker.openDeletionTime(false);
            }
            size += 64;
        }
        if (!empty)
            out.accept(page.build());
    }

    private ColumnMetadata column(ColumnMetadata c)
    {
        ColumnMetadata to = columns.get(c);
        if (to == null)
            throw new IllegalStateException("mirror " + mirror + " has no column " + c.name);
        return to;
    }

    private Row row(Row row)
    {
        Row.Builder b = BTreeRow.sortedBuilder();
        b.newRow(row.clustering());
        b.addPrimaryKeyLivenessInfo(row.primaryKeyLivenessInfo());
        b.addRowDeletion(row.deletion());
        for (ColumnData data : row)
        {
            ColumnMetadata to = column(data.column());
            if (data instanceof ComplexColumnData)
            {
                ComplexColumnData complex = (ComplexColumnData) data;
                if (!complex.complexDeletion().isLive())
                    b.addComplexDeletion(to, complex.complexDeletion());
                for (Cell<?> cell : complex)
                    b.addCell(cell.withUpdatedColumn(to));
            }
            else
            {
                b.addCell(((Cell<?>) data).withUpdatedColumn(to));
            }
        }
        return b.build();
    }
}
