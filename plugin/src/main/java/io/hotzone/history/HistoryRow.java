package io.hotzone.history;

import java.util.Objects;

import io.hotzone.capture.TableSnapshot;

/** One access_log row: what {@code node} coordinated for a table during {@code [startMillis, startMillis + lengthMillis)}. */
public final class HistoryRow
{
    private final String node;
    private final long startMillis;
    private final long lengthMillis;
    private final TableSnapshot snapshot;

    public HistoryRow(String node, long startMillis, long lengthMillis, TableSnapshot snapshot)
    {
        this.node = node;
        this.startMillis = startMillis;
        this.lengthMillis = lengthMillis;
        this.snapshot = snapshot;
    }

    public String node()
    {
        return node;
    }

    public long startMillis()
    {
        return startMillis;
    }

    public long lengthMillis()
    {
        return lengthMillis;
    }

    public TableSnapshot snapshot()
    {
        return snapshot;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof HistoryRow))
            return false;
        HistoryRow that = (HistoryRow) o;
        return Objects.equals(node, that.node) && startMillis == that.startMillis && lengthMillis == that.lengthMillis
               && Objects.equals(snapshot, that.snapshot);
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(node);
        h = 31 * h + Long.hashCode(startMillis);
        h = 31 * h + Long.hashCode(lengthMillis);
        h = 31 * h + Objects.hashCode(snapshot);
        return h;
    }

    @Override
    public String toString()
    {
        return "HistoryRow[node=" + node + ", startMillis=" + startMillis + ", lengthMillis=" + lengthMillis
               + ", snapshot=" + snapshot + "]";
    }
}
