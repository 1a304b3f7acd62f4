package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.cassandra.cql3.BatchQueryOptions;
import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.QueryHandler;
import org.apache.cassandra.cql3.QueryOptions;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.ResultSet;
import org.apache.cassandra.cql3.statements.BatchStatement;
import org.apache.cassandra.cql3.statements.ModificationStatement;
import org.apache.cassandra.cql3.statements.SelectStatement;
import org.apache.cassandra.cql3.statements.TruncateStatement;
import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.db.ConsistencyLevel;
import org.apache.cassandra.db.marshal.BooleanType;
import org.apache.cassandra.exceptions.InvalidRequestException;
import org.apache.cassandra.exceptions.TruncateException;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.ClientState;
import org.apache.cassandra.service.QueryState;
import org.apache.cassandra.transport.Dispatcher;
import org.apache.cassandra.transport.ProtocolVersion;
import org.apache.cassandra.transport.messages.ResultMessage;
import org.apache.cassandra.utils.MD5Digest;

import io.hotzone.HotZonePlugin;
import io.hotzone.capture.TableRef;
import io.hotzone.mirror.Mirroring;
import io.hotzone.plan.Fence;
import io.hotzone.route.ReadRouter;
import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Mirrors;

/**
 * How Cassandra loads HotZone: {@code -Dcassandra.custom_query_handler_class=io.hotzone.adapter.HotZoneQueryHandler}.
 * Cassandra builds this while initialising its client state, before the schema is loaded, and kills the JVM if
 * the constructor throws; so the constructor only boots the plugin (which defers its work to a background
 * thread) and catches everything. Every request is handed to the delegate: Cassandra's own handler, or the
 * one named by {@code delegate_query_handler} in hotzone.yaml, so HotZone coexists with another handler. Around it:
 * single-partition ONE reads of READY zones are answered from the local mirror, writes to mirrored tables are
 * mirrored once they succeeded ({@link WriteMirror}), a TRUNCATE of a boosted table fences its zones first, and
 * HotZone's own plan and mirror tables refuse client writes.
 */
public class HotZoneQueryHandler implements QueryHandler
{
    private static final Logger logger = LoggerFactory.getLogger(HotZoneQueryHandler.class);
    /** Tables of the hotzone keyspace only HotZone writes (events and history stay writable by CQL, as documented). */
    private static final Set<String> MANAGED = Set.of(HotZoneKeyspace.PLAN, HotZoneKeyspace.PLAN_PROGRESS, HotZoneKeyspace.FENCES,
                                                      HotZoneKeyspace.LEASES, HotZoneKeyspace.RESERVATIONS, HotZoneKeyspace.RESERVATION_STATE,
                                                      HotZoneKeyspace.MOVES, HotZoneKeyspace.RULES, HotZoneKeyspace.NODE_FEATURES);

    /**
     * Custom-payload key: a request carrying it gets it back, with value {@code 0x01}, when its answer came from a
     * mirror (protocol v4 and later). For checks and diagnostics; drivers ignore payloads nobody asked for.
     */
    public static final String MIRROR_INFO = "hotzone.mirror";
    /** {@link #MIRROR_INFO}'s value when the mirror's rows answered. */
    public static final byte FROM_MIRROR = 1;
    /** {@link #MIRROR_INFO}'s value when a pre-computed aggregate answered. */
    public static final byte FROM_AGGREGATE = 2;

    private final QueryHandler delegate;
    private final AggregateReads aggregateReads = new AggregateReads();
    private final MirrorReads mirrorReads = new MirrorReads(aggregateReads);
    /** The text of the statement this thread is about to process: parse() and getPrepared() come just before. */
    private static final ThreadLocal<Object[]> lastText = new ThreadLocal<>();

