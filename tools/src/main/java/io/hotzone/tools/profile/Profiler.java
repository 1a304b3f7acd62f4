package io.hotzone.tools.profile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.type.DataType;

import io.hotzone.capture.SpaceSaving;

/**
 * One streaming pass over the input records of a table: every record is checked against the schema and counted
 * exactly where that fits in bounded memory (rows, bytes, nulls and type errors per column, rows and bytes per node),
 * estimated where it does not (distinct values with HyperLogLog, the partitions with the most rows with Space-Saving and
 * its error bound), and a uniform sample is kept for what needs whole records (dependencies between columns, the
 * token quantiles of a single-token ring).
 */
public final class Profiler
{
    /** Partitions tracked for the most-rows list: the list is exact while fewer partitions than this were seen. */
    static final int TOP_PARTITIONS = 10_000;

    final TableShape shape;
    private final TokenMap ring;
    private final InputColumns input;
    final Column[] columns;
    final SpaceSaving<String> partitions = new SpaceSaving<>(TOP_PARTITIONS);
    final DistinctCounter distinctPartitions = new DistinctCounter();
    final Reservoir<Sampled> sample;
    final Map<Node, long[]> perNode = new LinkedHashMap<>(); // rows, bytes
    final List<String> rejects = new ArrayList<>();
    long rows;
    long rejected;
    long bytes;

    /** What the sample keeps of a record: its fields by table column, and its partition's token. */
    static final class Sampled
    {
        final String[] values;
        final long token;

        Sampled(String[] values, long token)
        {
            this.values = values;
            this.token = token;
        }
    }

    /**
     * Per table column, over the accepted records: nulls, distinct values, numeric range; and the values that were not of
     * the column's type (each rejected its record).
     */
    static final class Column
    {
        final String name;
        final DataType type;
        final DistinctCounter distinct = new DistinctCounter();
        long nulls;
        long typeErrors;
        String firstTypeError;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        String minText, maxText;

        Column(String name, DataType type)
        {
            this.name = name;
            this.type = type;
        }
    }

    /**
     * @param header the input's column names (its first record)
     * @throws IllegalArgumentException before anything is read when a header name is not a column of the table, a
     *                                  primary key column is missing, or a name appears twice
     */
    public Profiler(TableShape shape, TokenMap ring, List<String> header, int sampleSize, long seed)
    {
        this.shape = shape;
        this.ring = ring;
        this.input = new InputColumns(shape, header);
        this.sample = new Reservoir<>(sampleSize, seed);
        this.columns = new Column[shape.columns.size()];
        for (int c = 0; c < columns.length; c++)
            columns[c] = new Column(shape.columns.get(c), shape.types.get(c));
    }

    /** One input record (the fields in header order); a record that cannot be loaded is counted as rejected with why. */
    public void add(List<String> fields, long line)
    {
        ByteBuffer[] serialized;
        try
        {
            serialized = input.serialize(fields);
        }
        catch (InputColumns.Rejected e)
        {
            if (e.typeError)
            {
                Column col = columns[e.column];
                col.typeErrors++;
                if (col.firstTypeError == null)
                    col.firstTypeError = "line " + line + ": " + e.reason;
            }
            reject(line, e.getMessage());
            return;
        }
        long recordBytes = 0;
        List<ByteBuffer> key = new ArrayList<>(input.keySize());
        List<String> keyText = new ArrayList<>(input.keySize());
        for (int i = 0; i < input.keySize(); i++)
        {
            int c = input.keyColumn(i);
            key.add(serialized[c]);
            keyText.add(fields.get(input.fieldOf(c)));
        }
        for (int c = 0; c < columns.length; c++)
        {
            if (serialized[c] != null)
            {
                recordBytes += serialized[c].remaining();
                observe(columns[c], fields.get(input.fieldOf(c)));
            }
            else if (input.fieldOf(c) >= 0)
                columns[c].nulls++;
        }
        String[] values = new String[columns.length];
        for (int c = 0; c < columns.length; c++)
            if (serialized[c] != null)
                values[c] = fields.get(input.fieldOf(c));
        Token token = ring.newToken(key.toArray(new ByteBuffer[0]));
        long tokenValue = Tokens.value(token);
        String literal = shape.literal(keyText);
        partitions.offer(literal, tokenValue);
        distinctPartitions.add(literal);
        Set<Node> replicas = ring.getReplicas(shape.keyspace, token);
        for (Node n : replicas)
        {
            long[] counts = perNode.computeIfAbsent(n, x -> new long[2]);
            counts[0]++;
            counts[1] += recordBytes;
        }
        sample.offer(new Sampled(values, tokenValue));
        rows++;
        bytes += recordBytes;
    }

    private static void observe(Column col, String v)
    {
        col.distinct.add(v);
        if (TableShape.numeric(col.type))
        {
            try
            {
                double d = Double.parseDouble(v.trim());
                col.min = Math.min(col.min, d);
                col.max = Math.max(col.max, d);
            }
            catch (NumberFormatException e)
            {
                // a varint or decimal beyond double's syntax: no range
            }
        }
        else if (TableShape.temporal(col.type))
        {
            if (col.minText == null || v.compareTo(col.minText) < 0)
                col.minText = v;
            if (col.maxText == null || v.compareTo(col.maxText) > 0)
                col.maxText = v;
        }
    }

    private void reject(long line, String why)
    {
        rejected++;
        if (rejects.size() < 20)
            rejects.add("line " + line + ": " + why);
    }

    /** Reads every record of the input (the header already read) into this profile. */
    public void addAll(InputRecords records) throws IOException
    {
        for (List<String> r = records.next(); r != null; r = records.next())
            if (records.problem() != null)
                reject(records.line(), records.problem());
            else
                add(r, records.line());
    }
}
