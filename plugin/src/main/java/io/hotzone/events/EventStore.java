package io.hotzone.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.hotzone.capture.TableRef;
import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Server;

/**
 * {@code hotzone.events}. Writes are one logged batch, so a file loads all or nothing. Rows may also be inserted with
 * plain CQL; a row that does not make a valid event is skipped on read and reported once per read.
 */
public final class EventStore
{
    /** A logged batch this size stays well under Cassandra's default batch_size_fail_threshold (50 KiB). */
    public static final int MAX_PER_LOAD = 200;

    private static final String TABLE = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.EVENTS;
    private static final String INSERT = "INSERT INTO " + TABLE + " (id, name, starts_at, ends_at, keyspace_name, table_name, target_kind, "
                                         + "target_keys, token_start, token_end, multiplier, source, created_at) VALUES ";

    private final Server server;

    public EventStore(Server server)
    {
        this.server = server;
    }

    public void add(List<Event> events)
    {
        if (events.size() > MAX_PER_LOAD)
            throw new EventFormatException(events.size() + " events in one load; at most " + MAX_PER_LOAD + " (split the file)");
        StringBuilder batch = new StringBuilder("BEGIN BATCH ");
        List<Object> values = new ArrayList<>();
        Date now = new Date();
        for (Event e : events)
        {
            batch.append(INSERT).append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?); ");
            values.add(e.id());
            values.add(e.name());
            values.add(Date.from(e.start()));
            values.add(Date.from(e.end()));
            values.add(e.table().keyspace());
            values.add(e.table().table());
            values.add(e.targetKind());
            values.add(e.keys());
            values.add(e.tokenRange() == null ? null : e.tokenRange().start());
            values.add(e.tokenRange() == null ? null : e.tokenRange().end());
            values.add(e.multiplier());
            values.add(e.source() == null ? "" : e.source());
            values.add(now);
        }
        batch.append("APPLY BATCH");
        server.execute(batch.toString(), Consistency.LOCAL_QUORUM, values.toArray());
    }

    /**
     * Which of these ids are stored already, in the given order. Checked before a load rather than inside it (events are
     * one logged batch, which cannot be conditional across partitions): two loads of the same new id at the same moment
     * can both pass, and the later write wins.
     */
    public List<String> stored(List<String> ids)
    {
        List<String> out = new ArrayList<>();
        for (String id : ids)
            if (!server.execute("SELECT id FROM " + TABLE + " WHERE id = ?", Consistency.LOCAL_QUORUM, id).isEmpty())
                out.add(id);
        return out;
    }

    public boolean remove(String id)
    {
        if (server.execute("SELECT id FROM " + TABLE + " WHERE id = ?", Consistency.LOCAL_QUORUM, id).isEmpty())
            return false;
        server.execute("DELETE FROM " + TABLE + " WHERE id = ?", Consistency.LOCAL_QUORUM, id);
        return true;
    }

    /** Events of a table (or all), by start; past ones only when asked. Invalid rows go to {@code skipped}. */
    public List<Event> list(Optional<TableRef> table, boolean includePast, Instant now, Consumer<String> skipped)
    {
        List<Event> events = new ArrayList<>();
        for (Map<String, Object> row : server.execute("SELECT * FROM " + TABLE, Consistency.LOCAL_QUORUM))
        {
            try
            {
                Event e = fromRow(row);
                if (table.map(t -> t.equals(e.table())).orElse(true) && (includePast || e.end().isAfter(now)))
                    events.add(e);
            }
            catch (RuntimeException bad)
            {
                skipped.accept("event row " + row.get("id") + " skipped: " + bad.getMessage());
            }
        }
        events.sort(Comparator.comparing(Event::start).thenComparing(Event::id));
        return events;
    }

    @SuppressWarnings("unchecked")
    private static Event fromRow(Map<String, Object> row)
    {
        Object start = row.get("starts_at"), end = row.get("ends_at"), multiplier = row.get("multiplier");
        if (start == null || end == null || multiplier == null || row.get("keyspace_name") == null || row.get("table_name") == null)
            throw new IllegalArgumentException("starts_at, ends_at, keyspace_name, table_name and multiplier are required");
        List<String> keys = row.get("target_keys") == null ? List.of() : (List<String>) row.get("target_keys");
        Long ts = (Long) row.get("token_start"), te = (Long) row.get("token_end");
        Event.TokenRange range = ts != null && te != null ? new Event.TokenRange(ts, te) : null;
        return new Event((String) row.get("id"), row.get("name") == null ? "" : (String) row.get("name"), ((Date) start).toInstant(),
                         ((Date) end).toInstant(), new TableRef((String) row.get("keyspace_name"), (String) row.get("table_name")), keys, range,
                         (Double) multiplier, row.get("source") == null ? "" : (String) row.get("source"));
    }
}
