package io.hotzone.driver.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;

import io.netty.util.concurrent.EventExecutor;

/**
 * Keeps the current READY zones of the plan, read on the driver's own session from its admin executor. It asks for
 * the plan version the node it reaches follows ({@code hotzone_views.status}: a node-local read from memory, so the
 * sessions' polls spread over the nodes like any unrouted request instead of meeting on the plan partition's
 * replicas), and reads the whole plan, at LOCAL_QUORUM, only when the version grew. While the plan is at rest (no zone
 * on its way in or out) the interval doubles after every unchanged poll, up to the maximum; a new version or a
 * settling zone brings it back to the base interval. Every delay is jittered by ±10 % so that sessions started
 * together do not poll together. Never on a request thread, never blocking. A missing keyspace, failing reads and
 * malformed rows leave the last good snapshot (or the empty one) in place; each kind of problem is logged once.
 * When a node cannot tell its version (a plugin without that column, a role that may not read {@code hotzone_views})
 * the version comes from the plan table, as before, for ten minutes before the nodes are asked again; a node's older
 * version is checked against the plan table (a node behind, or a plan that started over).
 */
public final class PlanClient implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(PlanClient.class);
    private static final long NODE_VERSION_RETRY_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** Zone states that change again soon: the plan is read at the base interval while one is in the plan. */
    private static final Set<String> SETTLING = Collections.unmodifiableSet(new java.util.HashSet<>(java.util.Arrays.asList("PLANNED", "ARMING", "WARMING", "DRAINING")));

    private final String logPrefix;
    private final SimpleStatement nodeVersionQuery;
    private final SimpleStatement versionQuery;
    private final SimpleStatement planQuery;
    private final String planTable;
    private final Duration interval;
    private final Duration maxInterval;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong tableReads = new AtomicLong();
    private volatile PlanSnapshot snapshot = PlanSnapshot.EMPTY;
    private volatile ScheduledFuture<?> task;
    private volatile boolean closed;
    /** HotZone's keyspace is always {@code hotzone}: the nodes' versions are of that plan only. */
    private final boolean nodeVersions;
    /** When reading a node's version last failed (System.nanoTime); the plan table answers until the retry time has passed. */
    private volatile long nodeVersionsFailedAt = System.nanoTime() - NODE_VERSION_RETRY_NANOS;
    private EventExecutor executor;
    private long delayMillis;

    /**
     * @param interval    the base interval between two polls
     * @param maxInterval the longest interval while the plan is at rest; equal to {@code interval} to poll at a fixed rate
     */
    public PlanClient(String logPrefix, String planKeyspace, Duration interval, Duration maxInterval)
    {
        if (interval.isNegative() || interval.isZero() || maxInterval.compareTo(interval) < 0)
            throw new IllegalArgumentException("the plan refresh interval must be positive and at most the maximum interval, got "
                                               + interval + " and " + maxInterval);
        this.logPrefix = logPrefix;
        this.interval = interval;
        this.maxInterval = maxInterval;
        this.delayMillis = interval.toMillis();
        this.nodeVersions = "hotzone".equals(planKeyspace);
        this.planTable = planKeyspace + ".plan";
        this.nodeVersionQuery = SimpleStatement.newInstance("SELECT plan_version FROM hotzone_views.status")
                                               .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_ONE).setIdempotent(true);
        this.versionQuery = SimpleStatement.newInstance("SELECT version FROM " + planTable + " WHERE name = 'current'")
                                           .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM).setIdempotent(true);
        // every column: mirror_replicas is missing on a plugin older than sized zones, and naming it would fail there
        this.planQuery = SimpleStatement.newInstance("SELECT * FROM " + planTable + " WHERE name = 'current'")
                                        .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM).setIdempotent(true).setPageSize(5000);
    }

    public PlanSnapshot snapshot()
    {
        return snapshot;
    }

    /** Requests this client sent (version polls and plan pages), for measuring its traffic. */
    public long requests()
    {
        return requests.get();
    }

    /** Where the version comes from: {@code hotzone_views.status} (each node's), or the plan table against an older plugin. */
    public String versionSource()
    {
        return nodeVersionsUsable() ? "hotzone_views.status" : planTable;
    }

    /** Reads of the plan table this client sent (version reads and plan pages): what the nodes' versions spare. */
    public long tableReads()
    {
        return tableReads.get();
    }

    private boolean nodeVersionsUsable()
    {
        return nodeVersions && System.nanoTime() - nodeVersionsFailedAt >= NODE_VERSION_RETRY_NANOS;
    }

    /** Starts polling on this session (the first call wins; later calls return at once). */
    public void start(CqlSession session, EventExecutor executor)
    {
        if (closed || !started.compareAndSet(false, true))
            return;
        this.executor = executor;
        task = executor.schedule(() -> poll(session), 0, TimeUnit.MILLISECONDS);
    }

    public boolean isStarted()
    {
        return started.get();
    }

    /** One poll; when it is over (whatever happened), the next is scheduled. */
    void poll(CqlSession session)
    {
        if (closed || session.isClosed())
            return;
        version(session).whenComplete((version, error) -> {
            try
            {
                if (error != null)
                {
                    problem(error);
                    // no plan to read (no HotZone on this cluster): nothing will change soon, back off
                    scheduleNext(session, !(error instanceof InvalidQueryException));
                }
                else if (version == null)
                    scheduleNext(session, snapshot.settling());
                else
                    readPlan(session);
            }
            catch (RuntimeException e)
            {
                problem(e);
                scheduleNext(session, true);
            }
        });
    }

    /**
     * The version, when it says the plan changed; null when it did not. A node's newer version counts at once; an older
     * one (a node that has not caught up, or a plan that started over) is checked against the plan table, the authority.
     */
    private CompletableFuture<Long> version(CqlSession session)
    {
        CompletableFuture<Long> result = new CompletableFuture<>();
        if (!nodeVersionsUsable())
        {
            tableVersion(session, result);
            return result;
        }
        requests.incrementAndGet();
        session.executeAsync(nodeVersionQuery).whenComplete((rs, error) -> {
            try
            {
                if (error != null)
                {
                    // A node without the view's column (an older plugin, a rolling install), a role that may not read
                    // hotzone_views, a timeout: the plan table answers this poll, and the next ones for a while.
                    nodeVersionsFailedAt = System.nanoTime();
                    if (logged.add("no node version " + error.getClass().getName()))
                        LOG.info("[{}] HotZone: cannot read a node's plan version ({}); reading it from the plan table, trying the nodes again every {} s",
                                 logPrefix, error.toString(), TimeUnit.NANOSECONDS.toSeconds(NODE_VERSION_RETRY_NANOS));
                    tableVersion(session, result);
                    return;
                }
                Row row = rs.one();
                long current = snapshot.version();
                if (row == null || row.isNull(0) || row.getLong(0) < current)
                    tableVersion(session, result); // that node follows no plan (HotZone passive there), or an older one
                else
                    result.complete(row.getLong(0) > current ? row.getLong(0) : null);
            }
            catch (RuntimeException e)
            {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void tableVersion(CqlSession session, CompletableFuture<Long> result)
    {
        requests.incrementAndGet();
        tableReads.incrementAndGet();
        session.executeAsync(versionQuery).whenComplete((rs, error) -> {
            if (error != null)
            {
                result.completeExceptionally(error);
                return;
            }
            try
            {
                Row row = rs.one();
                long v = row == null || row.isNull("version") ? 0 : row.getLong("version");
                result.complete(v == snapshot.version() ? null : v); // the table is the authority: any change counts
            }
            catch (RuntimeException e)
            {
                result.completeExceptionally(e);
            }
        });
    }

    /** Back to the base interval after a change or while zones settle; otherwise twice the last, up to the maximum. */
    private void scheduleNext(CqlSession session, boolean soon)
    {
        if (closed)
            return;
        delayMillis = soon ? interval.toMillis() : Math.min(maxInterval.toMillis(), 2 * delayMillis);
        long jittered = Math.max(1, Math.round(delayMillis * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble())));
        try
        {
            task = executor.schedule(() -> poll(session), jittered, TimeUnit.MILLISECONDS);
        }
        catch (RuntimeException e)
        {
            // the session's executor is shutting down: the session is closing
            if (logged.add("schedule"))
                LOG.debug("[{}] HotZone: plan polling stops: {}", logPrefix, e.toString());
        }
    }

    private void readPlan(CqlSession session)
    {
        requests.incrementAndGet();
        tableReads.incrementAndGet();
        session.executeAsync(planQuery).whenComplete((rs, error) -> {
            if (error != null)
            {
                problem(error);
                scheduleNext(session, true);
                return;
            }
            try
            {
                collect(rs, new ArrayList<>(), new long[]{ 0 }, new boolean[]{ false }, session);
            }
            catch (RuntimeException e)
            {
                problem(e);
                scheduleNext(session, true);
            }
        });
    }

    /** A count column of the plan; 0 (every mirror replica) when absent (a plugin older than sized zones) or null. */
    private static int count(Row row, String column)
    {
        return row.getColumnDefinitions().contains(column) && !row.isNull(column) ? Math.max(0, row.getInt(column)) : 0;
    }

    /**
     * The mirror replicas per DC that answer a growing zone's reads: the smaller of the newest round's count and the
     * complete round's (0 meaning all), as the plugin decides.
     */
    static int servingMirrorReplicas(int newest, int complete)
    {
        return newest == 0 ? complete : complete == 0 ? newest : Math.min(newest, complete);
    }

    /** Reads every page, then publishes. */
    private void collect(AsyncResultSet rs, List<PlanSnapshot.Zone> ready, long[] version, boolean[] settling, CqlSession session)
    {
        for (Row row : rs.currentPage())
        {
            try
            {
                if (!row.isNull("version"))
                    version[0] = row.getLong("version");
                if (row.isNull("zone_id") || row.getBoolean("dry_run"))
                    continue;
                settling[0] |= SETTLING.contains(row.getString("state"));
                if (!"READY".equals(row.getString("state")))
                    continue;
                String keyspace = row.getString("keyspace_name"), table = row.getString("table_name");
                if (keyspace == null || table == null)
                    throw new IllegalArgumentException("no keyspace_name or table_name");
                List<Long> tokens = row.isNull("tokens") ? Collections.<Long>emptyList() : row.getList("tokens", Long.class);
                Long start = row.isNull("token_start") ? null : row.getLong("token_start");
                Long end = row.isNull("token_end") ? null : row.getLong("token_end");
                if (tokens.isEmpty() && (start == null || end == null))
                    throw new IllegalArgumentException("neither tokens nor a token range");
                List<java.nio.ByteBuffer> keys = row.isNull("key_bytes") ? Collections.<java.nio.ByteBuffer>emptyList() : row.getList("key_bytes", java.nio.ByteBuffer.class);
                ready.add(new PlanSnapshot.Zone(row.getString("zone_id"), keyspace, table, tokens.stream().mapToLong(Long::longValue).toArray(), keys, start, end,
                                                servingMirrorReplicas(count(row, "mirror_replicas"), count(row, "ready_mirror_replicas"))));
            }
            catch (RuntimeException e)
            {
                String id = row.isNull("zone_id") ? "?" : row.getString("zone_id");
                if (logged.add("row " + id))
                    LOG.warn("[{}] HotZone: skipping malformed plan row {}: {}", logPrefix, id, e.toString());
            }
        }
        if (rs.hasMorePages())
        {
            requests.incrementAndGet();
            tableReads.incrementAndGet();
            rs.fetchNextPage().whenComplete((next, error) -> {
                try
                {
                    if (error != null)
                    {
                        problem(error);
                        scheduleNext(session, true);
                    }
                    else
                        collect(next, ready, version, settling, session);
                }
                catch (RuntimeException e)
                {
                    problem(e);
                    scheduleNext(session, true);
                }
            });
            return;
        }
        snapshot = PlanSnapshot.of(version[0], ready, settling[0]);
        LOG.debug("[{}] HotZone: plan version {} with {} READY zone(s)", logPrefix, version[0], ready.size());
        scheduleNext(session, true);
    }

    private void problem(Throwable error)
    {
        if (error instanceof InvalidQueryException)
        {
            // no hotzone keyspace (or an older plugin): nothing to route, the policy behaves like the stock one
            if (logged.add("missing"))
                LOG.info("[{}] HotZone: no plan to read ({}); routing as DefaultLoadBalancingPolicy until there is one", logPrefix, error.getMessage());
            snapshot = PlanSnapshot.EMPTY;
            return;
        }
        if (logged.add(error.getClass().getName()))
            LOG.warn("[{}] HotZone: reading the plan failed ({}); keeping the last plan, retrying every {}", logPrefix, error.toString(), interval);
    }

    @Override
    public void close()
    {
        closed = true;
        ScheduledFuture<?> t = task;
        if (t != null)
            t.cancel(false);
    }
}
