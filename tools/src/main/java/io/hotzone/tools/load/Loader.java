package io.hotzone.tools.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;

import io.hotzone.tools.profile.InputRecords;
import io.hotzone.tools.profile.InputColumns;
import io.hotzone.tools.profile.Tokens;

/**
 * Reads the input once, in order, and hands each partition's consecutive records to the {@link BatchWriter} in chunks:
 * every record gets its ordinal over all files, and its cells the write timestamp {@code base + ordinal} — the same on
 * every run of the same import, so a re-run or a resume rewrites identical cells and a later record of the same row
 * wins as it would in a sequential load. Bad records go to the rejects; the load stops cleanly (nothing half-sent, the
 * checkpoint at the last finished chunk) when the rejects pass {@code maxErrors} or a write fails for good.
 */
public final class Loader
{
    /** Tuning and limits of one load. */
    public static final class Settings
    {
        public int batchRows = 32;
        public int batchBytes = 256 << 10;
        public int chunkRecords = 2_000;
        public long maxErrors = 100;
        public double maxRowsPerSecond;
        public boolean dryRun;
    }

    /** How a load ended. */
    public enum Outcome
    {
        DONE, TOO_MANY_REJECTS, WRITE_FAILED
    }

    private final InputColumns input;
    private final PreparedStatement insert;
    private final int[] boundColumn; // insert's bind index → table column; the last marker is the timestamp
    private final TokenMap ring;
    private final CqlIdentifier keyspace;
    private final BatchWriter writer;
    private final Rejects rejects;
    private final Watermark watermark;
    private final Settings settings;
    private final long timestampBase;
    private volatile long recordsRead;
    private long rowsSent;
    private final long started = System.nanoTime();

    Loader(InputColumns input, PreparedStatement insert, int[] boundColumn, TokenMap ring, BatchWriter writer, Rejects rejects, Watermark watermark,
           Settings settings, long timestampBase)
    {
        this.input = input;
        this.insert = insert;
        this.boundColumn = boundColumn;
        this.ring = ring;
        this.keyspace = CqlIdentifier.fromInternal(input.shape.keyspace);
        this.writer = writer;
        this.rejects = rejects;
        this.watermark = watermark;
        this.settings = settings;
        this.timestampBase = timestampBase;
    }

    /** Records read so far (including those skipped on resume). */
    long recordsRead()
    {
        return recordsRead;
    }

    /**
     * Loads the files from {@code resumeAt} on; returns once nothing is in flight.
     *
     * @param files opened readers, each positioned after its header line
     */
    Outcome run(List<InputRecords> files, Position resumeAt) throws IOException, InterruptedException
    {
        long ordinal = 0;
        boolean firstChunk = true;
        Outcome outcome = Outcome.DONE;
        reading:
        for (int f = 0; f < files.size(); f++)
        {
            InputRecords records = files.get(f);
            Chunk chunk = null;
            Map<ByteBuffer, List<BatchWriter.Row>> partitions = new LinkedHashMap<>();
            int inChunk = 0, accepted = 0;
            long lastLine = 0;
            for (List<String> r = records.next(); r != null; r = records.next(), ordinal++)
            {
                recordsRead = ordinal + 1;
                lastLine = records.line();
                if (ordinal < resumeAt.ordinal)
                    continue;
                if (chunk == null)
                    chunk = new Chunk(ordinal, watermark);
                BatchWriter.Row row = records.problem() != null ? rejected(r, f, records.line(), records.problem()) : row(r, f, records.line(), ordinal);
                inChunk++;
                if (row != null)
                {
                    accepted++;
                    partitions.computeIfAbsent(row.statement.getRoutingKey(), k -> new ArrayList<>()).add(row);
                }
                else if (settings.maxErrors >= 0 && rejects.count() > settings.maxErrors)
                {
                    chunk.abandon();
                    outcome = Outcome.TOO_MANY_REJECTS;
                    break reading;
                }
                if (inChunk >= settings.chunkRecords)
                {
                    firstChunk = checkFirst(firstChunk, inChunk, accepted);
                    dispatch(chunk, partitions);
                    chunk.seal(new Position(ordinal + 1, f, records.line() + 1));
                    chunk = null;
                    partitions.clear();
                    inChunk = accepted = 0;
                }
                if (writer.failure.get() != null)
                {
                    if (chunk != null)
                        chunk.abandon();
                    outcome = Outcome.WRITE_FAILED;
                    break reading;
                }
            }
            if (chunk != null)
            {
                firstChunk = checkFirst(firstChunk, inChunk, accepted);
                dispatch(chunk, partitions);
                chunk.seal(new Position(ordinal, f + 1, 0));
            }
        }
        writer.awaitIdle();
        rejects.flush();
        if (outcome == Outcome.DONE && writer.failure.get() != null)
            outcome = Outcome.WRITE_FAILED;
        return outcome;
    }

