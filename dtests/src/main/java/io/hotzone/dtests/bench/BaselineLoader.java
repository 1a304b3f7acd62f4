package io.hotzone.dtests.bench;

import java.io.BufferedReader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.hotzone.tools.load.InputFiles;
import io.hotzone.tools.profile.CsvRecords;
import io.hotzone.tools.profile.InputColumns;
import io.hotzone.tools.profile.TableShape;

/**
 * The loader the driver's documentation leads to, as the bench's baseline: one prepared INSERT per record sent with
 * {@code executeAsync}, at most {@code inFlight} outstanding (a semaphore), the session's stock load balancing policy.
 * It parses the file exactly as {@code import load} does, so the two differ only in how they write.
 */
public final class BaselineLoader
{
    private BaselineLoader()
    {
    }

    /** @return {rows written, records rejected} */
    public static long[] load(CqlSession session, String table, Path file, int inFlight, ConsistencyLevel consistency) throws Exception
    {
        String[] ks = table.split("\\.");
        TableShape shape = new TableShape(session.getMetadata().getKeyspace(ks[0]).flatMap(k -> k.getTable(ks[1])).orElseThrow());
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong written = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long rejected = 0;
        try (BufferedReader reader = InputFiles.open(file))
        {
            io.hotzone.tools.profile.InputRecords records = InputFiles.records(file, reader, shape.columns);
            InputColumns input = new InputColumns(shape, records.next());
            StringBuilder names = new StringBuilder(), markers = new StringBuilder();
            int[] column = new int[input.header.size()];
            for (int i = 0; i < column.length; i++)
            {
                column[i] = shape.index(input.header.get(i));
                names.append(i == 0 ? "" : ", ").append(CqlIdentifier.fromInternal(input.header.get(i)).asCql(true));
                markers.append(i == 0 ? "?" : ", ?");
            }
            PreparedStatement insert = session.prepare("INSERT INTO " + table + " (" + names + ") VALUES (" + markers + ")");
            for (List<String> r = records.next(); r != null && failure.get() == null; r = records.next())
            {
                ByteBuffer[] values;
                try
                {
                    values = input.serialize(r);
                }
                catch (InputColumns.Rejected e)
                {
                    rejected++;
                    continue;
                }
                BoundStatementBuilder b = insert.boundStatementBuilder();
                for (int i = 0; i < column.length; i++)
                    if (values[column[i]] != null)
                        b = b.setBytesUnsafe(i, values[column[i]]);
                permits.acquire();
                session.executeAsync(b.build().setConsistencyLevel(consistency)).whenComplete((rs, e) -> {
                    if (e == null)
                        written.incrementAndGet();
                    else
                        failure.compareAndSet(null, e);
                    permits.release();
                });
            }
        }
        permits.acquire(inFlight);
        if (failure.get() != null)
            throw new IllegalStateException("baseline write failed: " + failure.get(), failure.get());
        return new long[] { written.get(), rejected };
    }
}
