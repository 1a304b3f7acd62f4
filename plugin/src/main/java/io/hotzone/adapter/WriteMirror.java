package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.db.ConsistencyLevel;
import org.apache.cassandra.db.Keyspace;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.partitions.Partition;
import org.apache.cassandra.db.partitions.PartitionUpdate;
import org.apache.cassandra.db.rows.UnfilteredRowIterator;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.exceptions.UnavailableException;
import org.apache.cassandra.exceptions.WriteFailureException;
import org.apache.cassandra.exceptions.WriteTimeoutException;
import org.apache.cassandra.locator.AbstractReplicationStrategy;
import org.apache.cassandra.locator.InetAddressAndPort;
import org.apache.cassandra.locator.NetworkTopologyStrategy;
import org.apache.cassandra.locator.Replica;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.StorageService;

import io.hotzone.capture.TableRef;
import io.hotzone.mirror.Fencer;
import io.hotzone.mirror.Mirroring;
import io.hotzone.mirror.RoutingView;
import io.hotzone.mirror.ZoneDirectory;
import io.hotzone.plan.Fence;
import io.hotzone.plan.Zone;
import io.hotzone.server.Mirrors;

/**
 * Keeps the mirrors of written partitions in step, after the source write and never inside it. The trigger only
 * {@linkplain #observe observes} the exact update Cassandra is about to apply and keeps its re-addressed copy in the
 * {@link WriteContext}; once the client's write succeeded, {@link #afterWrite} sends that copy to every mirror replica.
 * A write every source replica acknowledged (see {@link #strong}) is returned to the client only once every mirror
 * replica acknowledged it or is fenced (and one routing lease passed); any other write is returned at once and its
 * stragglers are fenced in the background. A write refused as unavailable touched no replica and is ignored; a plain
 * write that timed out is mirrored like a weak one (Cassandra hints it to the source replicas that missed it); a
 * lightweight transaction that failed, or whose proposal did not apply, fences its zones for every node.
 */
final class WriteMirror
{
    private final ZoneDirectory directory;
    private final Fencer fencer;
    private final long ackTimeoutNanos;
    private final ScheduledExecutorService background;

    WriteMirror(Mirroring mirroring)
    {
        this.directory = mirroring.directory();
        this.fencer = mirroring.fencer();
        this.ackTimeoutNanos = mirroring.ackTimeout().toNanos();
        this.background = mirroring.background();
    }

    ZoneDirectory directory()
    {
        return directory;
    }

    /** Called by the trigger, on the request thread, for every update of a table that has it. Never throws. */
    void observe(Partition update, WriteContext context)
    {
        TableMetadata source = update.metadata();
        TableRef table = new TableRef(source.keyspace, source.name);
        UUID tableId = source.id.asUUID();
        RoutingView view = directory.view();
        if (view == null)
        {
            // No plan read yet (the node is starting): the zones are unknown, so every zone of the table is fenced.
            if (context != null)
                context.withoutView(table, tableId);
            else
                fencer.fenceAndWait(List.of(fencer.tableFence(table, tableId, "write before this node read the plan")));
            return;
        }
        ByteBuffer key = update.partitionKey().getKey();
        Token token = update.partitionKey().getToken();
        List<Zone> zones = view.mirroredFor(table, tableId, key, CaptureListener.tokenValue(token));
        if (zones.isEmpty())
            return;
        if (context == null)
        {
            // Not a client write through the query handler: nothing can send it after it succeeds.
            List<Fence> all = new ArrayList<>();
            zones.forEach(z -> all.add(fencer.fence(z, Fence.EVERY_NODE, "write outside the query handler")));
            directory.unmirroredWrites.addAndGet(zones.size());
            fencer.fenceAndWait(all);
            return;
        }
        context.triggerCalls++;
        for (Zone zone : zones)
        {
            try
            {
                TableMetadata mirror = Schema.instance.getTableMetadata(Mirrors.KEYSPACE, zone.mirrorTable());
                if (mirror == null)
                {
                    context.unmirrorable(zone);
                    continue;
                }
                try (UnfilteredRowIterator partition = update.unfilteredIterator())
                {
                    context.stash(zone, source, key, token, new Mutation(MirrorCopy.of(partition, mirror)));
                }
            }
            catch (RuntimeException e)
            {
                context.unmirrorable(zone); // mirror columns not in step with the source yet
            }
        }
    }

