package io.hotzone.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hotzone.capture.TableRef;
import io.hotzone.events.Event;
import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Server;

/**
 * {@code hotzone.plan} and {@code hotzone.plan_progress}. A new plan version is one conditional batch on the plan's
 * single partition ({@code IF version = expected}), so concurrent writers (the leader, an operator's boost on another
 * node) serialize through Paxos and every reader sees whole versions.
 */
public final class PlanStore
{
    private static final String PLAN = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.PLAN;
    private static final String PROGRESS = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.PLAN_PROGRESS;
    private static final String CURRENT = "current";
    private static final String COLUMNS = "zone_id, keyspace_name, table_name, keys, tokens, key_bytes, token_start, token_end, starts_at, ends_at, confidence, "
                                          + "origin, reason, state, copy_round, dry_run, note, updated_at, table_id, ready_round, mirror_replicas, ready_mirror_replicas";

    private final Server server;
    private final String me;

    public PlanStore(Server server, String me)
    {
        this.server = server;
        this.me = me;
    }

    /** The current version number only (cheap: what every node and driver polls). */
    public long version()
    {
        List<Map<String, Object>> rows = server.execute("SELECT version FROM " + PLAN + " WHERE name = ? LIMIT 1", Consistency.LOCAL_QUORUM, CURRENT);
        return rows.isEmpty() || rows.get(0).get("version") == null ? 0 : (Long) rows.get(0).get("version");
    }

    public Plan load()
    {
        List<Map<String, Object>> rows = server.execute("SELECT version, " + COLUMNS + " FROM " + PLAN + " WHERE name = ?", Consistency.LOCAL_QUORUM, CURRENT);
        long version = 0;
        List<Zone> zones = new ArrayList<>();
        for (Map<String, Object> r : rows)
        {
            if (r.get("version") != null)
                version = (Long) r.get("version");
            if (r.get("zone_id") == null || r.get("state") == null)
                continue;
            try
            {
                zones.add(zone(r));
            }
            catch (RuntimeException e)
            {
                // a zone row edited by hand into something unreadable is skipped, not fatal to every node
            }
        }
        return new Plan(version, zones);
    }

    /**
     * Writes version {@code expected + 1} with these zones added or replaced and these removed, if the current version
     * is still {@code expected}; false when someone else moved the plan first (re-read and retry).
     */
    public boolean commit(long expected, Collection<Zone> upserts, Collection<String> removals)
    {
        if (expected == 0)
            server.execute("INSERT INTO " + PLAN + " (name, version) VALUES (?, ?) IF NOT EXISTS", Consistency.LOCAL_QUORUM, CURRENT, 0L);
        StringBuilder batch = new StringBuilder("BEGIN BATCH UPDATE " + PLAN + " SET version = ?, changed_at = ?, changed_by = ? WHERE name = ? IF version = ?; ");
        List<Object> values = new ArrayList<>(List.of(expected + 1, new Date(), me, CURRENT, expected));
        for (Zone z : upserts)
        {
            batch.append("INSERT INTO ").append(PLAN).append(" (name, ").append(COLUMNS).append(") VALUES (?").append(", ?".repeat(22)).append("); ");
            values.add(CURRENT);
            values.add(z.id());
            values.add(z.table().keyspace());
            values.add(z.table().table());
            values.add(z.keys());
            List<Long> tokens = new ArrayList<>(z.keys().size());
            List<java.nio.ByteBuffer> keyBytes = new ArrayList<>(z.keys().size());
            parsedKeys(z, tokens, keyBytes);
            values.add(tokens);
            values.add(keyBytes);
            values.add(z.range() == null ? null : z.range().start());
            values.add(z.range() == null ? null : z.range().end());
            values.add(Date.from(z.start()));
            values.add(Date.from(z.end()));
            values.add(z.confidence());
            values.add(z.origin());
            values.add(z.reason());
            values.add(z.state().name());
            values.add(z.round());
            values.add(z.dryRun());
            values.add(z.note());
            values.add(Date.from(z.updated()));
            values.add(z.tableId());
            values.add(z.readyRound());
            values.add(z.mirrorReplicas());
            values.add(z.readyMirrorReplicas());
        }
        for (String id : removals)
        {
            batch.append("DELETE FROM ").append(PLAN).append(" WHERE name = ? AND zone_id = ?; ");
            values.add(CURRENT);
            values.add(id);
        }
        batch.append("APPLY BATCH");
        List<Map<String, Object>> r = server.execute(batch.toString(), Consistency.LOCAL_QUORUM, values.toArray());
        return !r.isEmpty() && Boolean.TRUE.equals(r.get(0).get("[applied]"));
    }