    public HotZoneQueryHandler()
    {
        QueryHandler chosen = QueryProcessor.instance;
        try
        {
            CassandraServer server = new CassandraServer(aggregateReads);
            HotZonePlugin plugin = HotZonePlugin.boot(server);
            try
            {
                aggregateReads.registerMetrics(server);
            }
            catch (Throwable t)
            {
                plugin.reportError("cannot register the aggregate metrics", t);
            }
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

    /** Pre-computed aggregates this node answers from (their indexes report stale results here). */
    AggregateReads aggregateReads()
    {
        return aggregateReads;
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
        return handle(statement, state, options, customPayload, () -> delegate.process(statement, state, options, customPayload, requestTime));
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
        return handle(statement, state, options, customPayload, () -> delegate.processPrepared(statement, state, options, customPayload, requestTime));
    }

    @Override
    public ResultMessage processBatch(BatchStatement statement, QueryState state, BatchQueryOptions options,
                                      Map<String, ByteBuffer> customPayload, Dispatcher.RequestTime requestTime)
    {
        refuseManaged(statement);
        return write(statement, options.getConsistency(), () -> delegate.processBatch(statement, state, options, customPayload, requestTime));
    }

    private ResultMessage handle(CQLStatement statement, QueryState state, QueryOptions options, Map<String, ByteBuffer> customPayload,
                                 Supplier<ResultMessage> normal)
    {
        MirrorReads.Answer routed = route(statement, state, options);
        if (routed != null)
        {
            // Opt-in: a client that asks (a custom payload with MIRROR_INFO) learns which reads a mirror answered.
            if (customPayload != null && customPayload.containsKey(MIRROR_INFO) && options.getProtocolVersion().isGreaterOrEqualTo(ProtocolVersion.V4))
                routed.message.setCustomPayload(Map.of(MIRROR_INFO, ByteBuffer.wrap(new byte[]{ routed.fromAggregate ? FROM_AGGREGATE : FROM_MIRROR })));
            return routed.message;
        }
        if (statement instanceof ModificationStatement || statement instanceof BatchStatement)
        {
            // BatchStatement here is an unprepared BEGIN BATCH … APPLY BATCH text: a write like any other
            refuseManaged(statement);
            return write(statement, options.getConsistency(), normal);
        }
        if (statement instanceof TruncateStatement)
        {
            // Fenced before (no mirror serves the rows being removed) and after: the leader may have replaced the
            // zones in between, and a replacement copied before the truncation finished would hold the old rows.
            TruncateStatement truncate = (TruncateStatement) statement;
            // A TRUNCATE Cassandra refuses changes nothing: refused before any fence (Cassandra checks again, cheaply).
            truncate.authorize(state.getClientState());
            truncate.validate(state.getClientState());
            boolean mirrored = fenceTruncated(truncate, "truncate of the source table");
            ResultMessage result;
            try
            {
                result = normal.get();
            }
            catch (RuntimeException e)
            {
                // Timed out or failed on a replica: replicas may truncate later still (refused as unavailable, it was
                // sent to none): fenced again once truncate_request_timeout passed, so that a zone copied in between
                // does not keep what they remove. A replica slower than that is not covered (see mirror-consistency.md).
                if (mirrored && !(e instanceof TruncateException && e.getCause() instanceof org.apache.cassandra.exceptions.UnavailableException))
                    fenceTruncatedLater(truncate, DatabaseDescriptor.getTruncateRpcTimeout(TimeUnit.MILLISECONDS));
                throw e;
            }
            if (mirrored)
                fenceTruncated(truncate, "truncate of the source table (done)");
            return result;
        }
        return normal.get();
    }

    /**
     * Runs the write as Cassandra would, with the trigger's observations collected around it, then has the mirrors
     * brought in step before the result goes back.
     */
    private static ResultMessage write(CQLStatement statement, ConsistencyLevel consistency, Supplier<ResultMessage> call)
    {
        Mirroring mirroring = mirroring();
        if (mirroring == null)
            return call.get();
        boolean conditional = statement.hasConditions();
        if (conditional)
            PaxosCommits.install();
        WriteContext context = WriteContext.enter(consistency, conditional);
        ResultMessage result;
        try
        {
            result = call.get();
        }
        catch (RuntimeException | Error e)
        {
            WriteContext.exit();
            new WriteMirror(mirroring).afterWrite(context, false, e);
            throw e;
        }
        WriteContext.exit();
        new WriteMirror(mirroring).afterWrite(context, !conditional || applied(result), null);
        return result;
    }

    /** For a TRUNCATE of a table whose zones are mirrored: fences them all and waits a lease; false if it has none. */
    private static boolean fenceTruncated(TruncateStatement truncate, String reason)
    {
        Fence fence = truncateFence(truncate, reason);
        if (fence == null)
            return false;
        mirroring().fencer().fenceAndWait(java.util.List.of(fence));
        return true;
    }

    /** A table fence for the TRUNCATE's table written later, without waiting a lease (nobody waits for it). */
    private static void fenceTruncatedLater(TruncateStatement truncate, long delayMillis)
    {
        Mirroring mirroring = mirroring();
        if (mirroring != null)
            mirroring.background().schedule(() -> {
                Fence fence = truncateFence(truncate, "truncate of the source table (failed or timed out " + delayMillis + " ms before)");
                if (fence != null)
                    mirroring.fencer().fenceLater(java.util.List.of(fence));
            }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** The table fence of a TRUNCATE of a table whose zones are mirrored (it has the trigger); null otherwise. */
    private static Fence truncateFence(TruncateStatement truncate, String reason)
    {
        Mirroring mirroring = mirroring();
        TableMetadata table = Schema.instance.getTableMetadata(truncate.keyspace(), truncate.name());
        if (mirroring == null || table == null || !table.triggers.get(MirrorTrigger.NAME).isPresent())
            return null;
        return mirroring.fencer().tableFence(new TableRef(table.keyspace, table.name), table.id.asUUID(), reason);
    }

    /** Whether a lightweight transaction's result says it applied. */
    private static boolean applied(ResultMessage result)
    {
        if (!(result instanceof ResultMessage.Rows))
            return false;
        ResultSet rs = ((ResultMessage.Rows) result).result;
        if (rs.rows.isEmpty() || rs.metadata.names.isEmpty() || !"[applied]".equals(rs.metadata.names.get(0).name.toString()))
            return false;
        ByteBuffer value = rs.rows.get(0).get(0);
        return value != null && BooleanType.instance.compose(value);
    }

    private static void refuseManaged(CQLStatement statement)
    {
        if (statement instanceof ModificationStatement)
        {
            ModificationStatement m = (ModificationStatement) statement;
            if (Mirrors.KEYSPACE.equals(m.keyspace()) || (HotZoneKeyspace.NAME.equals(m.keyspace()) && MANAGED.contains(m.table())))
                throw new InvalidRequestException(m.keyspace() + "." + m.table() + " is managed by HotZone and cannot be written by clients; "
                                                  + "use nodetool-ext hotzone (boost/unboost, reserve/release, move, rules)");
        }
        else if (statement instanceof BatchStatement)
            for (ModificationStatement m : ((BatchStatement) statement).getStatements())
                refuseManaged(m);
    }

    /** A single-partition ONE read of a READY zone, answered from the local mirror; null for the normal path. */
    private MirrorReads.Answer route(CQLStatement statement, QueryState state, QueryOptions options)
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

    private static Mirroring mirroring()
    {
        HotZonePlugin plugin = HotZonePlugin.current();
        return plugin == null ? null : plugin.mirroring();
    }
}
