package io.hotzone.capture;

import java.util.Map;

/** Everything one node captured during one bucket, {@code [start, start + lengthMillis)}; immutable once sealed. */
public record BucketSnapshot(long startMillis, long lengthMillis, Map<TableRef, TableSnapshot> tables)
{
    public BucketSnapshot
    {
        tables = Map.copyOf(tables);
    }

    public long endMillis()
    {
        return startMillis + lengthMillis;
    }
}
