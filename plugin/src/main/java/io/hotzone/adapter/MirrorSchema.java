package io.hotzone.adapter;

import java.nio.ByteBuffer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.DroppedColumn;
import org.apache.cassandra.schema.TableMetadata;

/**
 * Whether a mirror table answers exactly like its source: the same columns (name, kind, type), and for every column
 * the source dropped and has again, a drop at least as recent on the mirror (else cells written before the drop,
 * which the source hides, would show). Cached per pair of metadata instances, which Cassandra replaces on every
 * schema change, so the request path pays a map lookup.
 */
final class MirrorSchema
{
    private static final Cache<MirrorSchemaKey, Boolean> checked = Caffeine.newBuilder().maximumSize(1_000).build();

    private MirrorSchema()
    {
    }

    static boolean inStep(TableMetadata source, TableMetadata mirror)
    {
        return checked.get(new MirrorSchemaKey(source, mirror), k -> compare(source, mirror));
    }

    private static boolean compare(TableMetadata source, TableMetadata mirror)
    {
        if (source.columns().size() != mirror.columns().size())
            return false;
        for (ColumnMetadata c : source.columns())
        {
            ColumnMetadata m = mirror.getColumn(c.name);
            if (m == null || m.kind != c.kind || !m.type.equals(c.type) || m.position() != c.position())
                return false;
            ByteBuffer name = c.name.bytes;
            DroppedColumn dropped = source.droppedColumns.get(name);
            if (dropped != null)
            {
                DroppedColumn mirrored = mirror.droppedColumns.get(name);
                if (mirrored == null || mirrored.droppedTime < dropped.droppedTime)
                    return false;
            }
        }
        return true;
    }

    /** Identity of two metadata instances. */
    private static final class MirrorSchemaKey
    {
        final TableMetadata source;
        final TableMetadata mirror;

        MirrorSchemaKey(TableMetadata source, TableMetadata mirror)
        {
            this.source = source;
            this.mirror = mirror;
        }

        @Override
        public boolean equals(Object o)
        {
            return o instanceof MirrorSchemaKey && ((MirrorSchemaKey) o).source == source && ((MirrorSchemaKey) o).mirror == mirror;
        }

        @Override
        public int hashCode()
        {
            return System.identityHashCode(source) * 31 + System.identityHashCode(mirror);
        }
    }
}
