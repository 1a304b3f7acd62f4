package io.hotzone.dtests.workload;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/**
 * A closed-loop read/write workload over {@code keyspace.table (k text PRIMARY KEY, v blob)}: {@code concurrency}
 * requests in flight, keys chosen by a {@link Popularity}, latencies in an HdrHistogram (microseconds).
 */
public final class Workload
{
    /**
     * @param keys      distinct partitions, named k0 … k(keys-1)
     * @param valueSize bytes per value
     * @param readRatio share of operations that are reads (the rest are writes)
     */
    public record Spec(String keyspace, String table, int keys, int valueSize, double readRatio, int concurrency)
    {
        public String qualified()
        {
            return keyspace + "." + table;
        }
    }

    /** What one run did. */
    public record Result(long ops, long errors, double seconds, Histogram latencyMicros)
    {
        public double throughput()
        {
            return ops / seconds;
        }

        public double p50Ms()
        {
            return latencyMicros.getValueAtPercentile(50) / 1000.0;
        }

        public double p99Ms()
        {
            return latencyMicros.getValueAtPercentile(99) / 1000.0;
        }
    }

    private final CqlSession session;
    private final Spec spec;
    private final PreparedStatement read;
    private final PreparedStatement write;

    public Workload(CqlSession session, Spec spec, int replicationFactor)
    {
        this.session = session;
        this.spec = spec;
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + spec.keyspace() + " WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': "
                        + replicationFactor + "}");
        session.execute("CREATE TABLE IF NOT EXISTS " + spec.qualified() + " (k text PRIMARY KEY, v blob)");
        this.read = session.prepare("SELECT v FROM " + spec.qualified() + " WHERE k = ?");
        this.write = session.prepare("INSERT INTO " + spec.qualified() + " (k, v) VALUES (?, ?)");
    }

    /** Writes every key once. */
    public void load()
    {
        Semaphore inFlight = new Semaphore(spec.concurrency());
        for (int i = 0; i < spec.keys(); i++)
        {
            inFlight.acquireUninterruptibly();
            session.executeAsync(write.bind("k" + i, ByteBuffer.allocate(spec.valueSize())).setConsistencyLevel(DefaultConsistencyLevel.ONE))
                   .whenComplete((r, e) -> inFlight.release());
        }
        inFlight.acquireUninterruptibly(spec.concurrency());
    }

    /** Runs for {@code duration} (bounded: it always stops by itself). */
    public Result run(Popularity popularity, Duration duration, long seed)
    {
        Recorder recorder = new Recorder(3);
        AtomicLong ops = new AtomicLong(), errors = new AtomicLong();
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer value = ByteBuffer.allocate(spec.valueSize());
        Semaphore inFlight = new Semaphore(spec.concurrency());
        long start = System.nanoTime(), end = start + duration.toNanos();
        while (System.nanoTime() < end)
        {
            try
            {
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS))
                    continue;
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
                break;
            }
            String key = "k" + popularity.next(random);
            BoundStatement statement = random.nextDouble() < spec.readRatio() ? read.bind(key) : write.bind(key, value.duplicate());
            long sent = System.nanoTime();
            CompletionStage<AsyncResultSet> future = session.executeAsync(statement.setConsistencyLevel(DefaultConsistencyLevel.ONE));
            future.whenComplete((r, e) -> {
                if (e == null)
                {
                    recorder.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                    ops.incrementAndGet();
                }
                else
                    errors.incrementAndGet();
                inFlight.release();
            });
        }
        inFlight.acquireUninterruptibly(spec.concurrency());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(ops.get(), errors.get(), seconds, recorder.getIntervalHistogram());
    }
}
