package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.cassandra.cql3.BatchQueryOptions;
import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.QueryHandler;
import org.apache.cassandra.cql3.QueryOptions;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.statements.BatchStatement;
import org.apache.cassandra.db.ConsistencyLevel;
import org.apache.cassandra.cql3.statements.ModificationStatement;
import org.apache.cassandra.cql3.statements.SelectStatement;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.ClientState;
import org.apache.cassandra.service.QueryState;
import org.apache.cassandra.transport.Dispatcher;
import org.apache.cassandra.transport.messages.ResultMessage;
import org.apache.cassandra.utils.MD5Digest;

import io.hotzone.HotZonePlugin;
import io.hotzone.mirror.ZoneDirectory;
import io.hotzone.route.ReadRouter;

/**
 * How Cassandra loads HotZone: {@code -Dcassandra.custom_query_handler_class=io.hotzone.adapter.HotZoneQueryHandler}.
 * Cassandra builds this while initialising its client state, before the schema is loaded, and kills the JVM if
 * the constructor throws; so the constructor only boots the plugin (which defers its work to a background
 * thread) and catches everything. Every request is handed to the delegate: Cassandra's own handler, or the
 * one named by {@code delegate_query_handler} in hotzone.yaml, so HotZone coexists with another handler.
 */
public class HotZoneQueryHandler implements QueryHandler
{
    private static final Logger logger = LoggerFactory.getLogger(HotZoneQueryHandler.class);

    private final QueryHandler delegate;
    private final MirrorReads mirrorReads = new MirrorReads();
    /** The text of the statement this thread is about to process: parse() and getPrepared() come just before. */
    private static final ThreadLocal<Object[]> lastText = new ThreadLocal<>();

    public HotZoneQueryHandler()
    {
        QueryHandler chosen = QueryProcessor.instance;
        try
        {
            HotZonePlugin plugin = HotZonePlugin.boot(new CassandraServer());
            String name = plugin.config().flatMap(c -> c.delegateQueryHandler()).orElse(null);
            if (name != null)
            {
                try
                {
                    chosen = (QueryHandler) Class.forName(name).getConstructor().newInstance();
                    logger.info("HotZone: delegating queries to {}", name);
                }
                catch (Throwable t)
                {
                    plugin.reportError("cannot use delegate_query_handler " + name + ", using Cassandra's own handler", t);
                }
            }
        }
        catch (Throwable t)
        {
            logger.error("HotZone: cannot start the plugin; Cassandra continues without it", t);
        }
        this.delegate = chosen;
    }

    @Override
    public CQLStatement parse(String queryString, QueryState queryState, QueryOptions options)
    {
        CQLStatement statement = delegate.parse(queryString, queryState, options);
        lastText.set(new Object[]{ statement, queryString });
        return statement;
    }

    @Override
    public ResultMessage process(CQLStatement statement, QueryState state, QueryOptions options,
                                 Map<String, ByteBuffer> customPayload, Dispatcher.RequestTime requestTime)
    {
        return routedOr(statement, state, options, () -> delegate.process(statement, state, options, customPayload, requestTime));
    }

    @Override
    public ResultMessage.Prepared prepare(String query, ClientState clientState, Map<String, ByteBuffer> customPayload)
    {
        return delegate.prepare(query, clientState, customPayload);
    }

    @Override
    public QueryHandler.Prepared getPrepared(MD5Digest id)
    {
        QueryHandler.Prepared prepared = delegate.getPrepared(id);
        if (prepared != null && staleTriggers(prepared.statement))
        {
            // Cassandra keeps prepared writes across trigger changes, and a write prepared before its table got the
            // mirroring trigger would never run it. Unknown to the server now, the driver prepares it again, current.
            QueryProcessor.instance.evictPrepared(id);
            return null;
        }
        if (prepared != null)
            lastText.set(new Object[]{ prepared.statement, prepared.rawCQLStatement });
        return prepared;
    }

    @Override
    public ResultMessage processPrepared(CQLStatement statement, QueryState state, QueryOptions options,
                                         Map<String, ByteBuffer> customPayload, Dispatcher.RequestTime requestTime)
    {
        return routedOr(statement, state, options, () -> delegate.processPrepared(statement, state, options, customPayload, requestTime));
    }

    @Override
    public ResultMessage processBatch(BatchStatement statement, QueryState state, BatchQueryOptions options,
                                      Map<String, ByteBuffer> customPayload, Dispatcher.RequestTime requestTime)
    {
        return asWrite(zonesActive(), options.getConsistency(), statement.hasConditions(),
                       () -> delegate.processBatch(statement, state, options, customPayload, requestTime));
    }

    /** The mirror's answer for a routed read, else the normal path, with the write context set for writes. */
    private ResultMessage routedOr(CQLStatement statement, QueryState state, QueryOptions options, Supplier<ResultMessage> normal)
    {
        ResultMessage routed = route(statement, state, options);
        if (routed != null)
            return routed;
        return asWrite(statement instanceof ModificationStatement && zonesActive(), options.getConsistency(), statement.hasConditions(), normal);
    }

    /** Runs the call with the write's consistency level and LWT-ness visible to the mirroring trigger (only while zones are mirrored). */
    private static ResultMessage asWrite(boolean mirrored, ConsistencyLevel consistency, boolean conditional, Supplier<ResultMessage> call)
    {
        if (!mirrored)
            return call.get();
        WriteContext.enter(consistency, conditional);
        try
        {
            return call.get();
        }
        finally
        {
            WriteContext.exit();
        }
    }

    /** A single-partition ONE read of a READY zone, answered from the local mirror; null for the normal path. */
    private ResultMessage route(CQLStatement statement, QueryState state, QueryOptions options)
    {
        Object[] text = lastText.get();
        lastText.remove();
        if (!(statement instanceof SelectStatement))
            return null;
        HotZonePlugin plugin = HotZonePlugin.current();
        ReadRouter router = plugin == null ? null : plugin.readRouter();
        if (router == null || text == null || text[0] != statement)
            return null;
        return mirrorReads.tryServe(router, (SelectStatement) statement, (String) text[1], state, options);
    }

    private static boolean staleTriggers(CQLStatement statement)
    {
        if (statement instanceof ModificationStatement)
        {
            TableMetadata prepared = ((ModificationStatement) statement).metadata();
            TableMetadata current = Schema.instance.getTableMetadata(prepared.id);
            return current != null && !current.triggers.equals(prepared.triggers);
        }
        if (statement instanceof BatchStatement)
            for (ModificationStatement m : ((BatchStatement) statement).getStatements())
                if (staleTriggers(m))
                    return true;
        return false;
    }

    private static boolean zonesActive()
    {
        HotZonePlugin plugin = HotZonePlugin.current();
        ZoneDirectory zones = plugin == null ? null : plugin.zoneDirectory();
        return zones != null && zones.current() != null && !zones.current().isEmpty();
    }
}
