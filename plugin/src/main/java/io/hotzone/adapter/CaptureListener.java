package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.QueryEvents;
import org.apache.cassandra.cql3.QueryOptions;
import org.apache.cassandra.cql3.statements.BatchStatement;
import org.apache.cassandra.cql3.statements.ModificationStatement;
import org.apache.cassandra.cql3.statements.SelectStatement;
import org.apache.cassandra.db.PartitionPosition;
import org.apache.cassandra.dht.AbstractBounds;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.schema.SchemaConstants;
import org.apache.cassandra.schema.TableId;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.QueryState;
import org.apache.cassandra.transport.Message;
import org.apache.cassandra.utils.ByteBufferUtil;

import io.hotzone.capture.Access;
import io.hotzone.capture.Capturer;
import io.hotzone.capture.TableRef;

/**
 * Feeds client requests to the {@link Capturer}. A {@link QueryEvents.Listener}, so it leaves the single
 * QueryHandler slot alone; it runs on the request thread after the request succeeded, so it only extracts
 * partition keys, hashes them to tokens and hands them over without waiting. Any failure here is swallowed:
 * capture must never fail a request.
 */
final class CaptureListener implements QueryEvents.Listener
{
    private final Capturer capturer;
    private final Runnable onError;
    /** Per table id: its TableRef, or empty when the table is not captured (system, virtual, HotZone's own). */
    private final Map<TableId, Optional<TableRef>> tables = new ConcurrentHashMap<>();

    CaptureListener(Capturer capturer, Runnable onError)
    {
        this.capturer = capturer;
        this.onError = onError;
    }

    @Override
    public void querySuccess(CQLStatement statement, String query, QueryOptions options, QueryState state, long queryTime, Message.Response response)
    {
        capture(statement, options, state);
    }

    @Override
    public void executeSuccess(CQLStatement statement, String query, QueryOptions options, QueryState state, long queryTime, Message.Response response)
    {
        capture(statement, options, state);
    }

    @Override
    public void batchSuccess(BatchStatement.Type batchType, List<? extends CQLStatement> statements, List<String> queries,
                             List<List<ByteBuffer>> values, QueryOptions options, QueryState state, long queryTime, Message.Response response)
    {
        for (int i = 0; i < statements.size(); i++)
        {
            List<ByteBuffer> v = i < values.size() ? values.get(i) : List.of();
            capture(statements.get(i), QueryOptions.forInternalCalls(options.getConsistency(), v), state);
        }
    }

    private void capture(CQLStatement statement, QueryOptions options, QueryState state)
    {
        if (capturer.paused())
            return;
        try
        {
            if (statement instanceof SelectStatement)
                captureSelect((SelectStatement) statement, options, state);
            else if (statement instanceof ModificationStatement)
                captureModification((ModificationStatement) statement, options, state);
            else if (statement instanceof BatchStatement)
                for (ModificationStatement m : ((BatchStatement) statement).getStatements())
                    captureModification(m, options, state);
        }
        catch (RuntimeException e)
        {
            onError.run();
        }
    }

    private Optional<TableRef> captured(TableMetadata table)
    {
        return tables.computeIfAbsent(table.id, id -> excluded(table) ? Optional.empty() : Optional.of(new TableRef(table.keyspace, table.name)));
    }

    private static boolean excluded(TableMetadata table)
    {
        return SchemaConstants.isLocalSystemKeyspace(table.keyspace) || SchemaConstants.isReplicatedSystemKeyspace(table.keyspace)
               || SchemaConstants.isVirtualSystemKeyspace(table.keyspace) || table.isVirtual()
               || table.keyspace.startsWith("hotzone");
    }

    private void captureSelect(SelectStatement select, QueryOptions options, QueryState state)
    {
        TableMetadata table = select.table;
        Optional<TableRef> captured = captured(table);
        if (captured.isEmpty())
            return;
        TableRef ref = captured.get();
        if (!select.getRestrictions().isKeyRange())
        {
            for (ByteBuffer key : select.getRestrictions().getPartitionKeys(options, state.getClientState()))
                record(ref, table, key, false);
            return;
        }
        AbstractBounds<PartitionPosition> bounds = select.getRestrictions().getPartitionKeyBounds(options);
        if (bounds == null)
            return;
        Token left = bounds.left.getToken(), right = bounds.right.getToken();
        long start = tokenValue(left), end = tokenValue(right);
        // An unbounded right side is the minimum token in Cassandra's ring arithmetic: up to the end of the ring.
        if (right.isMinimum())
            end = Long.MAX_VALUE;
        capturer.record(Access.range(ref, start, end, false));
    }

    private void captureModification(ModificationStatement modification, QueryOptions options, QueryState state)
    {
        TableMetadata table = modification.metadata();
        Optional<TableRef> captured = captured(table);
        if (captured.isEmpty())
            return;
        TableRef ref = captured.get();
        for (ByteBuffer key : modification.buildPartitionKeyNames(options, state.getClientState()))
            record(ref, table, key, true);
    }

    private void record(TableRef ref, TableMetadata table, ByteBuffer key, boolean write)
    {
        long token = tokenValue(table.partitioner.getToken(key));
        // Copy: the request's buffers are reused once it completes.
        capturer.record(Access.partition(ref, ByteBufferUtil.getArray(key), token, write));
    }

    /** Murmur3 tokens are longs; other partitioners are mapped onto the same ring by hashing their token. */
    static long tokenValue(Token token)
    {
        Object value = token.getTokenValue();
        return value instanceof Long ? (Long) value : (long) value.hashCode() * 0x9E3779B97F4A7C15L;
    }
}
