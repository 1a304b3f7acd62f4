package io.hotzone.capture;

import java.util.Map;
import java.util.Objects;

/** Everything one node captured during one bucket, {@code [start, start + lengthMillis)}; immutable once sealed. */
public final class BucketSnapshot
{
    private final long startMillis;
    private final long lengthMillis;
    private final Map<TableRef, TableSnapshot> tables;

    public BucketSnapshot(long startMillis, long lengthMillis, Map<TableRef, TableSnapshot> tables)
    {
        tables = Map.copyOf(tables);
        this.startMillis = startMillis;
        this.lengthMillis = lengthMillis;
        this.tables = tables;
    }

    public long endMillis()
    {
        return startMillis + lengthMillis;
    }

    public long startMillis()
    {
        return startMillis;
    }

    public long lengthMillis()
    {
        return lengthMillis;
    }

    public Map<TableRef, TableSnapshot> tables()
    {
        return tables;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof BucketSnapshot))
            return false;
        BucketSnapshot that = (BucketSnapshot) o;
        return startMillis == that.startMillis && lengthMillis == that.lengthMillis
               && Objects.equals(tables, that.tables);
    }

    @Override
    public int hashCode()
    {
        int h = Long.hashCode(startMillis);
        h = 31 * h + Long.hashCode(lengthMillis);
        h = 31 * h + Objects.hashCode(tables);
        return h;
    }

    @Override
    public String toString()
    {
        return "BucketSnapshot[startMillis=" + startMillis + ", lengthMillis=" + lengthMillis + ", tables=" + tables
               + "]";
    }
}
