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
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import com.datastax.oss.driver.internal.core.metadata.DefaultNode;
import com.datastax.oss.driver.internal.core.metadata.MetadataManager;

import io.netty.util.concurrent.EventExecutor;

/**
 * Keeps the driver's token map on the ring's tokens. Java driver 4 ignores the server's MOVED_NODE event, and its
 * full node-list refresh updates each node's tokens without rebuilding the token map when no node was added or
 * removed: after a token move (HotZone's, or {@code nodetool move}) token-aware routing stays on the old ring, and the
 * moved range goes to coordinators that are no longer its replicas, which forward every request. Every interval this
 * asks one node for its digest of the ring's tokens ({@code ring_digest} in {@code hotzone_views.status}, one row read
 * from memory). Only when the digest is not the one last checked (a digest counts as checked once a read for it found
 * every token current), and every {@value #FULL_CHECK_EVERY}th interval anyway, it reads that node's view of every
 * node's tokens ({@code system.local} and {@code system.peers}: a row per node) and, for a node whose tokens differ
 * from the driver's, asks the driver to refresh that node: its single-node refresh does rebuild the token map when the
 * tokens changed. Known weak: the driver ignores a refresh of its control node, so a move of that node is read again
 * at every check and not applied until the driver's next full refresh. Against nodes without the digest (an older plugin, a
 * role that may not read {@code hotzone_views}) every check reads the tokens, for ten minutes before asking again.
 */
public final class TokenRefresher implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(TokenRefresher.class);
    private static final SimpleStatement LOCAL = SimpleStatement.newInstance("SELECT broadcast_address, tokens FROM system.local")
                                                                .setConsistencyLevel(DefaultConsistencyLevel.ONE).setIdempotent(true);
    private static final SimpleStatement PEERS = SimpleStatement.newInstance("SELECT peer, tokens FROM system.peers")
                                                                .setConsistencyLevel(DefaultConsistencyLevel.ONE).setIdempotent(true);

    private static final SimpleStatement DIGEST = SimpleStatement.newInstance("SELECT ring_digest FROM hotzone_views.status")
                                                                 .setConsistencyLevel(DefaultConsistencyLevel.ONE).setIdempotent(true);
    /** Every this many checks the tokens are read whatever the digest says: a node's peers table may trail its ring. */
    static final int FULL_CHECK_EVERY = 30;
    private static final long DIGEST_RETRY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final String logPrefix;
    private final Duration interval;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean loggedFailure = new AtomicBoolean();
    private volatile ScheduledFuture<?> task;
    private volatile boolean closed;
    private volatile boolean busy;
    /** The digest of the ring the driver's tokens were last checked against; null before the first check. */
    private volatile String checkedDigest;
    private volatile long digestUnusableUntil = System.nanoTime();
    private volatile int sinceFullCheck;
    private final AtomicLong digestReads = new AtomicLong();
    private final AtomicLong tokenReads = new AtomicLong();

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
        try
        {
            boolean full = ++sinceFullCheck >= FULL_CHECK_EVERY || checkedDigest == null;
            if (full || System.nanoTime() - digestUnusableUntil < 0)
            {
                readTokens(session, metadata, null, null);
                return;
            }
            digestReads.incrementAndGet();
            session.executeAsync(DIGEST).whenComplete((rs, error) -> {
                try
                {
                    afterDigest(session, metadata, rs, error);
                }
                catch (RuntimeException e)
                {
                    busy = false;
                    logFailure(e);
                }
            });
        }
        catch (RuntimeException e)
        {
            busy = false; // never let the schedule die
            logFailure(e);
        }
    }

    private void afterDigest(CqlSession session, MetadataManager metadata, AsyncResultSet rs, Throwable error)
    {
        Row row = error == null ? rs.one() : null;
        String digest = row == null || !row.getColumnDefinitions().contains("ring_digest") ? null : row.getString("ring_digest");
        if (digest == null || digest.isEmpty())
        {
            // No digest from this node: an older plugin (no such column) or a role that may not read hotzone_views is
            // asked again in ten minutes; after any other failure (a timeout, a node starting) the next check asks.
            if (error == null || error instanceof InvalidQueryException || error instanceof UnauthorizedException)
                digestUnusableUntil = System.nanoTime() + DIGEST_RETRY_NANOS;
            readTokens(session, metadata, null, null);
        }
        else if (digest.equals(checkedDigest))
            busy = false;
        else
            readTokens(session, metadata, rs.getExecutionInfo().getCoordinator(), digest);
    }

    /**
     * Reads every node's tokens (from {@code via}'s system tables when given) and refreshes the nodes that moved; the
     * digest counts as checked only once a read for it found the driver's tokens all current (the driver's refresh of a
     * node reads its control node, which may still be behind: the next check reads again).
     */
    private void readTokens(CqlSession session, MetadataManager metadata, Node via, String digest)
    {
        tokenReads.incrementAndGet();
        if (digest == null)
            sinceFullCheck = 0;
        CompletionStage<AsyncResultSet> local = session.executeAsync(via == null ? LOCAL : LOCAL.setNode(via));
        CompletionStage<AsyncResultSet> peers = session.executeAsync(via == null ? PEERS : PEERS.setNode(via));
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
                logFailure(error);
                return;
            }
            int moved = 0;
            for (Node node : metadata.getMetadata().getNodes().values())
            {
                Optional<InetSocketAddress> address = node.getBroadcastAddress();
                Set<String> server = address.map(a -> ring.get(a.getAddress())).orElse(null);
                if (server != null && !server.isEmpty() && node instanceof DefaultNode && !server.equals(((DefaultNode) node).getRawTokens()))
                {
                    moved++;
                    LOG.info("[{}] HotZone: {} moved its tokens; refreshing it so token-aware routing follows", logPrefix, node);
                    metadata.refreshNode(node);
                }
            }
            if (digest != null && moved == 0)
                checkedDigest = digest;
            else if (checkedDigest == null && System.nanoTime() - digestUnusableUntil >= 0)
                checkedDigest = ""; // the first check: the next digest read decides whether to read again
        });
    }

    private void logFailure(Throwable error)
    {
        if (loggedFailure.compareAndSet(false, true))
            LOG.warn("[{}] HotZone: reading the ring's tokens failed (token moves may go unnoticed); retrying every {}: {}", logPrefix, interval, error.toString());
    }

    /** Digest reads sent so far (one small row each). */
    public long digestReads()
    {
        return digestReads.get();
    }

    /** Token reads sent so far (system.local and system.peers: a row per node). */
    public long tokenReads()
    {
        return tokenReads.get();
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
