package io.hotzone.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.hotzone.resources.NodeSample;

import io.hotzone.server.KeyspaceDefinition;

/**
 * The {@code hotzone} keyspace: the plugin's cluster-wide state. Tables arrive with the features that use
 * them; each addition raises {@link #GENERATION} so that upgraded nodes add it on start.
 *
 * <p>gen 1763683200000000 (0.1.0): {@code leases}.
 * <p>gen 1763683200000001 (0.1.0): {@code access_log}, {@code access_log_tables}.
 * <p>gen 1763683200000002 (0.1.0): {@code events}.
 * <p>gen 1763683200000003 (0.1.0): {@code forecasts}.
 * <p>gen 1763683200000004 (0.1.0): {@code plan}, {@code plan_progress}.
 * <p>gen 1763683200000005 (0.1.0): {@code plan.tokens}, {@code plan.key_bytes} (a zone's keys as tokens and serialized, for the driver policy).
 * <p>gen 1763683200000006 (0.1.0): {@code plan.table_id}, {@code plan.ready_round}, {@code fences} (the mirror read contract).
 * <p>gen 1763683200000007 (0.1.0): {@code imports} (written by the client tool's {@code import load}), {@code access_log.top_writes}.
 * <p>gen 1763683200000008 (0.1.0): {@code node_metrics}, {@code reservations}, {@code reservation_state} (resource allocation).
 * <p>gen 1763683200000009 (0.1.0): {@code moves} (token moves).
 * <p>gen 1763683200000010 (0.1.0): {@code rules} (pre-aggregation rules).
 * <p>gen 1763683200000011 (0.1.0): {@code plan.mirror_replicas}, {@code plan.ready_mirror_replicas}, {@code plan_progress.mirror_sets} (zones sized to their load).
 * <p>gen 1763683200000012 (0.1.0): {@code node_features}.
 */
public final class HotZoneKeyspace
{
    public static final String NAME = "hotzone";

    /** Schema timestamp, microseconds: 2025-11-21T00:00:00Z, then +1 per schema change. */
    public static final long GENERATION = 1763683200000012L;

    /** Named leases (e.g. the leader's), taken and renewed with LWT; rows expire with their TTL. */
    public static final String LEASES = "leases";

    /**
     * Per node, table and step: totals, per-sub-range counts and the top partitions (parallel lists: accesses, their
     * error bound, and the writes among them). TTL'd on write.
     */
    public static final String ACCESS_LOG = "access_log";

    /** Which tables have access_log rows in which hour, so a reader can find them without scanning. */
    public static final String ACCESS_LOG_TABLES = "access_log_tables";

    /** Announced external events (campaigns, roll-outs); keys are kept as the CQL literals operators wrote. */
    public static final String EVENTS = "events";

    /** The leader's ranked hot zones per table and cycle (newest cycle first); rows expire after a few cycles. */
    public static final String FORECASTS = "forecasts";

    /** The plan: one partition ('current') whose static version is advanced with LWT; one row per zone. */
    public static final String PLAN = "plan";

    /** Per zone and node: the copy round this node has armed, copied or found dirty, with partitions and bytes. */
    public static final String PLAN_PROGRESS = "plan_progress";

    /** Records that a mirror may lack a write: the node (or every node) may not serve the zone's round until copied again. */
    public static final String FENCES = "fences";

    /**
     * Bulk imports of {@code hotzone import load} (a client): progress, and per primary replica the rows and the sum
     * of their checksums, written by the tool as it goes; shown by {@code nodetool-ext hotzone imports}.
     */
    public static final String IMPORTS = "imports";

    /** Per node and sample step: CPU, memory, GC, network, disk, stages, client requests. TTL'd on write. */
    public static final String NODE_METRICS = "node_metrics";

    /** Per node and knob: the value the node should apply until the row's TTL ends (leader's allocator or an operator). */
    public static final String RESERVATIONS = "reservations";

    /** Per node and knob: what the node applied, its value before (baseline), its ceiling and status; written by that node. */
    public static final String RESERVATION_STATE = "reservation_state";

    /** Token moves requested of each node (partition), newest first: state, tokens, the plan's order, progress. */
    public static final String MOVES = "moves";

    /** Pre-aggregation rules per table: group-by columns, an optional time bucket, aggregates; stored after validation. */
    public static final String RULES = "rules";