    /**
     * After the client's write returned or threw; {@code applied} is false for a lightweight transaction whose condition
     * did not hold, {@code failure} the write's exception (null when it succeeded).
     */
    void afterWrite(WriteContext context, boolean applied, Throwable failure)
    {
        if (context.isEmpty())
            return;
        List<Fence> now = new ArrayList<>();
        List<Fence> later = new ArrayList<>();
        context.withoutView().forEach((table, id) -> now.add(fencer.tableFence(table, id, "write before this node read the plan")));
        if (failure instanceof UnavailableException)
        {
            finish(now, later); // refused before any replica was written
            return;
        }
        // A plain write that timed out or failed on some replica is hinted by the coordinator for the replicas that
        // missed it, so it will be applied at the source: it is mirrored like a weak write (below). A lightweight
        // transaction that failed, or did not apply although its update was proposed, may be completed by another
        // coordinator's Paxos round, or never: nobody serves the zone until it is copied again.
        boolean hinted = failure instanceof WriteTimeoutException || failure instanceof WriteFailureException;
        if ((failure != null && (context.conditional || !hinted)) || (context.conditional && !applied))
        {
            for (Zone z : context.touchedZones())
                later.add(fencer.fence(z, Fence.EVERY_NODE, failure != null ? "write failed: " + failure.getClass().getSimpleName()
                                                                            : "lightweight transaction not applied after proposing"));
            finish(now, later);
            return;
        }
        for (Zone z : context.unmirrorable())
        {
            directory.unmirroredWrites.incrementAndGet();
            (failure == null && strong(context.consistency, z.table()) ? now : later).add(fencer.fence(z, Fence.EVERY_NODE, "write could not be re-addressed to the mirror"));
        }
        RoutingView fresh = directory.freshView();
        List<Sent> strong = new ArrayList<>();
        List<Sent> weak = new ArrayList<>();
        for (WriteContext.Pending p : context.pending())
        {
            Mutation mirror = p.mirror;
            if (context.conditional)
            {
                // Cassandra commits a Paxos update with the ballot's timestamp, not the one the trigger saw.
                Long committed = context.commitTimestamp(p.source.id.asUUID(), p.key);
                if (committed == null)
                {
                    directory.unmirroredWrites.incrementAndGet();
                    now.add(fencer.fence(p.zone, Fence.EVERY_NODE, "lightweight transaction whose commit timestamp was not seen"));
                    continue;
                }
                mirror = restamped(mirror, committed);
            }
            List<InetAddressAndPort> replicas = mirrorReplicas(p.token, p.zone, fresh);
            Sent sent = new Sent(p.zone, MirrorDelivery.send(mirror, replicas));
            directory.mirroredWrites.incrementAndGet();
            (failure == null && strong(context.consistency, p.source) ? strong : weak).add(sent);
        }
        if (!strong.isEmpty())
        {
            long deadline = directory.now() + ackTimeoutNanos;
            for (Sent s : strong)
                s.delivery.await(Math.max(0, deadline - directory.now()));
            stragglers(strong, now);
        }
        if (!weak.isEmpty())
            background.schedule(() -> {
                List<Fence> fences = new ArrayList<>();
                stragglers(weak, fences);
                fencer.fenceLater(fences);
            }, ackTimeoutNanos, TimeUnit.NANOSECONDS);
        finish(now, later);
    }

