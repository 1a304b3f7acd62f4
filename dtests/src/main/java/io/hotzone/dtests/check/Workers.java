package io.hotzone.dtests.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;

/**
 * The consistency check's clients: writers (one per slice of the partitions, so each partition has a single writer and
 * a total order of writes) issuing every kind of write HotZone must mirror, and readers issuing ONE reads of random
 * partitions through the {@code HotZoneLoadBalancingPolicy} session. Every operation lands in the history.
 */
final class Workers implements AutoCloseable
{
    static final List<Integer> CELLS = List.of(0, 1, 2, 3);
    /** HotZoneQueryHandler.MIRROR_INFO: sent with each read, returned when a mirror answered it. */
    static final String MIRROR_INFO = "hotzone.mirror";
    private static final Map<String, java.nio.ByteBuffer> ASK_MIRROR_INFO = Map.of(MIRROR_INFO, java.nio.ByteBuffer.allocate(0));
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final CqlSession writeSession;
    private final CqlSession readSession;
    private final String table;
    private final List<String> keys;
    private final long seed;
    /** Writers hold it shared around each write; a TRUNCATE takes it exclusively, so it is ordered with every write. */
    final ReadWriteLock truncateLock = new ReentrantReadWriteLock();
    final List<Op> writes = Collections.synchronizedList(new ArrayList<>());
    final List<Op> reads = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Write timestamps (µs), set by the client so that a diagnosis can match cells to the writes that made them. */
    private final java.util.concurrent.atomic.AtomicLong timestamps = new java.util.concurrent.atomic.AtomicLong();
    private final ExecutorService pool;
    private final List<Future<?>> futures = new ArrayList<>();
    private final PreparedStatement update, insertTtl, lwt, deleteRow, deleteRange, deletePartition, select;

    Workers(CqlSession writeSession, CqlSession readSession, String table, List<String> keys, int writers, int readers, long seed)
    {
        this.writeSession = writeSession;
        this.readSession = readSession;
        this.table = table;
        this.keys = List.copyOf(keys);
        this.seed = seed;
        update = writeSession.prepare("UPDATE " + table + " SET v = ? WHERE k = ? AND c = ?");
        insertTtl = writeSession.prepare("INSERT INTO " + table + " (k, c, v) VALUES (?, ?, ?) USING TTL ?");
        lwt = writeSession.prepare("UPDATE " + table + " SET v = ? WHERE k = ? AND c = ? IF EXISTS");
        deleteRow = writeSession.prepare("DELETE FROM " + table + " WHERE k = ? AND c = ?");
        deleteRange = writeSession.prepare("DELETE FROM " + table + " WHERE k = ? AND c >= ? AND c <= ?");
        deletePartition = writeSession.prepare("DELETE FROM " + table + " WHERE k = ?");
        select = readSession.prepare("SELECT c, v FROM " + table + " WHERE k = ?");
        pool = Executors.newFixedThreadPool(writers + readers, r -> {
            Thread t = new Thread(r, "check-worker");
            t.setDaemon(true);
            return t;
        });
        for (int w = 0; w < writers; w++)
        {
            List<String> mine = new ArrayList<>();
            for (int i = w; i < keys.size(); i += writers)
                mine.add(keys.get(i));
            Random random = new Random(seed + w);
            futures.add(pool.submit(() -> write(mine, random)));
        }
        for (int r = 0; r < readers; r++)
        {
            Random random = new Random(seed + 1000 + r);
            futures.add(pool.submit(() -> read(random)));
        }
    }

    private Void write(List<String> mine, Random random)
    {
        Map<String, Integer> next = new LinkedHashMap<>();
        while (running.get())
        {
            String k = mine.get(random.nextInt(mine.size()));
            int value = next.merge(k, 1, Integer::sum);
            truncateLock.readLock().lock();
            try
            {
                writeOnce(k, value, random);
            }
            finally
            {
                truncateLock.readLock().unlock();
            }
        }
        return null;
    }