    /** Per node: the features of its HotZone version that other nodes must know of before using them (e.g. sized zones). */
    public static final String NODE_FEATURES = "node_features";

    private static final Map<String, String> TABLES = Map.ofEntries(Map.entry(
        NODE_FEATURES,
        "CREATE TABLE %s (node text PRIMARY KEY, features frozen<set<text>>, version text, updated_at timestamp) "
        + "WITH comment = 'HotZone node features: what the HotZone version on each node can do, written by that node every ten minutes (TTL one hour)'"), Map.entry(
        RULES,
        "CREATE TABLE %s (keyspace_name text, table_name text, name text, group_by frozen<list<text>>, bucket text, aggregates frozen<list<text>>, "
        + "created_at timestamp, created_by text, PRIMARY KEY ((keyspace_name, table_name), name)) "
        + "WITH comment = 'HotZone pre-aggregation rules: validated against the table when added (nodetool-ext hotzone rules)'"), Map.entry(
        MOVES,
        "CREATE TABLE %s (node text, id text, after text, from_token bigint, to_token bigint, state text, reason text, requested_by text, "
        + "requested_at timestamp, started_at timestamp, ended_at timestamp, bytes_streamed bigint, note text, revert_of text, "
        + "PRIMARY KEY (node, id)) WITH CLUSTERING ORDER BY (id DESC) "
        + "AND default_time_to_live = 2592000 AND comment = 'HotZone token moves: requested of a node, run by it under the cluster-wide move lock; kept 30 days'"), Map.entry(
        NODE_METRICS,
        "CREATE TABLE %s (node text, hour timestamp, at timestamp, step_seconds double, " + NodeSample.COLUMNS.stream().map(c -> c + " double, ").collect(Collectors.joining())
        + "PRIMARY KEY ((node, hour), at)) WITH CLUSTERING ORDER BY (at DESC) "
        + "AND comment = 'HotZone node metrics: each node samples its own load every resources.sample_every' "
        + "AND compaction = {'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'HOURS', 'compaction_window_size': '6'}"), Map.entry(
        RESERVATIONS,
        "CREATE TABLE %s (node text, knob text, value bigint, expires_at timestamp, origin text, reason text, reserved_by text, PRIMARY KEY (node, knob)) "
        + "WITH comment = 'HotZone reservations: knob values each node applies until the TTL ends'"), Map.entry(
        RESERVATION_STATE,
        "CREATE TABLE %s (node text, knob text, baseline bigint, applied bigint, current bigint, ceiling bigint, status text, updated_at timestamp, "
        + "PRIMARY KEY (node, knob)) WITH comment = 'HotZone reservation state: what each node applied and its baseline'"), Map.entry(
        IMPORTS,
        "CREATE TABLE %s (id text PRIMARY KEY, keyspace_name text, table_name text, state text, inputs frozen<list<text>>, profile text, "
        + "timestamp_base bigint, records bigint, records_done bigint, rows_written bigint, rejected bigint, started_at timestamp, "
        + "updated_at timestamp, finished_at timestamp, client text, node_rows frozen<map<text, bigint>>, node_checksums frozen<map<text, bigint>>, "
        + "zones frozen<list<text>>, note text) "
        + "WITH comment = 'HotZone bulk imports (hotzone import load): progress, per-node rows and checksums'"), Map.entry(
        FENCES,
        "CREATE TABLE %s (name text, zone_id text, copy_round int, node text, fence_id uuid, reason text, fenced_by text, fenced_at timestamp, "
        + "PRIMARY KEY (name, zone_id, copy_round, node, fence_id)) "
        + "WITH comment = 'HotZone fences: mirrors that may lack a write, not to be read from until copied again'"), Map.entry(
        PLAN,
        "CREATE TABLE %s (name text, version bigint static, changed_at timestamp static, changed_by text static, zone_id text, "
        + "keyspace_name text, table_name text, keys frozen<list<text>>, tokens frozen<list<bigint>>, key_bytes frozen<list<blob>>, token_start bigint, token_end bigint, starts_at timestamp, "
        + "ends_at timestamp, confidence double, origin text, reason text, state text, copy_round int, dry_run boolean, note text, "
        + "updated_at timestamp, table_id uuid, ready_round int, mirror_replicas int, ready_mirror_replicas int, PRIMARY KEY (name, zone_id)) "
        + "WITH comment = 'HotZone plan: zones and their state; the static version moves with LWT'"), Map.entry(
        PLAN_PROGRESS,
        "CREATE TABLE %s (zone_id text, node text, copy_round int, phase text, partitions bigint, bytes bigint, updated_at timestamp, "
        + "mirror_sets boolean, PRIMARY KEY (zone_id, node)) WITH comment = 'HotZone plan progress: what each node did for each zone'"), Map.entry(
        FORECASTS,
        "CREATE TABLE %s (keyspace_name text, table_name text, cycle_at timestamp, rank int, segment text, segment_token bigint, "
        + "predicted_peak double, threshold double, predicted_start timestamp, confidence double, reason text, leader text, "
        + "PRIMARY KEY ((keyspace_name, table_name), cycle_at, rank)) WITH CLUSTERING ORDER BY (cycle_at DESC, rank ASC) "
        + "AND comment = 'HotZone forecasts: ranked hot zones per table, newest cycle first'"), Map.entry(
        EVENTS,
        "CREATE TABLE %s (id text PRIMARY KEY, name text, starts_at timestamp, ends_at timestamp, keyspace_name text, table_name text, "
        + "target_kind text, target_keys frozen<list<text>>, token_start bigint, token_end bigint, multiplier double, source text, "
        + "created_at timestamp) WITH comment = 'HotZone external events: expected access multipliers for keys, token ranges or tables'"), Map.entry(
        LEASES,
        "CREATE TABLE %s (name text PRIMARY KEY, holder text, holder_address text, acquired_at timestamp) "
        + "WITH comment = 'HotZone leases (leader election), taken with LWT'"), Map.entry(
        ACCESS_LOG,
        "CREATE TABLE %s (keyspace_name text, table_name text, hour timestamp, step_start timestamp, node text, "
        + "step_millis bigint, reads bigint, writes bigint, exact boolean, floor bigint, "
        + "top_keys frozen<list<blob>>, top_tokens frozen<list<bigint>>, top_counts frozen<list<bigint>>, top_errors frozen<list<bigint>>, top_writes frozen<list<bigint>>, "
        + "range_reads frozen<list<bigint>>, range_writes frozen<list<bigint>>, "
        + "PRIMARY KEY ((keyspace_name, table_name, hour), step_start, node)) "
        + "WITH comment = 'HotZone access history: what each node coordinated, per table and step' "
        + "AND compaction = {'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'HOURS', 'compaction_window_size': '6'}"), Map.entry(
        ACCESS_LOG_TABLES,
        "CREATE TABLE %s (hour timestamp, keyspace_name text, table_name text, PRIMARY KEY (hour, keyspace_name, table_name)) "
        + "WITH comment = 'HotZone access history: tables present per hour'"));

