package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.QueryOptions;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.ResultSet;
import org.apache.cassandra.cql3.statements.SelectStatement;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.ClientState;
import org.apache.cassandra.service.QueryState;
import org.apache.cassandra.transport.messages.ResultMessage;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Zone;
import io.hotzone.route.ReadRouter;
import io.hotzone.server.Mirrors;

/**
 * Answers a routed read from the local mirror table: the client's own SELECT text, re-pointed at the zone's mirror
 * table, executed on this node only. The client's statement is authorized and validated exactly as on the normal
 * path first, and the answer carries the source table's result metadata, so the client cannot tell the difference.
 */
final class MirrorReads
{
    /** The table name after the first FROM of a SELECT: optional keyspace, quoted or not. */
    private static final Pattern FROM = Pattern.compile("(?is)^(\\s*SELECT\\s.*?\\bFROM\\s+)((?:\"(?:[^\"]|\"\")+\"|\\w+)(?:\\s*\\.\\s*(?:\"(?:[^\"]|\"\")+\"|\\w+))?)(.*)$");

    private final Cache<String, SelectStatement> statements = Caffeine.newBuilder().maximumSize(2_000).build();
    private final AggregateReads aggregates;

    MirrorReads(AggregateReads aggregates)
    {
        this.aggregates = aggregates;
    }

    /** A read answered here: the message, and whether a pre-computed aggregate gave it. */
    static final class Answer
    {
        final ResultMessage message;
        final boolean fromAggregate;

        Answer(ResultMessage message, boolean fromAggregate)
        {
            this.message = message;
            this.fromAggregate = fromAggregate;
        }
    }

    /** The mirror's answer, or null to take the normal path. */
    Answer tryServe(ReadRouter router, SelectStatement select, String raw, QueryState state, QueryOptions options)
    {
        long started = System.nanoTime();
        TableRef table = new TableRef(select.table.keyspace, select.table.name);
        if (raw == null || !router.mayRoute(table, options.getConsistency().name()) || select.getRestrictions().isKeyRange())
            return null;
        // Masks are the source table's business: a masked table is never answered from a mirror.
        if (select.table.hasMaskedColumns())
            return null;
        List<ByteBuffer> keys = select.getRestrictions().getPartitionKeys(options, state.getClientState());
        if (keys.size() != 1)
            return null;
        Token token = select.table.partitioner.getToken(keys.get(0));
        Zone zone = router.route(table, select.table.id.asUUID(), keys.get(0), CaptureListener.tokenValue(token));
        if (zone == null || !ZoneReplicas.isLocal(zone.id(), zone.servingMirrorReplicas(), token))
            return null;
        TableMetadata source = Schema.instance.getTableMetadata(select.table.id);
        TableMetadata mirrorTable = Schema.instance.getTableMetadata(Mirrors.KEYSPACE, zone.mirrorTable());
        if (source == null || mirrorTable == null || !MirrorSchema.inStep(source, mirrorTable))
            return null;
        select.authorize(state.getClientState());
        select.validate(state.getClientState());
        ResultMessage.Rows aggregate = aggregates.tryServe(select, raw, state.getClientState().getRawKeyspace(), keys.get(0), zone.mirrorTable(), state, options);
        if (aggregate != null)
        {
            router.served(table, System.nanoTime() - started);
            return new Answer(aggregate, true);
        }
        SelectStatement mirror = mirrorStatement(raw, zone.mirrorTable(), state.getClientState().getRawKeyspace(), select);
        if (mirror == null)
            return null;
        ResultMessage.Rows rows;
        try
        {
            rows = mirror.executeLocally(state, options);
        }
        catch (RuntimeException e)
        {
            return null; // the mirror table went away under us (zone ended): the normal path answers
        }
        ResultSet.ResultMetadata metadata = select.getResultMetadata().copy();
        metadata.setHasMorePages(rows.result.metadata.getPagingState());
        router.served(table, System.nanoTime() - started);
        return new Answer(new ResultMessage.Rows(new ResultSet(metadata, rows.result.rows)), false);
    }

    private SelectStatement mirrorStatement(String raw, String mirrorTable, String sessionKeyspace, SelectStatement select)
    {
        String cacheKey = mirrorTable + '\u0000' + sessionKeyspace + '\u0000' + raw;
        SelectStatement cached = statements.getIfPresent(cacheKey);
        if (cached != null && Schema.instance.getTableMetadata(Mirrors.KEYSPACE, mirrorTable) == cached.table)
            return cached;
        Matcher m = FROM.matcher(raw);
        if (!m.matches())
            return null;
        try
        {
            CQLStatement.Raw parsed = QueryProcessor.parseStatement(m.group(1) + Mirrors.KEYSPACE + "." + mirrorTable + m.group(3));
            if (!(parsed instanceof SelectStatement.RawStatement))
                return null;
            SelectStatement prepared = ((SelectStatement.RawStatement) parsed).prepare(ClientState.forInternalCalls());
            // the rewrite must have changed the table and nothing else
            if (!prepared.table.keyspace.equals(Mirrors.KEYSPACE) || !prepared.table.name.equals(mirrorTable)
                || prepared.getBindVariables().size() != select.getBindVariables().size()
                || prepared.getResultMetadata().names.size() != select.getResultMetadata().names.size())
                return null;
            statements.put(cacheKey, prepared);
            return prepared;
        }
        catch (RuntimeException e)
        {
            return null;
        }
    }
}
