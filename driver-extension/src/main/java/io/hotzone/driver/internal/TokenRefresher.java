package io.hotzone.driver.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
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
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.internal.core.metadata.DefaultNode;
import com.datastax.oss.driver.internal.core.metadata.MetadataManager;

import io.netty.util.concurrent.EventExecutor;

/**
 * Keeps the driver's token map on the ring's tokens. Java driver 4 ignores the server's MOVED_NODE event, and its
 * full node-list refresh updates each node's tokens without rebuilding the token map when no node was added or
 * removed: after a token move (HotZone's, or {@code nodetool move}) token-aware routing stays on the old ring, and the
 * moved range goes to coordinators that are no longer its replicas, which forward every request. Every interval this
 * reads every node's tokens (the {@code system.local} and {@code system.peers} rows of one coordinator) and, for a node
 * whose tokens differ from the driver's, asks the driver to refresh that node: its single-node refresh does rebuild the
 * token map when the tokens changed.
 */
public final class TokenRefresher implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(TokenRefresher.class);
    private static final SimpleStatement LOCAL = SimpleStatement.newInstance("SELECT broadcast_address, tokens FROM system.local")
                                                                .setConsistencyLevel(DefaultConsistencyLevel.ONE).setIdempotent(true);
    private static final SimpleStatement PEERS = SimpleStatement.newInstance("SELECT peer, tokens FROM system.peers")
                                                                .setConsistencyLevel(DefaultConsistencyLevel.ONE).setIdempotent(true);

    private final String logPrefix;
    private final Duration interval;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean loggedFailure = new AtomicBoolean();
    private volatile ScheduledFuture<?> task;
    private volatile boolean closed;
    private volatile boolean busy;

    /** @param interval between checks; zero turns them off */
    public TokenRefresher(String logPrefix, Duration interval)
    {
        this.logPrefix = logPrefix;
        this.interval = interval;
    }

    /** Starts checking on the executor (the first call wins). */
    public void start(CqlSession session, MetadataManager metadata, EventExecutor executor)
    {
        if (closed || interval.isZero() || !started.compareAndSet(false, true))
            return;
        task = executor.scheduleWithFixedDelay(() -> check(session, metadata), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void check(CqlSession session, MetadataManager metadata)
    {
        if (closed || busy || session.isClosed())
            return;
        busy = true;
        CompletionStage<AsyncResultSet> local = session.executeAsync(LOCAL);
        CompletionStage<AsyncResultSet> peers = session.executeAsync(PEERS);
        local.thenCombine(peers, (l, p) -> {
            Map<InetAddress, Set<String>> ring = new HashMap<>();
            for (Row r : l.currentPage())
                put(ring, r.getInetAddress("broadcast_address"), r.getSet("tokens", String.class));
            for (Row r : p.currentPage())
                put(ring, r.getInetAddress("peer"), r.getSet("tokens", String.class));
            return ring;
        }).whenComplete((ring, error) -> {
            busy = false;
            if (error != null)
            {
                if (loggedFailure.compareAndSet(false, true))
                    LOG.warn("[{}] HotZone: reading the ring's tokens failed (token moves may go unnoticed); retrying every {}: {}", logPrefix, interval, error.toString());
                return;
            }
            for (Node node : metadata.getMetadata().getNodes().values())
            {
                Optional<InetSocketAddress> address = node.getBroadcastAddress();
                Set<String> server = address.map(a -> ring.get(a.getAddress())).orElse(null);
                if (server != null && !server.isEmpty() && node instanceof DefaultNode && !server.equals(((DefaultNode) node).getRawTokens()))
                {
                    LOG.info("[{}] HotZone: {} moved its tokens; refreshing it so token-aware routing follows", logPrefix, node);
                    metadata.refreshNode(node);
                }
            }
        });
    }

    private static void put(Map<InetAddress, Set<String>> ring, InetAddress address, Set<String> tokens)
    {
        if (address != null && tokens != null)
            ring.put(address, new HashSet<>(tokens));
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
