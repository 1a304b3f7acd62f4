package io.hotzone.moves;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Server;

/** {@code hotzone.moves}: one partition per node, its moves newest first. */
public final class MoveStore implements MoveLog
{
    private static final String TABLE = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.MOVES;
    private static final String COLUMNS = "node, id, after, from_token, to_token, state, reason, requested_by, requested_at, started_at, ended_at, "
                                          + "bytes_streamed, note, revert_of";

    private final Server server;

    public MoveStore(Server server)
    {
        this.server = server;
    }

    /** A new id: sorts by request time (milliseconds in hex), then by its place in its batch, then random. */
    static String newId(Instant now, int seq)
    {
        return String.format("m%011x%02x%03x", now.toEpochMilli(), seq & 0xff, ThreadLocalRandom.current().nextInt(0x1000));
    }

    public void insert(MoveRecord r)
    {
        server.execute("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Consistency.LOCAL_QUORUM,
                       r.node(), r.id(), r.after(), r.from(), r.to(), r.state().name(), r.reason(), r.requestedBy(), date(r.requestedAt()),
                       date(r.startedAt()), date(r.endedAt()), r.bytesStreamed(), r.note(), r.revertOf());
    }

    @Override
    public void started(String node, String id, Instant at)
    {
        server.execute("UPDATE " + TABLE + " SET state = ?, started_at = ? WHERE node = ? AND id = ?", Consistency.LOCAL_QUORUM,
                       MoveRecord.State.RUNNING.name(), date(at), node, id);
    }

    @Override
    public void progress(String node, String id, long bytes)
    {
        server.execute("UPDATE " + TABLE + " SET bytes_streamed = ? WHERE node = ? AND id = ?", Consistency.LOCAL_QUORUM, bytes, node, id);
    }

    @Override
    public void ended(String node, String id, MoveRecord.State state, Instant at, long bytes, String note)
    {
        server.execute("UPDATE " + TABLE + " SET state = ?, ended_at = ?, bytes_streamed = ?, note = ? WHERE node = ? AND id = ?", Consistency.LOCAL_QUORUM,
                       state.name(), date(at), bytes, note, node, id);
    }

    /** Changes the state of an ended move only if it is still {@code from} (an operator clearing a failure). */
    public boolean transition(String node, String id, MoveRecord.State from, MoveRecord.State to, String note)
    {
        List<Map<String, Object>> r = server.execute("UPDATE " + TABLE + " SET state = ?, note = ? WHERE node = ? AND id = ? IF state = ?", Consistency.LOCAL_QUORUM,
                                                     to.name(), note, node, id, from.name());
        return !r.isEmpty() && Boolean.TRUE.equals(r.get(0).get("[applied]"));
    }

    @Override
    public List<MoveRecord> forNode(String node)
    {
        return rows(server.execute("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE node = ?", Consistency.LOCAL_QUORUM, node));
    }

    /** Every node's moves, newest first (the table is small: moves are rare and expire with the table's TTL). */
    @Override
    public List<MoveRecord> all()
    {
        List<MoveRecord> all = rows(server.execute("SELECT " + COLUMNS + " FROM " + TABLE, Consistency.LOCAL_QUORUM));
        all.sort(Comparator.comparing(MoveRecord::id).reversed());
        return all;
    }

    private static List<MoveRecord> rows(List<Map<String, Object>> rows)
    {
        List<MoveRecord> out = new ArrayList<>();
        for (Map<String, Object> r : rows)
        {
            MoveRecord.State state;
            try
            {
                state = MoveRecord.State.valueOf(String.valueOf(r.get("state")));
            }
            catch (IllegalArgumentException e)
            {
                continue; // a row a newer version wrote
            }
            out.add(new MoveRecord((String) r.get("node"), (String) r.get("id"), (String) r.get("after"), longOf(r.get("from_token")),
                                   longOf(r.get("to_token")), state, (String) r.get("reason"), (String) r.get("requested_by"),
                                   instant(r.get("requested_at")), instant(r.get("started_at")), instant(r.get("ended_at")),
                                   longOf(r.get("bytes_streamed")), (String) r.get("note"), (String) r.get("revert_of")));
        }
        return out;
    }

    private static long longOf(Object o)
    {
        return o == null ? 0 : (Long) o;
    }

    private static Instant instant(Object o)
    {
        return o == null ? null : ((Date) o).toInstant();
    }

    private static Date date(Instant i)
    {
        return i == null ? null : Date.from(i);
    }
}
