package io.hotzone.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.hotzone.capture.RingRanges;
import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;
import io.hotzone.capture.TableSnapshot.KeyCount;
import io.hotzone.events.EventFormatException;
import io.hotzone.events.EventParser;
import io.hotzone.server.Server;

/**
 * Loads history from before the plugin existed: the long CSV format {@code key,t,count} (one row per key and time
 * step; keys as CQL literals of the partition key, text keys may be unquoted). Every line is checked before anything
 * is written. Imported rows carry node {@value #NODE}; the step is the smallest gap between consecutive times.
 */
public final class HistoryImport
{
    public static final String NODE = "import";

    public static final class Result
    {
        private final int lines;
        private final int keys;
        private final int steps;
        private final long stepMillis;
        private final Instant first;
        private final Instant last;

        public Result(int lines, int keys, int steps, long stepMillis, Instant first, Instant last)
        {
            this.lines = lines;
            this.keys = keys;
            this.steps = steps;
            this.stepMillis = stepMillis;
            this.first = first;
            this.last = last;
        }

        public String describe(TableRef table)
        {
            return "imported " + lines + " counts for " + keys + " partitions over " + steps + " steps of "
                   + io.hotzone.config.Durations.format(java.time.Duration.ofMillis(stepMillis)) + " (" + first + " .. " + last + ") into " + table;
        }

        public int lines()
        {
            return lines;
        }

        public int keys()
        {
            return keys;
        }

        public int steps()
        {
            return steps;
        }

        public long stepMillis()
        {
            return stepMillis;
        }

        public Instant first()
        {
            return first;
        }