    /**
     * A file whose first records are all rejected has a wrong header or wrong types: stop before writing anything of it
     * rather than reject it record by record.
     */
    private boolean checkFirst(boolean firstChunk, int records, int accepted) throws IOException
    {
        if (firstChunk && records >= 10 && accepted == 0)
        {
            rejects.flush();
            throw new IllegalArgumentException("the first " + records + " records were all rejected (see the rejects file): check the header's "
                                               + "column names and the values' types; nothing was written");
        }
        return false;
    }

    private BatchWriter.Row rejected(List<String> record, int file, long line, String why) throws IOException
    {
        rejects.add(file, line, why, record);
        return null;
    }

    /** The record as an INSERT with its fixed timestamp, or null when it is rejected (recorded with why). */
    private BatchWriter.Row row(List<String> record, int file, long line, long ordinal) throws IOException
    {
        ByteBuffer[] values;
        try
        {
            values = input.serialize(record);
        }
        catch (InputColumns.Rejected e)
        {
            rejects.add(file, line, e.getMessage(), record);
            return null;
        }
        BoundStatementBuilder b = insert.boundStatementBuilder();
        int bytes = 0;
        for (int i = 0; i < boundColumn.length; i++)
        {
            ByteBuffer v = values[boundColumn[i]];
            if (v != null)
            {
                b = b.setBytesUnsafe(i, v);
                bytes += v.remaining();
            }
        }
        b = b.setLong(boundColumn.length, timestampBase + ordinal);
        BoundStatement statement = b.build();
        return new BatchWriter.Row(statement, file, line, record, RowChecksum.of(values), bytes);
    }

    private void dispatch(Chunk chunk, Map<ByteBuffer, List<BatchWriter.Row>> partitions) throws InterruptedException
    {
        for (Map.Entry<ByteBuffer, List<BatchWriter.Row>> p : partitions.entrySet())
        {
            String node = primary(p.getKey());
            List<BatchWriter.Row> rows = p.getValue();
            for (int from = 0; from < rows.size(); )
            {
                int to = from, bytes = 0;
                while (to < rows.size() && to - from < settings.batchRows && (to == from || bytes + rows.get(to).bytes <= settings.batchBytes))
                    bytes += rows.get(to++).bytes;
                List<BatchWriter.Row> batch = rows.subList(from, to);
                pace(batch.size());
                if (settings.dryRun)
                    batch.forEach(r -> writer.counted(chunk, node, r));
                else
                    writer.write(chunk, node, new ArrayList<>(batch));
                from = to;
            }
        }
    }

    private String primary(ByteBuffer routingKey)
    {
        Set<Node> replicas = ring.getReplicas(keyspace, routingKey);
        return replicas.isEmpty() ? "?" : Tokens.address(replicas.iterator().next());
    }

    /** Holds the reader back to {@code maxRowsPerSecond} (0: no limit). */
    private void pace(int rows) throws InterruptedException
    {
        rowsSent += rows;
        if (settings.maxRowsPerSecond <= 0)
            return;
        long due = started + (long) (rowsSent / settings.maxRowsPerSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0)
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
}
