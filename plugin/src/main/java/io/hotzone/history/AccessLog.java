package io.hotzone.history;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;
import io.hotzone.capture.TableSnapshot.KeyCount;
import io.hotzone.config.HistorySettings;
import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Server;

/**
 * {@code hotzone.access_log}: the cluster's access history. Rows are partitioned by table and hour so reads of a
 * window touch a bounded number of partitions; written and read at LOCAL_QUORUM.
 */
public final class AccessLog
{
    private static final long HOUR = 3_600_000L;
    private static final String INSERT = "INSERT INTO " + HotZoneKeyspace.NAME + "." + HotZoneKeyspace.ACCESS_LOG
        + " (keyspace_name, table_name, hour, step_start, node, step_millis, reads, writes, exact, floor, top_keys, top_tokens, top_counts, top_errors, top_writes, range_reads, range_writes)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
    private static final String INSERT_TABLE = "INSERT INTO " + HotZoneKeyspace.NAME + "." + HotZoneKeyspace.ACCESS_LOG_TABLES
        + " (hour, keyspace_name, table_name) VALUES (?, ?, ?) USING TTL ?";
    private static final String SELECT = "SELECT * FROM " + HotZoneKeyspace.NAME + "." + HotZoneKeyspace.ACCESS_LOG
        + " WHERE keyspace_name = ? AND table_name = ? AND hour = ? AND step_start >= ? AND step_start < ?";
    private static final String SELECT_TABLES = "SELECT keyspace_name, table_name FROM " + HotZoneKeyspace.NAME + "." + HotZoneKeyspace.ACCESS_LOG_TABLES
        + " WHERE hour = ?";

    private final Server server;
    private final HistorySettings settings;

    public AccessLog(Server server, HistorySettings settings)
    {
        this.server = server;
        this.settings = settings;
    }

    public void append(HistoryRow row)
    {
        TableSnapshot s = row.snapshot();
        int ttl = (int) settings.ttl().toSeconds();
        Date hour = new Date(row.startMillis() - Math.floorMod(row.startMillis(), HOUR));
        List<KeyCount> top = s.top().size() > settings.keysPerRow() ? s.top().subList(0, settings.keysPerRow()) : s.top();
        boolean exact = s.exact() && top.size() == s.top().size();
        long floor = exact ? 0 : Math.max(s.floor(), top.size() < s.top().size() ? s.top().get(top.size()).count() : 0);
        List<ByteBuffer> keys = new ArrayList<>(top.size());
        List<Long> tokens = new ArrayList<>(top.size()), counts = new ArrayList<>(top.size()), errors = new ArrayList<>(top.size()),
                   writes = new ArrayList<>(top.size());
        for (KeyCount k : top)
        {
            keys.add(ByteBuffer.wrap(k.key()));
            tokens.add(k.token());
            counts.add(k.count());
            errors.add(k.error());
            writes.add(k.writes());
        }
        server.execute(INSERT, Consistency.LOCAL_QUORUM, s.table().keyspace(), s.table().table(), hour, new Date(row.startMillis()), row.node(),
                       row.lengthMillis(), s.reads(), s.writes(), exact, floor, keys, tokens, counts, errors, writes,
                       boxed(s.rangeReads()), boxed(s.rangeWrites()), ttl);
        server.execute(INSERT_TABLE, Consistency.LOCAL_QUORUM, hour, s.table().keyspace(), s.table().table(), ttl);
    }

    /** Every node's rows for the table with a step starting in {@code [fromMillis, toMillis)}, oldest first. */
    public List<HistoryRow> read(TableRef table, long fromMillis, long toMillis)
    {
        List<HistoryRow> rows = new ArrayList<>();
        for (long hour = fromMillis - Math.floorMod(fromMillis, HOUR); hour < toMillis; hour += HOUR)
            for (Map<String, Object> r : server.execute(SELECT, Consistency.LOCAL_QUORUM, table.keyspace(), table.table(), new Date(hour),
                                                        new Date(fromMillis), new Date(toMillis)))
                rows.add(toRow(table, r));
        return rows;
    }

    /** Tables with history in the window. */
    public Set<TableRef> tables(long fromMillis, long toMillis)
    {
        Set<TableRef> tables = new LinkedHashSet<>();
        for (long hour = fromMillis - Math.floorMod(fromMillis, HOUR); hour < toMillis; hour += HOUR)
            for (Map<String, Object> r : server.execute(SELECT_TABLES, Consistency.LOCAL_QUORUM, new Date(hour)))
                tables.add(new TableRef((String) r.get("keyspace_name"), (String) r.get("table_name")));
        return tables;
    }

    @SuppressWarnings("unchecked")
    private static HistoryRow toRow(TableRef table, Map<String, Object> r)
    {
        List<ByteBuffer> keys = (List<ByteBuffer>) r.get("top_keys");
        List<Long> tokens = (List<Long>) r.get("top_tokens"), counts = (List<Long>) r.get("top_counts"), errors = (List<Long>) r.get("top_errors");
        List<Long> writes = (List<Long>) r.get("top_writes"); // null in rows of nodes older than the column
        List<KeyCount> top = new ArrayList<>();
        for (int i = 0; keys != null && i < keys.size(); i++)
        {
            ByteBuffer k = keys.get(i);
            byte[] bytes = new byte[k.remaining()];
            k.duplicate().get(bytes);
            top.add(new KeyCount(bytes, tokens.get(i), counts.get(i), errors.get(i), writes == null || i >= writes.size() ? 0 : writes.get(i)));
        }
        TableSnapshot s = new TableSnapshot(table, (Long) r.get("reads"), (Long) r.get("writes"), unboxed((List<Long>) r.get("range_reads")),
                                            unboxed((List<Long>) r.get("range_writes")), List.copyOf(top), (Long) r.get("floor"), (Boolean) r.get("exact"));
        return new HistoryRow((String) r.get("node"), ((Date) r.get("step_start")).getTime(), (Long) r.get("step_millis"), s);
    }

    private static List<Long> boxed(long[] values)
    {
        List<Long> list = new ArrayList<>(values.length);
        for (long v : values)
            list.add(v);
        return list;
    }

    private static long[] unboxed(List<Long> values)
    {
        long[] out = new long[values == null ? 0 : values.size()];
        for (int i = 0; i < out.length; i++)
            out[i] = values.get(i);
        return out;
    }
}
