package io.hotzone.dtests.cluster;

import java.lang.reflect.Field;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metrics.Metrics;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import com.datastax.oss.driver.internal.core.context.InternalDriverContext;

/**
 * A harness session that replaces its driver session when the driver's schema refresh is stuck, checked before each
 * schema change it sends.
 *
 * <p>Java driver 4.19.3 never clears its current schema refresh when that refresh fails before it queries (the control
 * channel was gone: a schema event arrived just as the control node stopped), so every later refresh waits behind it
 * and every later DDL times out on the client although the cluster applied it (the same bug as scylladb/java-driver
 * #841, fixed there). Tests restart nodes under a shared session while the plugin creates and drops mirror tables:
 * exactly that window. The check reads the driver's internal refresh state (a refresh still current although already
 * completed is stuck); with another driver version whose internals differ, it checks nothing and says so once.
 * <p>
 * After a replacement, handles taken from the old session belong to it: prepared statements still run (the nodes keep
 * them) but cannot be prepared again by the new one, and a load-balancing policy fetched from its context is the old
 * session's. The old session is closed gracefully (requests in flight finish).
 */
final class RecoveringSession implements CqlSession
{
    private static final Pattern SCHEMA_CHANGE = Pattern.compile("^\\s*(CREATE|ALTER|DROP)\\b", Pattern.CASE_INSENSITIVE);

    private final Supplier<CqlSession> reopen;
    private volatile CqlSession current;
    private volatile boolean introspectionFailed;

    /**
     * @param open   the first driver session
     * @param reopen a replacement (its contact points should not be only the first's: the stuck refresh comes from a
     *               control node that stopped)
     */
    RecoveringSession(Supplier<CqlSession> open, Supplier<CqlSession> reopen)
    {
        this.reopen = reopen;
        this.current = open.get();
    }

    /** The driver session requests go to now. */
    CqlSession current()
    {
        return current;
    }

    /** Whether the request is a CQL schema change (its response makes the driver refresh its schema). */
    static boolean altersSchema(Request request)
    {
        String cql = request instanceof SimpleStatement ? ((SimpleStatement) request).getQuery()
                   : request instanceof BoundStatement ? ((BoundStatement) request).getPreparedStatement().getQuery()
                   : null;
        return cql != null && SCHEMA_CHANGE.matcher(cql).find();
    }

    @Override
    public <RequestT extends Request, ResultT> ResultT execute(RequestT request, GenericType<ResultT> resultType)
    {
        if (altersSchema(request))
            replaceIfSchemaRefreshStuck();
        return current.execute(request, resultType);
    }

    private synchronized void replaceIfSchemaRefreshStuck()
    {
        if (!schemaRefreshStuck(current))
            return;
        try
        {
            Thread.sleep(200); // a refresh that just completed clears itself on the driver's admin thread right after
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return;
        }
        if (!schemaRefreshStuck(current))
            return;
        System.err.println("harness: the driver's schema refresh is stuck (a refresh failed while the control channel was down); opening a new session");
        CqlSession stuck = current;
        current = reopen.get();
        stuck.closeAsync();
    }

    private boolean schemaRefreshStuck(CqlSession session)
    {
        if (introspectionFailed)
            return false;
        try
        {
            CompletableFuture<?> refresh = (CompletableFuture<?>) currentSchemaRefresh(session).get(singleThreaded(session));
            return refresh != null && refresh.isDone();
        }
        catch (ReflectiveOperationException | RuntimeException e)
        {
            introspectionFailed = true;
            System.err.println("harness: cannot read the driver's schema refresh state (" + e + "); stuck refreshes are not recovered");
            return false;
        }
    }

    /** The driver's record of its schema refresh in progress: a field of an object private to its metadata manager. */
    static Field currentSchemaRefresh(CqlSession session) throws ReflectiveOperationException
    {
        return field(singleThreaded(session).getClass(), "currentSchemaRefresh");
    }

    static Object singleThreaded(CqlSession session) throws ReflectiveOperationException
    {
        Object manager = ((InternalDriverContext) session.getContext()).getMetadataManager();
        return field(manager.getClass(), "singleThreaded").get(manager);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException
    {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    // ---- the rest delegates ----

    @Override
    public String getName()
    {
        return current.getName();
    }

    @Override
    public Metadata getMetadata()
    {
        return current.getMetadata();
    }

    @Override
    public boolean isSchemaMetadataEnabled()
    {
        return current.isSchemaMetadataEnabled();
    }

    @Override
    public CompletionStage<Metadata> setSchemaMetadataEnabled(Boolean newValue)
    {
        return current.setSchemaMetadataEnabled(newValue);
    }

    @Override
    public CompletionStage<Metadata> refreshSchemaAsync()
    {
        return current.refreshSchemaAsync();
    }

    @Override
    public CompletionStage<Boolean> checkSchemaAgreementAsync()
    {
        return current.checkSchemaAgreementAsync();
    }

    @Override
    public DriverContext getContext()
    {
        return current.getContext();
    }

    @Override
    public Optional<CqlIdentifier> getKeyspace()
    {
        return current.getKeyspace();
    }

    @Override
    public Optional<Metrics> getMetrics()
    {
        return current.getMetrics();
    }

    @Override
    public CompletionStage<Void> closeFuture()
    {
        return current.closeFuture();
    }

    @Override
    public CompletionStage<Void> closeAsync()
    {
        return current.closeAsync();
    }

    @Override
    public CompletionStage<Void> forceCloseAsync()
    {
        return current.forceCloseAsync();
    }

    @Override
    public String toString()
    {
        return "RecoveringSession(" + current.getName() + ")";
    }
}
