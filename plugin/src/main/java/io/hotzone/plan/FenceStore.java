package io.hotzone.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Server;

/**
 * {@code hotzone.fences}: one partition, read whole by every node with its routing view. Fences are written at
 * EACH_QUORUM (so a LOCAL_QUORUM view in any data centre sees them), falling back to LOCAL_QUORUM when another data
 * centre is unreachable; a fence that cannot be written at all is reported to the caller.
 */
public final class FenceStore
{
    private static final String TABLE = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.FENCES;
    private static final String CURRENT = "current";

    private final Server server;

    public FenceStore(Server server)
    {
        this.server = server;
    }

    /**
     * Writes these fences in one single-partition batch.
     *
     * @return false when the write failed even at LOCAL_QUORUM (the caller counts it; see FenceFailures)
     */
    public boolean write(Collection<Fence> fences)
    {
        if (fences.isEmpty())
            return true;
        StringBuilder batch = new StringBuilder("BEGIN UNLOGGED BATCH ");
        List<Object> values = new ArrayList<>();
        Date now = new Date();
        for (Fence f : fences)
        {
            batch.append("INSERT INTO ").append(TABLE)
                 .append(" (name, zone_id, copy_round, node, fence_id, reason, fenced_by, fenced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?); ");
            values.add(CURRENT);
            values.add(f.zoneId());
            values.add(f.round());
            values.add(f.node());
            values.add(f.id());
            values.add(f.reason());
            values.add(f.by());
            values.add(now);
        }
        batch.append("APPLY BATCH");
        try
        {
            server.execute(batch.toString(), Consistency.EACH_QUORUM, values.toArray());
            return true;
        }
        catch (RuntimeException eachQuorumFailed)
        {
            try
            {
                server.execute(batch.toString(), Consistency.LOCAL_QUORUM, values.toArray());
                return false; // recorded here, but maybe not in every data centre
            }
            catch (RuntimeException e)
            {
                return false;
            }
        }
    }

    /** Every fence, at LOCAL_QUORUM; rows that do not parse are skipped. */
    public List<Fence> load()
    {
        List<Fence> out = new ArrayList<>();
        for (Map<String, Object> r : server.execute("SELECT zone_id, copy_round, node, fence_id, reason, fenced_by FROM " + TABLE + " WHERE name = ?",
                                                    Consistency.LOCAL_QUORUM, CURRENT))
        {
            try
            {
                out.add(new Fence((String) r.get("zone_id"), (Integer) r.get("copy_round"), (String) r.get("node"), (UUID) r.get("fence_id"),
                                  (String) r.get("reason"), (String) r.get("fenced_by")));
            }
            catch (RuntimeException e)
            {
                // a row that does not make a fence cannot block anything; the leader deletes it with the zone
            }
        }
        return out;
    }

    /** Deletes these fences (each by its full key, so a newer fence of the same zone and node stays). */
    public void delete(Collection<Fence> fences)
    {
        if (fences.isEmpty())
            return;
        StringBuilder batch = new StringBuilder("BEGIN UNLOGGED BATCH ");
        List<Object> values = new ArrayList<>();
        for (Fence f : fences)
        {
            batch.append("DELETE FROM ").append(TABLE).append(" WHERE name = ? AND zone_id = ? AND copy_round = ? AND node = ? AND fence_id = ?; ");
            values.add(CURRENT);
            values.add(f.zoneId());
            values.add(f.round());
            values.add(f.node());
            values.add(f.id());
        }
        batch.append("APPLY BATCH");
        server.execute(batch.toString(), Consistency.LOCAL_QUORUM, values.toArray());
    }
}
