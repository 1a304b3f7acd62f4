package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.db.ConsistencyLevel;
import org.apache.cassandra.db.Keyspace;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.partitions.Partition;
import org.apache.cassandra.db.rows.UnfilteredRowIterator;
import org.apache.cassandra.gms.FailureDetector;
import org.apache.cassandra.locator.AbstractReplicationStrategy;
import org.apache.cassandra.locator.IEndpointSnitch;
import org.apache.cassandra.locator.Replica;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.TableMetadata;

import io.hotzone.HotZonePlugin;
import io.hotzone.capture.TableRef;
import io.hotzone.mirror.ZoneDirectory;
import io.hotzone.plan.Zone;
import io.hotzone.server.Mirrors;

/**
 * The trigger HotZone installs on a boosted table ({@code hotzone_mirror}). For a write to a partition of a zone
 * being mirrored it returns the same write addressed to the zone's mirror table, and Cassandra applies both through
 * its logged batch: the mirror never sees half of a write. It never fails the client's write: when a write cannot be
 * mirrored (a lightweight transaction, whose Paxos round only accepts same-table updates; mirror replicas too few
 * for the write's consistency level; mirror schema not in step) it adds nothing and marks the zone dirty, which stops
 * routing to it and has it copied again.
 */
public final class MirrorTrigger implements org.apache.cassandra.triggers.ITrigger
{
    public static final String NAME = "hotzone_mirror";

    @Override
    public Collection<Mutation> augment(Partition update)
    {
        HotZonePlugin plugin = HotZonePlugin.current();
        ZoneDirectory directory = plugin == null ? null : plugin.zoneDirectory();
        if (directory == null)
            return null;
        TableMetadata source = update.metadata();
        TableRef table = new TableRef(source.keyspace, source.name);
        ByteBuffer key = update.partitionKey().getKey();
        long token = CaptureListener.tokenValue(update.partitionKey().getToken());
        List<Zone> zones = directory.mirroredFor(table, key, token);
        if (zones.isEmpty())
            return null;
        WriteContext context = WriteContext.current();
        List<Mutation> out = new ArrayList<>(zones.size());
        for (Zone zone : zones)
        {
            try
            {
                TableMetadata mirror = Schema.instance.getTableMetadata(Mirrors.KEYSPACE, zone.mirrorTable());
                if (mirror == null || (context != null && (context.conditional || !enoughMirrorReplicas(update, context.consistency))))
                {
                    directory.markDirty(zone);
                    continue;
                }
                try (UnfilteredRowIterator partition = update.unfilteredIterator())
                {
                    out.add(new Mutation(MirrorCopy.of(partition, mirror)));
                }
                directory.mirroredWrites.incrementAndGet();
            }
            catch (RuntimeException e)
            {
                directory.markDirty(zone);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Whether the mirror replicas alive can acknowledge the write at its level, so adding it cannot make it fail. */
    private static boolean enoughMirrorReplicas(Partition update, ConsistencyLevel consistency)
    {
        if (consistency == ConsistencyLevel.ANY)
            return true;
        AbstractReplicationStrategy strategy = Keyspace.open(Mirrors.KEYSPACE).getReplicationStrategy();
        int alive = 0, total = 0;
        String localDc = DatabaseDescriptor.getLocalDataCenter();
        IEndpointSnitch snitch = DatabaseDescriptor.getEndpointSnitch();
        for (Replica r : strategy.getNaturalReplicasForToken(update.partitionKey().getToken()))
        {
            if (consistency.isDatacenterLocal() && !localDc.equals(snitch.getDatacenter(r.endpoint())))
                continue;
            total++;
            if (FailureDetector.instance.isAlive(r.endpoint()))
                alive++;
        }
        if (consistency == ConsistencyLevel.EACH_QUORUM)
            return alive == total;
        return alive >= consistency.blockFor(strategy);
    }
}
