package io.hotzone.tools.load;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;

/**
 * Sends batches of one partition's rows (unlogged: one partition is one mutation on each replica, so the batch is
 * atomic and isolated there without the batch log) to their replicas through the driver's token-aware routing, with
 * a bounded number in flight per primary replica: the reader blocks when a node is behind, so memory stays bounded.
 * Writes are idempotent (every cell's timestamp is fixed by its record), so a failed batch is retried as is; a batch
 * Cassandra refuses as invalid is split to find the records at fault, which become rejects. What cannot be written
 * after the retries stops the load, and the chunk it belongs to stays unfinished for a resume.
 */
final class BatchWriter
{
    /** A record ready to be written. */
    static final class Row
    {
        final BoundStatement statement;
        final int file;
        final long line;
        final List<String> record;
        final long checksum;
        final int bytes;

        Row(BoundStatement statement, int file, long line, List<String> record, long checksum, int bytes)
        {
            this.statement = statement;
            this.file = file;
            this.line = line;
            this.record = record;
            this.checksum = checksum;
            this.bytes = bytes;
        }
    }

    private final CqlSession session;
    private final ConsistencyLevel consistency;
    private final int inFlightPerNode;
    private final int attempts;
    private final Rejects rejects;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hotzone-import-retries");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger outstanding = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final LongAdder rowsWritten = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder retried = new LongAdder();
    final Map<String, LongAdder> nodeRows = new ConcurrentHashMap<>();

    BatchWriter(CqlSession session, ConsistencyLevel consistency, int inFlightPerNode, int attempts, Rejects rejects)
    {
        this.session = session;
        this.consistency = consistency;
        this.inFlightPerNode = inFlightPerNode;
        this.attempts = attempts;
        this.rejects = rejects;
    }

    /** Writes the rows (one partition's, in input order) for this node; blocks while the node has its share in flight. */
    void write(Chunk chunk, String node, List<Row> rows) throws InterruptedException
    {
        Semaphore permit = permits.computeIfAbsent(node, n -> new Semaphore(inFlightPerNode));
        permit.acquire();
        outstanding.incrementAndGet();
        chunk.batchSent();
        send(chunk, rows, 1, ok -> {
            if (ok)
                chunk.batchDone(rows.size());
            else
                chunk.batchFailed();
            permit.release();
            synchronized (outstanding)
            {
                outstanding.decrementAndGet();
                outstanding.notifyAll();
            }
        }, node);
    }

    /** Counts a row as written to its primary replica (also in a dry run, where nothing is sent). */
    void counted(Chunk chunk, String node, Row row)
    {
        nodeRows.computeIfAbsent(node, n -> new LongAdder()).increment();
        chunk.count(node, row.checksum);
    }

    private interface Done
    {
        void done(boolean ok);
    }

    private void send(Chunk chunk, List<Row> rows, int attempt, Done done, String node)
    {
        Statement<?> statement = statement(rows);
        session.executeAsync(statement).whenComplete((rs, error) -> {
            if (error == null)
            {
                for (Row r : rows)
                {
                    counted(chunk, node, r);
                    bytesWritten.add(r.bytes);
                }
                rowsWritten.add(rows.size());
                done.done(true);
            }
            else if (error instanceof InvalidQueryException)
                invalid(chunk, rows, (InvalidQueryException) error, done, node);
            else if (error instanceof QueryValidationException || attempt >= attempts || failure.get() != null)
            {
                failure.compareAndSet(null, error);
                done.done(false);
            }
            else
            {
                retried.increment();
                retries.schedule(() -> send(chunk, rows, attempt + 1, done, node), 100L << Math.min(attempt, 6), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Cassandra refused the batch: alone, the record is rejected; in a batch, each record is tried on its own. */
    private void invalid(Chunk chunk, List<Row> rows, InvalidQueryException error, Done done, String node)
    {
        if (rows.size() == 1)
        {
            Row r = rows.get(0);
            try
            {
                rejects.add(r.file, r.line, "refused by Cassandra: " + error.getMessage(), r.record);
            }
            catch (IOException e)
            {
                failure.compareAndSet(null, e);
                done.done(false);
                return;
            }
            done.done(true);
            return;
        }
        AtomicInteger left = new AtomicInteger(rows.size());
        AtomicInteger failed = new AtomicInteger();
        for (Row r : rows)
            send(chunk, List.of(r), 1, ok -> {
                if (!ok)
                    failed.incrementAndGet();
                if (left.decrementAndGet() == 0)
                    done.done(failed.get() == 0);
            }, node);
    }

    private Statement<?> statement(List<Row> rows)
    {
        Statement<?> s;
        if (rows.size() == 1)
            s = rows.get(0).statement;
        else
        {
            BatchStatement batch = BatchStatement.newInstance(BatchType.UNLOGGED);
            for (Row r : rows)
                batch = batch.add(r.statement);
            s = batch;
        }
        return s.setConsistencyLevel(consistency).setIdempotent(true);
    }

    /** Waits until nothing is in flight (every batch written, refused or given up). */
    void awaitIdle() throws InterruptedException
    {
        synchronized (outstanding)
        {
            while (outstanding.get() > 0)
                outstanding.wait(1000);
        }
    }

    void close()
    {
        retries.shutdownNow();
    }
}