    private HotZoneKeyspace()
    {
    }

    /**
     * @param rf         wanted replication factor per data center
     * @param dcSizes    nodes per data center as seen now; the factor is capped at each DC's size so that a
     *                   one-node cluster can still run its LWTs. Operators ALTER KEYSPACE as usual when the ring grows.
     */
    /**
     * Whether the automatic replication should move from {@code current} to {@code wanted}: only upwards (a node
     * that started while the ring was still forming created the keyspace with a smaller factor), never down,
     * never for a keyspace whose strategy is not NetworkTopologyStrategy.
     */
    public static boolean shouldGrow(Map<String, Integer> current, Map<String, Integer> wanted)
    {
        if (current.isEmpty() || current.equals(wanted))
            return false;
        for (Map.Entry<String, Integer> e : current.entrySet())
            if (wanted.getOrDefault(e.getKey(), 0) < e.getValue())
                return false;
        return true;
    }

    /**
     * Schema timestamp for an automatic replication change: the generation plus the total replica count, so that
     * among nodes that saw different ring sizes the largest view wins, and an operator's ALTER (current time) beats all.
     */
    public static long replicationTimestamp(Map<String, Integer> replication)
    {
        return GENERATION + replication.values().stream().mapToInt(Integer::intValue).sum();
    }

    public static KeyspaceDefinition definition(int rf, Map<String, Integer> dcSizes)
    {
        Map<String, Integer> replication = new LinkedHashMap<>();
        dcSizes.forEach((dc, size) -> replication.put(dc, Math.max(1, Math.min(rf, size))));
        return new KeyspaceDefinition(NAME, GENERATION, replication, TABLES);
    }
}
