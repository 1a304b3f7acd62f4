package io.hotzone.dtests.workload;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.Node;

/**
 * A read/write workload over {@code keyspace.table (k text PRIMARY KEY, v blob)} at ONE, keys chosen by a
 * {@link Popularity} (which may follow a {@link CampaignSchedule}). Closed loop ({@code concurrency} requests in
 * flight: measures capacity) or open loop (a fixed arrival rate: latency measured from each request's intended start,
 * so an overloaded cluster shows as latency rather than as fewer requests). Latencies in an HdrHistogram
 * (microseconds); which node coordinated each request is counted from the driver's execution info.
 */
public final class Workload
{
    /**
     * @param keys        distinct partitions, named k0 … k(keys-1)
     * @param valueSize   bytes per value
     * @param readRatio   share of operations that are reads (the rest are writes)
     * @param concurrency requests in flight (closed loop), or the most in flight (open loop)
     */
    public record Spec(String keyspace, String table, int keys, int valueSize, double readRatio, int concurrency)
    {
        public String qualified()
        {
            return keyspace + "." + table;
        }
    }

    /**
     * What one run did.
     *
     * @param coordinators requests completed per coordinator address, in address order
     */
    public record Result(long ops, long errors, double seconds, Histogram latencyMicros, Map<String, Long> coordinators)
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

    public static String key(int i)
    {
        return "k" + i;
    }

    /** Writes every key once. */
    public void load()
    {
        Semaphore inFlight = new Semaphore(spec.concurrency());
        for (int i = 0; i < spec.keys(); i++)
        {
            inFlight.acquireUninterruptibly();
            session.executeAsync(write.bind(key(i), ByteBuffer.allocate(spec.valueSize())).setConsistencyLevel(DefaultConsistencyLevel.ONE))
                   .whenComplete((r, e) -> inFlight.release());
        }
        inFlight.acquireUninterruptibly(spec.concurrency());
    }

    /** Closed loop for {@code duration} (bounded: it always stops by itself). */
    public Result run(Popularity popularity, Duration duration, long seed)
    {
        Run run = new Run(popularity, seed);
        long end = run.start + duration.toNanos();
        while (System.nanoTime() < end)
        {
            try
            {
                if (!run.inFlight.tryAcquire(100, TimeUnit.MILLISECONDS))
                    continue;
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
                break;
            }
            run.issue(System.nanoTime());
        }
        return run.finish();
    }

    /** Open loop: {@code opsPerSecond} arrivals, evenly spaced, for {@code duration}. */
    public Result runAtRate(Popularity popularity, double opsPerSecond, Duration duration, long seed)
    {
        if (!(opsPerSecond > 0))
            throw new IllegalArgumentException("rate must be positive, got " + opsPerSecond);
        Run run = new Run(popularity, seed);
        double interval = 1e9 / opsPerSecond;
        long end = run.start + duration.toNanos();
        for (long i = 0; ; i++)
        {
            long intended = run.start + (long) (i * interval);
            if (intended >= end || Thread.currentThread().isInterrupted())
                break;
            for (long now = System.nanoTime(); now < intended; now = System.nanoTime())
                LockSupport.parkNanos(intended - now);
            // Waiting for a free slot delays the send, not the intended start: the wait is part of the latency.
            run.inFlight.acquireUninterruptibly();
            run.issue(intended);
        }
        return run.finish();
    }

    /** One run's counters; requests complete on driver threads. */
    private final class Run
    {
        final Recorder recorder = new Recorder(3);
        final AtomicLong ops = new AtomicLong(), errors = new AtomicLong();
        final Map<Node, LongAdder> coordinators = new ConcurrentHashMap<>();
        final SplittableRandom random;
        final Popularity popularity;
        final ByteBuffer value = ByteBuffer.allocate(spec.valueSize());
        final Semaphore inFlight = new Semaphore(spec.concurrency());
        final long start = System.nanoTime();

        Run(Popularity popularity, long seed)
        {
            this.popularity = popularity;
            this.random = new SplittableRandom(seed);
        }

        /** Sends one request; the caller holds a permit of {@link #inFlight}. */
        void issue(long startedNanos)
        {
            String key = key(popularity.next(random));
            BoundStatement statement = random.nextDouble() < spec.readRatio() ? read.bind(key) : write.bind(key, value.duplicate());
            session.executeAsync(statement.setConsistencyLevel(DefaultConsistencyLevel.ONE)).whenComplete((r, e) -> {
                if (e == null)
                {
                    recorder.recordValue(Math.max(1, (System.nanoTime() - startedNanos) / 1000));
                    ops.incrementAndGet();
                    coordinators.computeIfAbsent(r.getExecutionInfo().getCoordinator(), n -> new LongAdder()).increment();
                }
                else
                    errors.incrementAndGet();
                inFlight.release();
            });
        }

        Result finish()
        {
            inFlight.acquireUninterruptibly(spec.concurrency());
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> byAddress = new TreeMap<>();
            coordinators.forEach((node, n) -> byAddress.merge(address(node), n.sum(), Long::sum));
            return new Result(ops.get(), errors.get(), seconds, recorder.getIntervalHistogram(), byAddress);
        }
    }

    private static String address(Node node)
    {
        SocketAddress a = node.getEndPoint().resolve();
        return a instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : a.toString();
    }
}
