package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.cassandra.db.ConsistencyLevel;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.schema.TableMetadata;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Zone;

/**
 * One client write as the mirroring trigger saw it, which Cassandra does not pass to triggers: its consistency level
 * and whether it is a lightweight transaction, and what the trigger found: the mirror mutations to send once the
 * write succeeded, zones it could not re-address, tables it could not look up. Set by {@link HotZoneQueryHandler} on
 * the request thread around the write; triggers run on that same thread (also inside Paxos, possibly more than once:
 * the last proposal replaces the earlier ones).
 */
final class WriteContext
{
    private static final ThreadLocal<WriteContext> CURRENT = new ThreadLocal<>();

    /** A mirror mutation waiting for the source write to succeed. */
    static final class Pending
    {
        final Zone zone;
        final TableMetadata source;
        final ByteBuffer key;
        final Token token;
        final Mutation mirror;

        Pending(Zone zone, TableMetadata source, ByteBuffer key, Token token, Mutation mirror)
        {
            this.zone = zone;
            this.source = source;
            this.key = key;
            this.token = token;
            this.mirror = mirror;
        }
    }

    final ConsistencyLevel consistency;
    final boolean conditional;
    int triggerCalls;
    private final Map<List<Object>, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Zone> unmirrorable = new LinkedHashMap<>();
    private final Map<TableRef, UUID> withoutView = new LinkedHashMap<>();
    private final Map<List<Object>, Long> commits = new java.util.HashMap<>();

    private WriteContext(ConsistencyLevel consistency, boolean conditional)
    {
        this.consistency = consistency;
        this.conditional = conditional;
    }

    static WriteContext current()
    {
        return CURRENT.get();
    }

    static WriteContext enter(ConsistencyLevel consistency, boolean conditional)
    {
        WriteContext context = new WriteContext(consistency, conditional);
        CURRENT.set(context);
        return context;
    }

    static void exit()
    {
        CURRENT.remove();
    }

    void stash(Zone zone, TableMetadata source, ByteBuffer key, Token token, Mutation mirror)
    {
        // keyed by zone and partition: a Paxos retry proposes the same partition again, and only its last proposal counts
        pending.put(List.of(zone.id(), key), new Pending(zone, source, key, token, mirror));
    }

    /** A Paxos commit this write's coordinator sent: the partition's update is applied with this timestamp. */
    void committed(UUID tableId, ByteBuffer key, long timestampMicros)
    {
        commits.put(List.of(tableId, key), timestampMicros);
    }

    /** The commit timestamp of the lightweight transaction's update of this partition; null if none was seen. */
    Long commitTimestamp(UUID tableId, ByteBuffer key)
    {
        return commits.get(List.of(tableId, key));
    }

    void unmirrorable(Zone zone)
    {
        unmirrorable.put(zone.id(), zone);
    }

    void withoutView(TableRef table, UUID tableId)
    {
        withoutView.put(table, tableId);
    }

    Collection<Pending> pending()
    {
        return pending.values();
    }

    Collection<Zone> unmirrorable()
    {
        return unmirrorable.values();
    }

    Map<TableRef, UUID> withoutView()
    {
        return withoutView;
    }

    /** Every zone this write touched (mirrored or not). */
    List<Zone> touchedZones()
    {
        List<Zone> out = new ArrayList<>(unmirrorable.values());
        for (Pending p : pending.values())
            if (!unmirrorable.containsKey(p.zone.id()))
                out.add(p.zone);
        return out;
    }

    boolean isEmpty()
    {
        return pending.isEmpty() && unmirrorable.isEmpty() && withoutView.isEmpty();
    }
}
