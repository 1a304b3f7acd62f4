package io.hotzone.adapter;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.cassandra.db.partitions.Partition;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.TableMetadata;

import io.hotzone.capture.TableRef;
import io.hotzone.config.BoostSettings;
import io.hotzone.mirror.Fencer;
import io.hotzone.mirror.ZoneDirectory;
import io.hotzone.plan.FenceStore;
import io.hotzone.schema.HotZoneKeyspace;

/**
 * Writes to a boosted table on a node where HotZone does not follow the plan (the plugin is starting, passive, or its
 * query handler is not configured): nothing here knows the zones or can mirror, so every zone of the table is fenced
 * before the write goes on, and the write waits one default routing lease. Slow on purpose and rare: the leader never
 * makes a zone READY while a live node does not mirror it, and this only covers the moments before it notices.
 */
final class OrphanWrites
{
    private static final Logger logger = LoggerFactory.getLogger(OrphanWrites.class);
    private static final AtomicBoolean warned = new AtomicBoolean();

    private OrphanWrites()
    {
    }

    static void observe(Partition update)
    {
        if (Schema.instance.getKeyspaceMetadata(HotZoneKeyspace.NAME) == null)
            return; // no HotZone keyspace, no zones
        TableMetadata t = update.metadata();
        if (warned.compareAndSet(false, true))
            logger.warn("HotZone: {}.{} has the {} trigger but this node does not follow the plan (plugin starting, passive, or "
                        + "-Dcassandra.custom_query_handler_class missing); its writes fence the table's zones and wait {}",
                        t.keyspace, t.name, MirrorTrigger.NAME, BoostSettings.defaults().routeLease());
        CassandraServer server = new CassandraServer();
        ZoneDirectory directory = new ZoneDirectory(server.localAddress(), BoostSettings.defaults().routeLease(), System::nanoTime);
        Fencer fencer = new Fencer(new FenceStore(server), directory, Runnable::run,
                                   (what, e) -> logger.warn("HotZone: {}", what, e));
        fencer.fenceAndWait(List.of(fencer.tableFence(new TableRef(t.keyspace, t.name), t.id.asUUID(), "write on a node not following the plan")));
    }

    static void failed(Partition update, Throwable t)
    {
        logger.error("HotZone: the mirroring trigger failed on a write to {}; fencing the table's zones", update.metadata(), t);
        try
        {
            observe(update);
        }
        catch (Throwable again)
        {
            logger.error("HotZone: cannot fence the zones of {}", update.metadata(), again);
        }
    }
}
