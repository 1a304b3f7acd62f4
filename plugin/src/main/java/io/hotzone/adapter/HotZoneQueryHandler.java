package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.cassandra.cql3.BatchQueryOptions;
import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.QueryHandler;
import org.apache.cassandra.cql3.QueryOptions;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.statements.BatchStatement;
import org.apache.cassandra.service.ClientState;
import org.apache.cassandra.service.QueryState;
import org.apache.cassandra.transport.Dispatcher;
import org.apache.cassandra.transport.messages.ResultMessage;
import org.apache.cassandra.utils.MD5Digest;

import io.hotzone.HotZonePlugin;

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
        return delegate.parse(queryString, queryState, options);
    }

    @Override
    public ResultMessage process(CQLStatement statement, QueryState state, QueryOptions options,
                                 Map<String, ByteBuffer> customPayload, Dispatcher.RequestTime requestTime)
    {
        return delegate.process(statement, state, options, customPayload, requestTime);
    }

    @Override
    public ResultMessage.Prepared prepare(String query, ClientState clientState, Map<String, ByteBuffer> customPayload)
    {
        return delegate.prepare(query, clientState, customPayload);
    }

    @Override
    public QueryHandler.Prepared getPrepared(MD5Digest id)
    {
        return delegate.getPrepared(id);
    }

    @Override
    public ResultMessage processPrepared(CQLStatement statement, QueryState state, QueryOptions options,
                                         Map<String, ByteBuffer> customPayload, Dispatcher.RequestTime requestTime)
    {
        return delegate.processPrepared(statement, state, options, customPayload, requestTime);
    }

    @Override
    public ResultMessage processBatch(BatchStatement statement, QueryState state, BatchQueryOptions options,
                                      Map<String, ByteBuffer> customPayload, Dispatcher.RequestTime requestTime)
    {
        return delegate.processBatch(statement, state, options, customPayload, requestTime);
    }
}