    /** The keys' tokens and serialized bytes, written beside the literals so drivers route without parsing CQL literals. */
    private void parsedKeys(Zone z, List<Long> tokens, List<java.nio.ByteBuffer> keyBytes)
    {
        for (String k : z.keys())
        {
            try
            {
                Server.Key key = server.parseKey(z.table(), k);
                tokens.add(key.token());
                keyBytes.add(java.nio.ByteBuffer.wrap(key.bytes()));
            }
            catch (RuntimeException e)
            {
                // a key that no longer parses (table altered) cannot be routed; the zone still lists it
            }
        }
    }

    /**
     * Records a node's report, at EACH_QUORUM when every data centre can take it (a leader elsewhere reads at
     * LOCAL_QUORUM: an older node's report must reach it before a round it would serve completes), else LOCAL_QUORUM.
     */
    public void report(Progress p)
    {
        String cql = "INSERT INTO " + PROGRESS + " (zone_id, node, copy_round, phase, partitions, bytes, updated_at, mirror_sets) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        Object[] values = { p.zoneId(), p.node(), p.round(), p.phase().name(), p.partitions(), p.bytes(), new Date(), p.mirrorSets() };
        try
        {
            server.execute(cql, Consistency.EACH_QUORUM, values);
        }
        catch (RuntimeException eachQuorumFailed)
        {
            server.execute(cql, Consistency.LOCAL_QUORUM, values);
        }
    }

    /** Every node's report for each of these zones. */
    public Map<String, List<Progress>> progress(Collection<String> zoneIds)
    {
        Map<String, List<Progress>> out = new HashMap<>();
        for (String id : zoneIds)
        {
            List<Progress> list = new ArrayList<>();
            for (Map<String, Object> r : server.execute("SELECT node, copy_round, phase, partitions, bytes, mirror_sets, writetime(mirror_sets) AS ws, writetime(phase) AS wp FROM " + PROGRESS + " WHERE zone_id = ?",
                                                        Consistency.LOCAL_QUORUM, id))
            {
                try
                {
                    list.add(new Progress(id, (String) r.get("node"), (Integer) r.get("copy_round"), Progress.Phase.valueOf((String) r.get("phase")),
                                          r.get("partitions") == null ? 0 : (Long) r.get("partitions"), r.get("bytes") == null ? 0 : (Long) r.get("bytes"),
                                          mirrorSets(r)));
                }
                catch (RuntimeException e)
                {
                    // a row typed in by hand that does not parse is ignored, like a node that has not reported
                }
            }
            out.put(id, list);
        }
        return out;
    }

    /**
     * Whether the report came from a node that places sized zones on their mirror sets: the flag, written with the
     * phase (an older version writes the phase alone, so a node rolled back to one leaves an older flag behind).
     */
    private static boolean mirrorSets(Map<String, Object> r)
    {
        Object flagAt = r.get("ws"), phaseAt = r.get("wp");
        return Boolean.TRUE.equals(r.get("mirror_sets")) && flagAt != null && phaseAt != null && (Long) flagAt >= (Long) phaseAt;
    }

    public void forgetProgress(String zoneId)
    {
        server.execute("DELETE FROM " + PROGRESS + " WHERE zone_id = ?", Consistency.LOCAL_QUORUM, zoneId);
    }

    @SuppressWarnings("unchecked")
    private static Zone zone(Map<String, Object> r)
    {
        Long a = (Long) r.get("token_start"), b = (Long) r.get("token_end");
        Object keys = r.get("keys");
        return new Zone((String) r.get("zone_id"), new TableRef((String) r.get("keyspace_name"), (String) r.get("table_name")),
                        (java.util.UUID) r.get("table_id"), keys == null ? List.of() : (List<String>) keys, a == null || b == null ? null : new Event.TokenRange(a, b),
                        instant(r.get("starts_at")), instant(r.get("ends_at")), r.get("confidence") == null ? 0 : (Double) r.get("confidence"),
                        (String) r.get("origin"), (String) r.get("reason"), ZoneState.valueOf((String) r.get("state")),
                        r.get("copy_round") == null ? 0 : (Integer) r.get("copy_round"),
                        r.get("ready_round") == null ? Zone.NEVER : (Integer) r.get("ready_round"), Boolean.TRUE.equals(r.get("dry_run")),
                        (String) r.get("note"), instant(r.get("updated_at")), count(r, "mirror_replicas"), count(r, "ready_mirror_replicas"));
    }

    private static int count(Map<String, Object> r, String column)
    {
        return r.get(column) == null ? 0 : Math.max(0, (Integer) r.get(column));
    }

    private static Instant instant(Object date)
    {
        return date == null ? Instant.EPOCH : ((Date) date).toInstant();
    }
}
