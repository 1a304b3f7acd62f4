package io.hotzone.adapter;

import java.util.Collection;

import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.partitions.Partition;

import io.hotzone.HotZonePlugin;
import io.hotzone.mirror.Mirroring;

/**
 * The trigger HotZone installs on a boosted table ({@code hotzone_mirror}). It never changes the client's write: it
 * returns nothing, so Cassandra applies exactly what it would without HotZone (no logged batch, no cross-table
 * mutation inside a Paxos round, no extra replicas that could make the write unavailable). It only observes the
 * update about to be applied — for a lightweight transaction the one Paxos proposes, before Cassandra re-stamps it
 * with the ballot's time ({@link PaxosCommits}) — and leaves its mirror copy to {@link WriteMirror}, which sends it
 * once the write succeeded.
 */
public final class MirrorTrigger implements org.apache.cassandra.triggers.ITrigger
{
    public static final String NAME = "hotzone_mirror";

    @Override
    public Collection<Mutation> augment(Partition update)
    {
        try
        {
            HotZonePlugin plugin = HotZonePlugin.current();
            Mirroring mirroring = plugin == null ? null : plugin.mirroring();
            if (mirroring == null)
                OrphanWrites.observe(update);
            else
                new WriteMirror(mirroring).observe(update, WriteContext.current());
        }
        catch (Throwable t)
        {
            OrphanWrites.failed(update, t);
        }
        return null;
    }
}
