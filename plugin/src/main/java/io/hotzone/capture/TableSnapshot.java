package io.hotzone.capture;

import java.util.List;
import java.util.Objects;

/** What one node saw of one table during one bucket: totals, per-sub-range counts and the top partitions. */
public final class TableSnapshot
{
    private final TableRef table;
    private final long reads;
    private final long writes;
    private final long[] rangeReads;
    private final long[] rangeWrites;
    private final List<KeyCount> top;
    private final long floor;
    private final boolean exact;

    /**
     * @param top most accessed partitions (reads and writes together), most first; counts over-estimate by at most {@code error}
     * @param floor an untracked partition was accessed at most this often (0 when {@code exact})
     * @param exact true when every partition accessed is in {@code top} with its exact count
     */
    public TableSnapshot(TableRef table, long reads, long writes, long[] rangeReads, long[] rangeWrites,
                         List<KeyCount> top, long floor, boolean exact)
    {
        this.table = table;
        this.reads = reads;
        this.writes = writes;
        this.rangeReads = rangeReads;
        this.rangeWrites = rangeWrites;
        this.top = top;
        this.floor = floor;
        this.exact = exact;
    }

    /**
     * A partition key (serialized, as Cassandra stores it), its token, estimated access count (reads and writes) and
     * over-estimate bound, and the writes among the accesses (counted while tracked: short by at most the error).
     */
    public static final class KeyCount
    {
        private final byte[] key;
        private final long token;
        private final long count;
        private final long error;
        private final long writes;

        public KeyCount(byte[] key, long token, long count, long error)
        {
            this(key, token, count, error, 0);
        }

        public KeyCount(byte[] key, long token, long count, long error, long writes)
        {
            this.key = key;
            this.token = token;
            this.count = count;
            this.error = error;
            this.writes = writes;
        }

        public long writes()
        {
            return writes;
        }

        /** The reads among the accesses: {@code count - writes}, over by at most the error. */
        public long reads()
        {
            return count - writes;
        }

        public byte[] key()
        {
            return key;
        }

        public long token()
        {
            return token;
        }

        public long count()
        {
            return count;
        }

        public long error()
        {
            return error;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof KeyCount))
                return false;
            KeyCount that = (KeyCount) o;
            return Objects.equals(key, that.key) && token == that.token && count == that.count && error == that.error
                   && writes == that.writes;
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(key);
            h = 31 * h + Long.hashCode(token);
            h = 31 * h + Long.hashCode(count);
            h = 31 * h + Long.hashCode(error);
            h = 31 * h + Long.hashCode(writes);
            return h;
        }

        @Override
        public String toString()
        {
            return "KeyCount[key=" + key + ", token=" + token + ", count=" + count + ", error=" + error + ", writes=" + writes + "]";
        }
    }

    public TableRef table()
    {
        return table;
    }

    public long reads()
    {
        return reads;
    }

    public long writes()
    {
        return writes;
    }

    public long[] rangeReads()
    {
        return rangeReads;
    }

    public long[] rangeWrites()
    {
        return rangeWrites;
    }

    /**
     * most accessed partitions (reads and writes together), most first; counts over-estimate by at most {@code error}
     */
    public List<KeyCount> top()
    {
        return top;
    }

    /** an untracked partition was accessed at most this often (0 when {@code exact}) */
    public long floor()
    {
        return floor;
    }

    /** true when every partition accessed is in {@code top} with its exact count */
    public boolean exact()
    {
        return exact;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof TableSnapshot))
            return false;
        TableSnapshot that = (TableSnapshot) o;
        return Objects.equals(table, that.table) && reads == that.reads && writes == that.writes
               && Objects.equals(rangeReads, that.rangeReads) && Objects.equals(rangeWrites, that.rangeWrites)
               && Objects.equals(top, that.top) && floor == that.floor && exact == that.exact;
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(table);
        h = 31 * h + Long.hashCode(reads);
        h = 31 * h + Long.hashCode(writes);
        h = 31 * h + Objects.hashCode(rangeReads);
        h = 31 * h + Objects.hashCode(rangeWrites);
        h = 31 * h + Objects.hashCode(top);
        h = 31 * h + Long.hashCode(floor);
        h = 31 * h + Boolean.hashCode(exact);
        return h;
    }

    @Override
    public String toString()
    {
        return "TableSnapshot[table=" + table + ", reads=" + reads + ", writes=" + writes + ", rangeReads=" + rangeReads
               + ", rangeWrites=" + rangeWrites + ", top=" + top + ", floor=" + floor + ", exact=" + exact + "]";
    }
}