        public Instant last()
        {
            return last;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Result))
                return false;
            Result that = (Result) o;
            return lines == that.lines && keys == that.keys && steps == that.steps && stepMillis == that.stepMillis
                   && Objects.equals(first, that.first) && Objects.equals(last, that.last);
        }

        @Override
        public int hashCode()
        {
            int h = lines;
            h = 31 * h + keys;
            h = 31 * h + steps;
            h = 31 * h + Long.hashCode(stepMillis);
            h = 31 * h + Objects.hashCode(first);
            h = 31 * h + Objects.hashCode(last);
            return h;
        }

        @Override
        public String toString()
        {
            return "Result[lines=" + lines + ", keys=" + keys + ", steps=" + steps + ", stepMillis=" + stepMillis
                   + ", first=" + first + ", last=" + last + "]";
        }
    }

    private final Server server;
    private final AccessLog log;
    private final RingRanges ranges;

    public HistoryImport(Server server, AccessLog log, RingRanges ranges)
    {
        this.server = server;
        this.log = log;
        this.ranges = ranges;
    }

    /** A whole file in one call: {@link #begin}, one {@link Batch#add}, {@link Batch#finish}. */
    public Result load(TableRef table, String content)
    {
        Batch batch = begin(table);
        batch.add(content);
        return batch.finish();
    }

    /** An import sent in parts (the file's lines in order, split at line ends): see {@link Batch}. */
    public Batch begin(TableRef table)
    {
        if (!server.tableExists(table))
            throw new IllegalArgumentException("unknown table " + table);
        return new Batch(table);
    }

    /**
     * One import whose lines arrive in parts. Every line is checked as it arrives (numbered across parts) and only the
     * counts are kept, summed per time step and key; nothing is written before {@link #finish}, so a file with a bad
     * line anywhere writes nothing. Not thread-safe: one client sends one import's parts in order.
     */
    public final class Batch
    {
        private final TableRef table;
        private final Map<String, Server.Key> parsedKeys = new HashMap<>();
        private final TreeMap<Instant, Map<String, Long>> byTime = new TreeMap<>();
        private int lineNumber;
        private int count;
        private boolean finished;

        private Batch(TableRef table)
        {
            this.table = table;
        }

        public TableRef table()
        {
            return table;
        }

        /** Lines checked so far (the header included). */
        public int lines()
        {
            return lineNumber;
        }

        /** The next lines of the file; the first part starts with the header {@code key,t,count}. */
        public void add(String text)
        {
            if (finished)
                throw new IllegalStateException("the import of " + table + " is already finished");
            for (String raw : text.split("\r?\n"))
            {
                lineNumber++;
                String line = raw.trim();
                if (lineNumber == 1)
                {
                    if (!line.replace(" ", "").equalsIgnoreCase("key,t,count"))
                        throw new EventFormatException("line 1: expected the header key,t,count");
                    continue;
                }
                if (!line.isEmpty())
                    addLine("line " + lineNumber, line);
            }
        }

        private void addLine(String where, String line)
        {
            int last = line.lastIndexOf(','), middle = last < 0 ? -1 : line.lastIndexOf(',', last - 1);
            if (middle <= 0)
                throw new EventFormatException(where + ": expected key,t,count, got '" + line + "'");
            String key = line.substring(0, middle).trim();
            if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\""))
                key = key.substring(1, key.length() - 1).replace("\"\"", "\"");
            Instant t = EventParser.time(where, "t", line.substring(middle + 1, last));
            long n;
            try
            {
                n = Long.parseLong(line.substring(last + 1).trim());
            }
            catch (NumberFormatException e)
            {
                throw new EventFormatException(where + ": count '" + line.substring(last + 1).trim() + "' is not a whole number");
            }
            if (n < 0)
                throw new EventFormatException(where + ": count " + n + " is negative");
            String k = key;
            try
            {
                parsedKeys.computeIfAbsent(k, x -> server.parseKey(table, x));
            }
            catch (IllegalArgumentException e)
            {
                throw new EventFormatException(where + ": " + e.getMessage());
            }
            byTime.computeIfAbsent(t, x -> new HashMap<>()).merge(k, n, Long::sum);
            count++;
        }

        /** Writes one history row per time step, as node {@value #NODE}. */
        public Result finish()
        {
            if (finished)
                throw new IllegalStateException("the import of " + table + " is already finished");
            if (lineNumber == 0)
                throw new EventFormatException("line 1: expected the header key,t,count");
            if (byTime.isEmpty())
                throw new EventFormatException("no data lines after the header");
            finished = true;
            long step = stepOf(new ArrayList<>(byTime.keySet()));
            for (Map.Entry<Instant, Map<String, Long>> e : byTime.entrySet())
                log.append(new HistoryRow(NODE, e.getKey().toEpochMilli(), step, snapshot(table, e.getValue(), parsedKeys)));
            return new Result(count, parsedKeys.size(), byTime.size(), step, byTime.firstKey(), byTime.lastKey());
        }
    }

    private TableSnapshot snapshot(TableRef table, Map<String, Long> counts, Map<String, Server.Key> keys)
    {
        long[] rangeReads = new long[ranges.count()];
        long total = 0;
        List<KeyCount> top = new ArrayList<>(counts.size());
        for (Map.Entry<String, Long> c : counts.entrySet())
        {
            Server.Key k = keys.get(c.getKey());
            top.add(new KeyCount(k.bytes(), k.token(), c.getValue(), 0));
            rangeReads[ranges.indexOf(k.token())] += c.getValue();
            total += c.getValue();
        }
        top.sort(Comparator.comparingLong(KeyCount::count).reversed());
        return new TableSnapshot(table, total, 0, rangeReads, new long[ranges.count()], List.copyOf(top), 0, true);
    }

    /** The smallest gap between consecutive times; a single time step counts as one day. */
    static long stepOf(List<Instant> sorted)
    {
        long step = Long.MAX_VALUE;
        for (int i = 1; i < sorted.size(); i++)
            step = Math.min(step, sorted.get(i).toEpochMilli() - sorted.get(i - 1).toEpochMilli());
        return step == Long.MAX_VALUE ? 86_400_000L : step;
    }
}