    private static Mutation restamped(Mutation mutation, long timestampMicros)
    {
        PartitionUpdate update = mutation.getPartitionUpdates().iterator().next();
        return new Mutation(new PartitionUpdate.Builder(update, 0).updateAllTimestamp(timestampMicros).build());
    }

    private void finish(List<Fence> now, List<Fence> later)
    {
        fencer.fenceLater(later);
        fencer.fenceAndWait(now);
    }

    private void stragglers(List<Sent> sent, List<Fence> out)
    {
        Set<String> seen = new LinkedHashSet<>();
        for (Sent s : sent)
            for (InetAddressAndPort node : s.delivery.stragglers())
            {
                String address = node.getAddress().getHostAddress();
                if (seen.add(s.zone.id() + '/' + address))
                    out.add(fencer.fence(s.zone, address, "did not acknowledge a mirrored write in time"));
            }
    }

    /**
     * The zone's mirror replicas of the token ({@link ZoneReplicas}: its set by the fresh view, every mirror replica
     * without one; every pending one too, every node while the placement is in transition, see
     * {@link ZoneDirectory#inTransition}), except those the fresh view has shown fenced for the zone's newest round for a
     * lease: they cannot serve before a later round, whose copy includes this write.
     */
    private List<InetAddressAndPort> mirrorReplicas(Token token, Zone zone, RoutingView fresh)
    {
        List<InetAddressAndPort> out = new ArrayList<>();
        Zone current = fresh == null ? null : fresh.plan().zone(zone.id()).orElse(null);
        // A zone may have grown since a view that is no longer fresh: without a fresh one, every mirror replica
        int count = current == null ? 0 : Zone.widest(zone.writingMirrorReplicas(), current.writingMirrorReplicas());
        Collection<InetAddressAndPort> candidates = new LinkedHashSet<>(ZoneReplicas.of(zone.id(), count, token));
        for (Replica r : StorageService.instance.getTokenMetadata().pendingEndpointsForToken(token, Mirrors.KEYSPACE))
            candidates.add(r.endpoint());
        if (directory.inTransition())
            // another node may still route by the previous placement: every node gets it (a non-replica just keeps an
            // extra partition until the zone is copied again)
            candidates.addAll(StorageService.instance.getTokenMetadata().getNormalAndBootstrappingTokenToEndpointMap().values());
        long now = directory.now();
        for (InetAddressAndPort node : candidates)
            if (current == null || !fresh.fencedForNewestRound(current, node.getAddress().getHostAddress(), now, directory.settleNanos()))
                out.add(node);
        return out;
    }

    /**
     * Whether a stock ONE read after this write is guaranteed to see it: the write reached every replica (of the local
     * data centre for a DC-local level) before it was acknowledged.
     */
    static boolean strong(ConsistencyLevel consistency, TableRef table)
    {
        TableMetadata source = Schema.instance.getTableMetadata(table.keyspace(), table.table());
        return source == null || strong(consistency, source);
    }

    static boolean strong(ConsistencyLevel consistency, TableMetadata source)
    {
        if (consistency == ConsistencyLevel.ALL)
            return true;
        if (consistency == ConsistencyLevel.ANY)
            return false;
        AbstractReplicationStrategy strategy = Keyspace.open(source.keyspace).getReplicationStrategy();
        int replicas = consistency.isDatacenterLocal() && strategy instanceof NetworkTopologyStrategy
                       ? ((NetworkTopologyStrategy) strategy).getReplicationFactor(DatabaseDescriptor.getLocalDataCenter()).allReplicas
                       : strategy.getReplicationFactor().allReplicas;
        return consistency.blockFor(strategy) >= replicas;
    }

    private static final class Sent
    {
        final Zone zone;
        final MirrorDelivery delivery;

        Sent(Zone zone, MirrorDelivery delivery)
        {
            this.zone = zone;
            this.delivery = delivery;
        }
    }
}