    private void writeOnce(String k, int value, Random random)
    {
        int c = random.nextInt(CELLS.size());
        int d = (c + 1 + random.nextInt(CELLS.size() - 1)) % CELLS.size();
        int roll = random.nextInt(100);
        Map<Integer, Integer> cells = new LinkedHashMap<>();
        String kind;
        Statement<?> statement;
        boolean strong = true;
        int ttl = 0;
        if (roll < 15)
        {
            kind = "write-one";
            strong = false;
            cells.put(c, value);
            statement = update.bind(value, k, c).setConsistencyLevel(DefaultConsistencyLevel.ONE);
        }
        else if (roll < 30)
        {
            kind = "write-quorum";
            cells.put(c, value);
            statement = update.bind(value, k, c).setConsistencyLevel(DefaultConsistencyLevel.QUORUM);
        }
        else if (roll < 40)
        {
            kind = "write-all";
            cells.put(c, value);
            statement = update.bind(value, k, c).setConsistencyLevel(DefaultConsistencyLevel.ALL);
        }
        else if (roll < 50)
        {
            kind = "write-ttl";
            ttl = 2 + random.nextInt(3);
            cells.put(c, value);
            statement = insertTtl.bind(k, c, value, ttl).setConsistencyLevel(DefaultConsistencyLevel.QUORUM);
        }
        else if (roll < 60)
        {
            kind = "lwt";
            cells.put(c, value);
            statement = lwt.bind(value, k, c).setConsistencyLevel(DefaultConsistencyLevel.QUORUM).setSerialConsistencyLevel(DefaultConsistencyLevel.SERIAL);
        }
        else if (roll < 68)
        {
            kind = "delete-row";
            cells.put(c, null);
            statement = deleteRow.bind(k, c).setConsistencyLevel(DefaultConsistencyLevel.QUORUM);
        }
        else if (roll < 74)
        {
            kind = "delete-range";
            int from = Math.min(c, d), to = Math.max(c, d);
            for (int x = from; x <= to; x++)
                cells.put(x, null);
            statement = deleteRange.bind(k, from, to).setConsistencyLevel(DefaultConsistencyLevel.QUORUM);
        }
        else if (roll < 78)
        {
            kind = "delete-partition";
            for (int x : CELLS)
                cells.put(x, null);
            statement = deletePartition.bind(k).setConsistencyLevel(DefaultConsistencyLevel.QUORUM);
        }
        else if (roll < 86)
        {
            kind = "batch-logged";
            cells.put(c, value);
            cells.put(d, value);
            statement = BatchStatement.newInstance(BatchType.LOGGED, update.bind(value, k, c), update.bind(value, k, d))
                                      .setConsistencyLevel(DefaultConsistencyLevel.QUORUM);
        }
        else if (roll < 92)
        {
            kind = "batch-unlogged-one";
            strong = false;
            cells.put(c, value);
            cells.put(d, value);
            statement = BatchStatement.newInstance(BatchType.UNLOGGED, update.bind(value, k, c), update.bind(value, k, d))
                                      .setConsistencyLevel(DefaultConsistencyLevel.ONE);
        }
        else
        {
            kind = "batch-text-all";
            cells.put(c, value);
            cells.put(d, null);
            statement = SimpleStatement.newInstance("BEGIN BATCH UPDATE " + table + " SET v = " + value + " WHERE k = '" + k + "' AND c = " + c
                                                    + "; DELETE FROM " + table + " WHERE k = '" + k + "' AND c = " + d + "; APPLY BATCH")
                                       .setConsistencyLevel(DefaultConsistencyLevel.ALL);
        }
        Op op = new Op(kind, k, cells, ttl, strong, System.nanoTime());
        op.timestamp = timestamps.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() * 1000));
        writes.add(op);
        try
        {
            ResultSet rs = writeSession.execute(statement.setTimeout(TIMEOUT).setQueryTimestamp(op.timestamp));
            boolean applied = !kind.equals("lwt") || rs.wasApplied();
            op.done(applied ? Op.Outcome.OK : Op.Outcome.FAIL, System.nanoTime());
            op.coordinator = coordinator(rs);
        }
        catch (UnavailableException e)
        {
            op.done(Op.Outcome.FAIL, System.nanoTime()); // refused before any replica was written
        }
        catch (RuntimeException e)
        {
            // a timeout or a lost connection: it may have been applied, or may still be
            op.done(Op.Outcome.UNKNOWN, System.nanoTime());
            pause(50);
        }
    }

    private Void read(Random random)
    {
        while (running.get())
        {
            String k = keys.get(random.nextInt(keys.size()));
            long invoked = System.nanoTime();
            try
            {
                Map<Integer, Integer> cells = new LinkedHashMap<>();
                ResultSet rs = readSession.execute(select.bind(k).setConsistencyLevel(DefaultConsistencyLevel.ONE).setTimeout(TIMEOUT)
                                                         .setCustomPayload(ASK_MIRROR_INFO));
                for (Row row : rs)
                    if (!row.isNull("v"))
                        cells.put(row.getInt("c"), row.getInt("v"));
                Op op = new Op("read-one", k, cells, 0, false, invoked).done(Op.Outcome.OK, System.nanoTime());
                op.fromMirror = rs.getExecutionInfo().getIncomingPayload().containsKey(MIRROR_INFO);
                op.coordinator = coordinator(rs);
                reads.add(op);
            }
            catch (com.datastax.oss.driver.api.core.DriverException e)
            {
                pause(50); // a read that failed tells nothing
            }
        }
        return null;
    }

    private static String coordinator(ResultSet rs)
    {
        com.datastax.oss.driver.api.core.metadata.Node node = rs.getExecutionInfo().getCoordinator();
        return node == null ? "?" : node.getEndPoint().toString();
    }

    /** TRUNCATE ordered with every write (they pause): one delete of every cell of every partition in the history. */
    void truncate() throws InterruptedException
    {
        if (!truncateLock.writeLock().tryLock(30, TimeUnit.SECONDS))
            throw new IllegalStateException("writers did not pause for the TRUNCATE within 30 s");
        try
        {
            List<Op> ops = new ArrayList<>();
            long invoked = System.nanoTime();
            for (String k : keys)
            {
                Map<Integer, Integer> cells = new LinkedHashMap<>();
                for (int c : CELLS)
                    cells.put(c, null);
                Op op = new Op("truncate", k, cells, 0, true, invoked);
                ops.add(op);
                writes.add(op);
            }
            Op.Outcome outcome;
            try
            {
                writeSession.execute(SimpleStatement.newInstance("TRUNCATE " + table).setTimeout(Duration.ofSeconds(60)));
                outcome = Op.Outcome.OK;
            }
            catch (UnavailableException e)
            {
                outcome = Op.Outcome.FAIL;
            }
            catch (RuntimeException e)
            {
                outcome = Op.Outcome.UNKNOWN;
            }
            long done = System.nanoTime();
            for (Op op : ops)
                op.done(outcome, done);
        }
        finally
        {
            truncateLock.writeLock().unlock();
        }
    }

    @Override
    public void close() throws Exception
    {
        running.set(false);
        for (Future<?> f : futures)
            f.get(60, TimeUnit.SECONDS);
        pool.shutdownNow();
    }

    private static void pause(long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
