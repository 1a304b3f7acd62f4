package io.hotzone.tools.load;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * The import's row in {@code hotzone.imports} (created by the plugin): where operators see it with
 * {@code nodetool-ext hotzone imports}, and where a re-run of the same import id finds its timestamp base when the
 * checkpoint file is gone. Recording is best effort: without the plugin's keyspace, or without MODIFY on the table,
 * the load goes on and says once why it is not recorded.
 */
final class ImportRecords
{
    static final String TABLE = "hotzone.imports";

    private final CqlSession session;
    private final PrintStream out;
    private PreparedStatement insert;
    private final Instant startedAt = Instant.now();

    ImportRecords(CqlSession session, PrintStream out)
    {
        this.session = session;
        this.out = out;
        boolean exists = session.getMetadata().getKeyspace("hotzone").flatMap(k -> k.getTable("imports")).isPresent();
        if (!exists)
            out.println("Note: the cluster has no " + TABLE + " table (HotZone plugin not installed or older than this tool); the import is not recorded there");
        else
            try
            {
                insert = session.prepare("INSERT INTO " + TABLE + " (id, keyspace_name, table_name, state, inputs, profile, timestamp_base, records, "
                                         + "records_done, rows_written, rejected, started_at, updated_at, finished_at, client, node_rows, "
                                         + "node_checksums, zones, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            }
            catch (DriverException e)
            {
                disable(e);
            }
    }

    /** The timestamp base of an import already recorded with this id, or null. */
    Long timestampBase(String id)
    {
        if (insert == null)
            return null;
        try
        {
            Row r = session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance("SELECT timestamp_base FROM " + TABLE + " WHERE id = ?", id)
                                                                                       .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)).one();
            return r == null || r.isNull(0) ? null : r.getLong(0);
        }
        catch (DriverException e)
        {
            disable(e);
            return null;
        }
    }

    void save(Checkpoint c, String profile, List<String> zones, String note, boolean finished)
    {
        if (insert == null)
            return;
        Map<String, Long> rows = new LinkedHashMap<>(), sums = new LinkedHashMap<>();
        c.nodes.forEach((n, v) -> {
            rows.put(n, v[0]);
            sums.put(n, v[1]);
        });
        String[] table = c.table.split("\\.", 2);
        try
        {
            session.execute(insert.bind(c.id, table[0], table[1], c.state, c.inputs, profile, c.timestampBase, c.records, c.done.ordinal, c.rowsWritten,
                                        c.rejected, startedAt, Instant.now(), finished ? Instant.now() : null, client(), rows, sums, zones, note)
                                  .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
        }
        catch (DriverException e)
        {
            disable(e);
        }
    }

    private void disable(DriverException e)
    {
        insert = null;
        out.println("Note: the import is not recorded in " + TABLE + ": " + e.getMessage());
    }

    private static String client()
    {
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException e)
        {
            return "unknown";
        }
    }
}
