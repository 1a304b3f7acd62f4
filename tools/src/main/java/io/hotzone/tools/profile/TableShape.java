package io.hotzone.tools.profile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;

/**
 * What the profile needs of the target table, from the driver's schema metadata: its columns and types, which form the
 * partition key, and how an input field becomes a value of its column (the field as a CQL literal, parsed by the
 * column's codec: what cqlsh {@code COPY FROM} and dsbulk accept for the simple types).
 */
public final class TableShape
{
    /** Types written as quoted CQL literals. */
    private static final Set<DataType> QUOTED = Set.of(DataTypes.TEXT, DataTypes.ASCII, DataTypes.DATE, DataTypes.TIME, DataTypes.TIMESTAMP,
                                                       DataTypes.INET, DataTypes.DURATION);

    public final String keyspace;
    public final String table;
    public final List<String> columns = new ArrayList<>();
    public final List<DataType> types = new ArrayList<>();
    public final List<String> partitionKey = new ArrayList<>();
    public final List<String> clustering = new ArrayList<>();

    public TableShape(TableMetadata metadata)
    {
        this.keyspace = metadata.getKeyspace().asInternal();
        this.table = metadata.getName().asInternal();
        for (ColumnMetadata c : metadata.getColumns().values())
        {
            columns.add(c.getName().asInternal());
            types.add(c.getType());
        }
        metadata.getPartitionKey().forEach(c -> partitionKey.add(c.getName().asInternal()));
        metadata.getClusteringColumns().keySet().forEach(c -> clustering.add(c.getName().asInternal()));
    }

    public String name()
    {
        return keyspace + "." + table;
    }

    public int index(String column)
    {
        return columns.indexOf(column);
    }

    public DataType type(String column)
    {
        return types.get(index(column));
    }

    /** Whether values of the type are points on a time axis (candidates for time-bucketed access). */
    public static boolean temporal(DataType type)
    {
        return type.equals(DataTypes.TIMESTAMP) || type.equals(DataTypes.DATE) || type.equals(DataTypes.TIMEUUID);
    }

    public static boolean numeric(DataType type)
    {
        return type.equals(DataTypes.INT) || type.equals(DataTypes.BIGINT) || type.equals(DataTypes.SMALLINT) || type.equals(DataTypes.TINYINT)
               || type.equals(DataTypes.FLOAT) || type.equals(DataTypes.DOUBLE) || type.equals(DataTypes.DECIMAL) || type.equals(DataTypes.VARINT)
               || type.equals(DataTypes.COUNTER);
    }

    /**
     * The field as a value of the type, serialized as Cassandra stores it.
     *
     * @throws IllegalArgumentException naming the type when the field is not such a value
     */
    public static ByteBuffer serialize(DataType type, String field)
    {
        TypeCodec<Object> codec = CodecRegistry.DEFAULT.codecFor(type);
        String literal = QUOTED.contains(type) ? "'" + field.replace("'", "''") + "'" : field.trim();
        Object value;
        try
        {
            value = codec.parse(literal);
        }
        catch (RuntimeException e)
        {
            throw new IllegalArgumentException("'" + field + "' is not a valid " + type.asCql(false, true).toLowerCase(Locale.ROOT));
        }
        if (value == null)
            throw new IllegalArgumentException("'" + field + "' is not a valid " + type.asCql(false, true).toLowerCase(Locale.ROOT));
        return codec.encode(value, ProtocolVersion.DEFAULT);
    }

    /** The key as a CQL literal ('abc', 42, or (1, 'x') for a composite key), as HotZone prints and takes keys. */
    public String literal(List<String> fields)
    {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < partitionKey.size(); i++)
        {
            DataType type = type(partitionKey.get(i));
            String f = fields.get(i);
            parts.add(QUOTED.contains(type) ? "'" + f.replace("'", "''") + "'" : f.trim());
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(", ", parts) + ")";
    }

    /** A partition key as Cassandra stores it (one component, or the composite of several) as a CQL literal. */
    public String literal(ByteBuffer key)
    {
        ByteBuffer k = key.duplicate();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < partitionKey.size(); i++)
        {
            ByteBuffer component = k;
            if (partitionKey.size() > 1)
            {
                int length = k.getShort() & 0xffff;
                component = k.slice();
                component.limit(length);
                k.position(k.position() + length + 1); // the value and its end-of-component byte
            }
            TypeCodec<Object> codec = CodecRegistry.DEFAULT.codecFor(type(partitionKey.get(i)));
            parts.add(codec.format(codec.decode(component, ProtocolVersion.DEFAULT)));
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(", ", parts) + ")";
    }

    /**
     * The components of a partition key given as a CQL literal ({@code 'abc'}, {@code 42}, {@code (1, 'x')}), serialized.
     *
     * @throws IllegalArgumentException when it is not a key of this table
     */
    public ByteBuffer[] serializeKey(String literal)
    {
        String t = literal.trim();
        List<String> parts = new ArrayList<>();
        if (partitionKey.size() == 1)
            parts.add(t);
        else
        {
            if (!t.startsWith("(") || !t.endsWith(")"))
                throw new IllegalArgumentException(literal + " is not a key of " + name() + ": expected (" + String.join(", ", partitionKey) + ")");
            boolean quoted = false;
            StringBuilder part = new StringBuilder();
            for (char c : t.substring(1, t.length() - 1).toCharArray())
            {
                if (c == '\'')
                    quoted = !quoted; // a doubled quote toggles twice
                if (c == ',' && !quoted)
                {
                    parts.add(part.toString().trim());
                    part.setLength(0);
                }
                else
                    part.append(c);
            }
            parts.add(part.toString().trim());
        }
        if (parts.size() != partitionKey.size())
            throw new IllegalArgumentException(literal + " is not a key of " + name() + ": expected " + partitionKey.size() + " components");
        ByteBuffer[] out = new ByteBuffer[parts.size()];
        for (int i = 0; i < out.length; i++)
        {
            TypeCodec<Object> codec = CodecRegistry.DEFAULT.codecFor(type(partitionKey.get(i)));
            Object value;
            try
            {
                value = codec.parse(parts.get(i));
            }
            catch (RuntimeException e)
            {
                throw new IllegalArgumentException(literal + " is not a key of " + name() + ": " + parts.get(i) + " is not a "
                                                   + type(partitionKey.get(i)).asCql(false, true).toLowerCase(Locale.ROOT));
            }
            out[i] = codec.encode(value, ProtocolVersion.DEFAULT);
        }
        return out;
    }
}
