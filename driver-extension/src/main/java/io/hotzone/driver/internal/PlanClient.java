package io.hotzone.driver.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * Keeps the current READY zones of the plan, read on the driver's own session from its admin executor: every
 * interval the plan version (one static column), and the whole plan only when the version moved. Never on a request
 * thread, never blocking. A missing keyspace, failing reads and malformed rows leave the last good snapshot (or the
 * empty one) in place; each kind of problem is logged once.
 */
public final class PlanClient implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(PlanClient.class);

    private final String logPrefix;
    private final SimpleStatement versionQuery;
    private final SimpleStatement planQuery;
    private final Duration interval;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private volatile PlanSnapshot snapshot = PlanSnapshot.EMPTY;
    private volatile ScheduledFuture<?> task;
    private volatile boolean closed;
    private volatile boolean busy;

    public PlanClient(String logPrefix, String planKeyspace, Duration interval)
    {
        this.logPrefix = logPrefix;
        this.interval = interval;
        this.versionQuery = SimpleStatement.newInstance("SELECT version FROM " + planKeyspace + ".plan WHERE name = 'current'")
                                           .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM).setIdempotent(true);
        this.planQuery = SimpleStatement.newInstance("SELECT version, zone_id, keyspace_name, table_name, state, dry_run, tokens, key_bytes, token_start, token_end FROM "
                                                     + planKeyspace + ".plan WHERE name = 'current'")
                                        .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM).setIdempotent(true).setPageSize(5000);
    }

    public PlanSnapshot snapshot()
    {
        return snapshot;
    }

    /** Starts polling on this session (the first call wins; later calls return at once). */
    public void start(CqlSession session, EventExecutor executor)
    {
        if (closed || !started.compareAndSet(false, true))
            return;
        task = executor.scheduleWithFixedDelay(() -> poll(session), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isStarted()
    {
        return started.get();
    }

    void poll(CqlSession session)
    {
        if (closed || busy || session.isClosed())
            return;
        busy = true;
        CompletionStage<AsyncResultSet> version = session.executeAsync(versionQuery);
        version.whenComplete((rs, error) -> {
            if (error != null)
            {
                busy = false;
                problem(error);
                return;
            }
            Row row = rs.one();
            long v = row == null || row.isNull("version") ? 0 : row.getLong("version");
            if (v == snapshot.version())
            {
                busy = false;
                return;
            }
            readPlan(session);
        });
    }

    private void readPlan(CqlSession session)
    {
        session.executeAsync(planQuery).whenComplete((rs, error) -> {
            if (error != null)
            {
                busy = false;
                problem(error);
                return;
            }
            List<PlanSnapshot.Zone> ready = new ArrayList<>();
            long[] version = { 0 };
            collect(rs, ready, version, session);
        });
    }

    /** Reads every page, then publishes. */
    private void collect(AsyncResultSet rs, List<PlanSnapshot.Zone> ready, long[] version, CqlSession session)
    {
        for (Row row : rs.currentPage())
        {
            try
            {
                if (!row.isNull("version"))
                    version[0] = row.getLong("version");
                if (row.isNull("zone_id") || !"READY".equals(row.getString("state")) || row.getBoolean("dry_run"))
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
                ready.add(new PlanSnapshot.Zone(row.getString("zone_id"), keyspace, table, tokens.stream().mapToLong(Long::longValue).toArray(), keys, start, end));
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
            rs.fetchNextPage().whenComplete((next, error) -> {
                if (error != null)
                {
                    busy = false;
                    problem(error);
                }
                else
                    collect(next, ready, version, session);
            });
            return;
        }
        snapshot = PlanSnapshot.of(version[0], ready);
        busy = false;
        LOG.debug("[{}] HotZone: plan version {} with {} READY zone(s)", logPrefix, version[0], ready.size());
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
