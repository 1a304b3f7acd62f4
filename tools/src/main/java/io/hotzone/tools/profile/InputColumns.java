package io.hotzone.tools.profile;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * How an input's header maps onto a table: each header name must be a column of the table, named once, and the
 * primary key must be present. Checked before any record is read, so a wrong file fails with nothing written; then
 * each record is turned into the serialized value of every column it sets.
 */
public final class InputColumns
{
    public final TableShape shape;
    public final List<String> header;
    private final int[] fieldOf; // table column → input field, -1 when the input lacks it
    private final int[] keyColumns; // table column index of each partition key component

    /**
     * @param header the input's names as table columns; {@link ColumnMapping#DROPPED} ones are skipped
     * @throws IllegalArgumentException when a header name is not a column of the table, a name appears twice, or a
     *                                  primary key column is missing
     */
    public InputColumns(TableShape shape, List<String> header)
    {
        this.shape = shape;
        this.header = List.copyOf(header);
        this.fieldOf = new int[shape.columns.size()];
        Arrays.fill(fieldOf, -1);
        for (int f = 0; f < header.size(); f++)
        {
            String name = header.get(f).trim();
            if (name.equals(ColumnMapping.DROPPED))
                continue;
            int c = shape.index(name);
            if (c < 0)
                throw new IllegalArgumentException("the input's column '" + name + "' is not a column of " + shape.name() + " (columns: "
                                                   + String.join(", ", shape.columns) + ")");
            if (fieldOf[c] >= 0)
                throw new IllegalArgumentException("the input names column '" + name + "' twice");
            fieldOf[c] = f;
        }
        this.keyColumns = new int[shape.partitionKey.size()];
        for (int i = 0; i < keyColumns.length; i++)
        {
            keyColumns[i] = shape.index(shape.partitionKey.get(i));
            if (fieldOf[keyColumns[i]] < 0)
                throw new IllegalArgumentException("the input has no column '" + shape.partitionKey.get(i) + "', part of the partition key of " + shape.name());
        }
        for (String c : shape.clustering)
            if (fieldOf[shape.index(c)] < 0)
                throw new IllegalArgumentException("the input has no column '" + c + "', a clustering column of " + shape.name());
    }

    /** The input field of a table column, -1 when the input lacks the column. */
    public int fieldOf(int column)
    {
        return fieldOf[column];
    }

    /** The table column index of each partition key component, in key order. */
    public int keyColumn(int component)
    {
        return keyColumns[component];
    }

    public int keySize()
    {
        return keyColumns.length;
    }

    /**
     * Every column's value as Cassandra stores it (null where the input lacks the column or its field is empty).
     *
     * @throws Rejected naming the column and the reason when the record cannot be loaded
     */
    public ByteBuffer[] serialize(List<String> fields) throws Rejected
    {
        if (fields.size() != header.size())
            throw new Rejected(-1, false, "expected " + header.size() + " fields as in the header, got " + fields.size());
        ByteBuffer[] values = new ByteBuffer[fieldOf.length];
        for (int c = 0; c < fieldOf.length; c++)
        {
            int f = fieldOf[c];
            if (f < 0 || fields.get(f).isEmpty())
                continue;
            try
            {
                values[c] = TableShape.serialize(shape.types.get(c), fields.get(f));
            }
            catch (IllegalArgumentException e)
            {
                throw new Rejected(c, true, "column " + shape.columns.get(c) + ": ", e.getMessage());
            }
        }
        for (int i = 0; i < keyColumns.length; i++)
            if (values[keyColumns[i]] == null)
                throw new Rejected(keyColumns[i], false, "partition key column " + shape.partitionKey.get(i) + " is empty");
        for (String c : shape.clustering)
            if (values[shape.index(c)] == null)
                throw new Rejected(shape.index(c), false, "clustering column " + c + " is empty");
        return values;
    }

    /**
     * A record that cannot be loaded: the table column at fault (-1 for the record as a whole), whether its value was
     * not of the column's type, and why.
     */
    public static final class Rejected extends Exception
    {
        public final int column;
        public final boolean typeError;
        /** Why, without the column it names (the whole message for a record-wide reason). */
        public final String reason;

        Rejected(int column, boolean typeError, String reason)
        {
            this(column, typeError, "", reason);
        }

        Rejected(int column, boolean typeError, String prefix, String reason)
        {
            super(prefix + reason, null, false, false);
            this.column = column;
            this.typeError = typeError;
            this.reason = reason;
        }
    }
}
