package io.hotzone.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;

/** Cluster-wide top partitions over a window: every node's access_log rows merged. */
public final class TopQuery
{
    /** One partition: its key as a CQL literal, token, count (an over-estimate by at most {@code error}). */
    public static final class Line
    {
        private final TableRef table;
        private final String key;
        private final long token;
        private final long count;
        private final long error;
        private final long writes;

        public Line(TableRef table, String key, long token, long count, long error, long writes)
        {
            this.table = table;
            this.key = key;
            this.token = token;
            this.count = count;
            this.error = error;
            this.writes = writes;
        }

        /** table, key, token, count, error, reads, writes (tab-separated; the first five as before the split). */
        public String encode()
        {
            return table + "\t" + key + "\t" + token + "\t" + count + "\t" + error + "\t" + (count - writes) + "\t" + writes;
        }

        public TableRef table()
        {
            return table;
        }

        public String key()
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
            if (!(o instanceof Line))
                return false;
            Line that = (Line) o;
            return Objects.equals(table, that.table) && Objects.equals(key, that.key) && token == that.token
                   && count == that.count && error == that.error;
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(table);
            h = 31 * h + Objects.hashCode(key);
            h = 31 * h + Long.hashCode(token);
            h = 31 * h + Long.hashCode(count);
            h = 31 * h + Long.hashCode(error);
            return h;
        }

        @Override
        public String toString()
        {
            return "Line[table=" + table + ", key=" + key + ", token=" + token + ", count=" + count + ", error=" + error
                   + "]";
        }
    }

    private final AccessLog log;
    private final BiFunction<TableRef, byte[], String> keyFormat;

    public TopQuery(AccessLog log, BiFunction<TableRef, byte[], String> keyFormat)
    {
        this.log = log;
        this.keyFormat = keyFormat;
    }

    /** The {@code limit} most accessed partitions of one table (or of every table with history), most first. */
    public List<Line> top(Optional<TableRef> table, long fromMillis, long toMillis, int limit)
    {
        Set<TableRef> tables = table.map(Set::of).orElseGet(() -> log.tables(fromMillis, toMillis));
        List<Line> lines = new ArrayList<>();
        for (TableRef t : tables)
        {
            List<TableSnapshot> parts = log.read(t, fromMillis, toMillis).stream().map(HistoryRow::snapshot).collect(Collectors.toList());
            if (parts.isEmpty())
                continue;
            TableSnapshot merged = TopMerge.merge(t, parts, limit);
            for (TableSnapshot.KeyCount k : merged.top())
                lines.add(new Line(t, keyFormat.apply(t, k.key()), k.token(), k.count(), k.error(), k.writes()));
        }
        lines.sort(Comparator.comparingLong(Line::count).reversed());
        return lines.size() > limit ? lines.subList(0, limit) : lines;
    }
}
