package io.hotzone.tools.profile;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;

/**
 * What HotZone already knows of a table's access (for {@code import profile --history}), read over CQL from the
 * plugin's keyspace: the access history of every node over a window ({@code hotzone.access_log}: totals of reads and
 * writes and each step's most accessed partitions) and the announced events still to come ({@code hotzone.events}).
 * A partition is predicted hot from history when it took at least {@value #HOT_SHARE_PERCENT} % of the table's accesses
 * in the window (at most {@value #MAX_HOT} of them), and from an event when the event names it.
 */
public final class AccessHistory
{
    static final int HOT_SHARE_PERCENT = 1, MAX_HOT = 20;
    private static final long HOUR = 3_600_000L;

    /** A partition predicted hot, with the reason and when. */
    public static final class Hot
    {
        public final String key;
        public final long token;
        public final double confidence;
        public final String basis;
        public final String window;

        Hot(String key, long token, double confidence, String basis, String window)
        {
            this.key = key;
            this.token = token;
            this.confidence = confidence;
            this.basis = basis;
            this.window = window;
        }
    }

    public final Duration window;
    public final long reads, writes;
    public final List<Hot> hot;
    public final int events;

    private AccessHistory(Duration window, long reads, long writes, List<Hot> hot, int events)
    {
        this.window = window;
        this.reads = reads;
        this.writes = writes;
        this.hot = hot;
        this.events = events;
    }

    /** @throws IllegalArgumentException when the cluster has no HotZone keyspace to read */
    public static AccessHistory read(CqlSession session, TableShape shape, TokenMap ring, Duration window, Instant now)
    {
        if (session.getMetadata().getKeyspace("hotzone").flatMap(k -> k.getTable("access_log")).isEmpty())
            throw new IllegalArgumentException("--history: the cluster has no hotzone.access_log (is the HotZone plugin installed?)");
        long reads = 0, writes = 0;
        Map<ByteBuffer, long[]> keys = new HashMap<>(); // token, count, error, writes
        long to = now.toEpochMilli(), from = to - window.toMillis();
        for (long hour = from - Math.floorMod(from, HOUR); hour <= to; hour += HOUR)
            for (Row r : session.execute(SimpleStatement.newInstance("SELECT * FROM hotzone.access_log WHERE keyspace_name = ? AND table_name = ? AND hour = ?",
                                                                     shape.keyspace, shape.table, Instant.ofEpochMilli(hour))
                                                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)))
            {
                Instant step = r.getInstant("step_start");
                if (step == null || step.toEpochMilli() < from)
                    continue;
                reads += r.getLong("reads");
                writes += r.getLong("writes");
                List<ByteBuffer> k = r.getList("top_keys", ByteBuffer.class);
                List<Long> tokens = r.getList("top_tokens", Long.class), counts = r.getList("top_counts", Long.class),
                           errors = r.getList("top_errors", Long.class);
                List<Long> keyWrites = r.getColumnDefinitions().contains("top_writes") ? r.getList("top_writes", Long.class) : List.of();
                for (int i = 0; i < k.size(); i++)
                {
                    long[] acc = keys.computeIfAbsent(k.get(i), x -> new long[4]);
                    acc[0] = tokens.get(i);
                    acc[1] += counts.get(i);
                    acc[2] += errors.get(i);
                    acc[3] += i < keyWrites.size() ? keyWrites.get(i) : 0;
                }
            }
        List<Hot> hot = new ArrayList<>();
        long total = reads + writes;
        String days = describe(window);
        List<Map.Entry<ByteBuffer, long[]>> ranked = new ArrayList<>(keys.entrySet());
        ranked.sort(Comparator.comparingLong((Map.Entry<ByteBuffer, long[]> e) -> e.getValue()[1]).reversed());
        for (Map.Entry<ByteBuffer, long[]> e : ranked)
        {
            long[] a = e.getValue();
            if (hot.size() >= MAX_HOT || total == 0 || (a[1] - a[2]) * 100 < HOT_SHARE_PERCENT * total)
                break;
            hot.add(new Hot(shape.literal(e.getKey()), a[0], Math.round((a[1] - a[2]) * 10_000.0 / a[1]) / 10_000.0,
                            String.format(Locale.ROOT, "history: %d accesses (%d reads, %d writes) in the last %s, %.1f %% of the table's", a[1], a[1] - a[3],
                                          a[3], days, 100.0 * a[1] / total),
                            "as in the last " + days));
        }
        int events = 0;
        if (session.getMetadata().getKeyspace("hotzone").flatMap(k -> k.getTable("events")).isPresent())
            for (Row r : session.execute(SimpleStatement.newInstance("SELECT * FROM hotzone.events").setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)))
            {
                Instant end = r.getInstant("ends_at");
                if (!shape.keyspace.equals(r.getString("keyspace_name")) || !shape.table.equals(r.getString("table_name")) || end == null || !end.isAfter(now))
                    continue;
                events++;
                List<String> targets = r.isNull("target_keys") ? List.of() : r.getList("target_keys", String.class);
                for (String literal : targets)
                {
                    long token = Tokens.value(ring.newToken(shape.serializeKey(literal)));
                    hot.add(new Hot(literal, token, 1.0, String.format(Locale.ROOT, "event %s: access x%s announced", r.getString("name"),
                                                                       format(r.getDouble("multiplier"))),
                                    r.getInstant("starts_at") + "/" + end));
                }
            }
        return new AccessHistory(window, reads, writes, hot, events);
    }

    private static String format(double v)
    {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static String describe(Duration d)
    {
        return d.toDays() >= 1 && d.toHours() % 24 == 0 ? d.toDays() + " d" : d.toHours() >= 1 && d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }
}
