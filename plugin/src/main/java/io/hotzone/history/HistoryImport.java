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

    public Result load(TableRef table, String content)
    {
        if (!server.tableExists(table))
            throw new IllegalArgumentException("unknown table " + table);
        String[] lines = content.split("\r?\n");
        if (lines.length == 0 || !lines[0].trim().replace(" ", "").equalsIgnoreCase("key,t,count"))
            throw new EventFormatException("line 1: expected the header key,t,count");
        Map<String, Server.Key> parsedKeys = new HashMap<>();
        TreeMap<Instant, Map<String, Long>> byTime = new TreeMap<>();
        int count = 0;
        for (int i = 1; i < lines.length; i++)
        {
            String line = lines[i].trim();
            if (line.isEmpty())
                continue;
            String where = "line " + (i + 1);
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
        if (byTime.isEmpty())
            throw new EventFormatException("no data lines after the header");
        long step = stepOf(new ArrayList<>(byTime.keySet()));
        for (Map.Entry<Instant, Map<String, Long>> e : byTime.entrySet())
            log.append(new HistoryRow(NODE, e.getKey().toEpochMilli(), step, snapshot(table, e.getValue(), parsedKeys)));
        return new Result(count, parsedKeys.size(), byTime.size(), step, byTime.firstKey(), byTime.lastKey());
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
