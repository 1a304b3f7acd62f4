package io.hotzone.surfaces;

import java.util.List;

/**
 * JMX interface of the plugin, registered as {@value #OBJECT_NAME}. nodetool-ext talks to this; every
 * operation the plugin offers is reachable here.
 */
public interface HotZoneMXBean
{
    String OBJECT_NAME = "io.hotzone:type=HotZone";

    String getVersion();

    /** STARTING, ACTIVE, PASSIVE or DISABLED. */
    String getState();

    boolean isActive();

    /** Why the plugin is not ACTIVE; empty when it is. */
    String getReason();

    String getLastError();

    String getRole();

    List<String> getFeatures();

    /** The hotzone.yaml in use, or empty when the defaults apply. */
    String getConfigSource();

    /** Seconds since the epoch at which the current state was entered. */
    long getStateSince();

    /**
     * The cluster-wide most accessed partitions over the last {@code windowSeconds}, every node's history merged, most
     * first: one tab-separated line per partition, {@code keyspace.table, key as a CQL literal, token, count, error,
     * reads, writes} (count = reads + writes over-estimates by at most error, 0 means exact; writes are counted while the
     * partition was tracked, so with a non-zero error the split between reads and writes is off by at most error too).
     *
     * @param table keyspace.table, or empty for every table with history in the window
     */
    List<String> topPartitions(String table, long windowSeconds, int limit);

    /**
     * The newest forecast of a table (or of every table forecast in the last day), by rank: one tab-separated line per
     * zone, {@code keyspace.table, rank, segment, reason, confidence, predicted start, predicted peak, threshold, token,
     * cycle time, leader}.
     */
    List<String> forecast(String table);

    /**
     * On the leader: per table with a model, which method's zones it is served (reactive, model, model+reactive) and
     * why, one tab-separated line each ({@code keyspace.table, method, why}); empty elsewhere.
     */
    List<String> forecastServed();

    /**
     * Hot token ranges of a table (or of every table with history), forecast now from the access history on this node,
     * most confident first, each with the action the planner chooses: one tab-separated line per range,
     * {@code keyspace.table, kind (READS|WRITES), range (start,end], reason, confidence, predicted start, predicted end,
     * predicted peak per step, threshold, action (BOOST|MOVE|NOTHING), estimated seconds, bytes, why}.
     */
    List<String> rangeForecast(String table);

    /**
     * Validates a pre-aggregation rule against its table and stores it (nothing stored when wrong; the error names
     * every problem). Returns the query the rule pre-computes.
     *
     * @param groupBy    comma-separated columns: the partition key, then clustering columns in key order
     * @param bucket     {@code COLUMN WIDTH} flooring the last group-by column (e.g. {@code at 1h}), or empty
     * @param aggregates comma-separated among count(*), count(c), sum(c), min(c), max(c), avg(c)
     */
    String addRule(String table, String name, String groupBy, String bucket, String aggregates);

    /** Removes a rule; fails if the table has none of that name. */
    void removeRule(String table, String name);

    /**
     * The rules of a table (or of every table), one tab-separated line each: {@code keyspace.table, name, group by
     * terms, aggregates, created at, created by, the query it pre-computes}.
     */
    List<String> rules(String table);

    /**
     * This node's pre-computed aggregates, one tab-separated line per rule: {@code keyspace.table, rule, group by
     * terms, aggregates, partitions held, of them dirty, queries answered from them here} (as
     * {@code hotzone_views.aggregate_rules}).
     */
    List<String> aggregates();

    /** Whether this node records accesses now (false while capture is paused or not running). */
    boolean isCapturing();

    /** Pauses or resumes access capture on this node; paused, requests skip it entirely. */
    void setCapturing(boolean capturing);

    /**
     * Whether this node, while it leads, adds zones from forecasts and anomalies (true unless switched off at runtime;
     * false when boost.enabled is false).
     */
    boolean isAutoBoost();

    /**
     * Switches automatic boosting on or off on this node until it restarts. Off, the leader still forecasts and drives
     * existing zones and manual boosts, but adds no zone by itself. Set it on every node: the lease may move.
     */
    void setAutoBoost(boolean enabled);

    /**
     * Whether this node, while it leads, requests token moves for forecast write-hot ranges and merges them back
     * afterwards (moves.automatic unless switched at runtime; false when moves.enabled is false).
     */
    boolean isAutoMove();

    /** Switches automatic token moves on or off on this node until it restarts. Set it on every node: the lease may move. */
    void setAutoMove(boolean enabled);

    /**
     * Validates and stores events given as a CSV or JSON document (formats in docs/operator-guide.md): all or nothing.
     *
     * @param format  {@code csv} or {@code json}
     * @param replace whether an event whose id is already stored is overwritten; when false such a document is refused
     * @return the ids of the events stored, in input order
     */
    List<String> addEvents(String format, boolean replace, String content);

    /**
     * Events by start time, one tab-separated line each: {@code id, name, start, end, keyspace.table, target,
     * multiplier, source}. Past events only when {@code includePast}.
     *
     * @param table keyspace.table, or empty for all
     */
    List<String> listEvents(String table, boolean includePast);

    /** Removes an event; fails if there is no event with that id. */
    void removeEvent(String id);

    /** Imports history in the long CSV format {@code key,t,count} into {@code keyspace.table}; returns a summary. */
    String importHistory(String table, String content);

    /**
     * Starts an import of history sent in parts ({@link #addHistoryLines}, then {@link #finishHistoryImport}): for
     * files too large for one JMX call. Nothing is written before the finish; an import idle for 10 minutes is dropped.
     *
     * @return the import's id
     */
    String beginHistoryImport(String table);

    /**
     * The next whole lines of the file (the first part starts with the header); checked at once, numbered across parts.
     * A bad line ends the import, with nothing written.
     *
     * @return the lines checked so far, header included
     */
    int addHistoryLines(String importId, String lines);

    /** Writes what the import's parts held; returns what was imported, as {@link #importHistory} does. */
    String finishHistoryImport(String importId);

    /** Drops an import in progress; nothing of it is written. */
    void abortHistoryImport(String importId);

    /**
     * Boosts partitions (CQL literals of the partition key) or a token range ("START,END", inclusive) of a table until
     * the given time (epoch millis); returns the new zone's id. Validated first: nothing is written on error.
     */
    String boost(String table, List<String> keys, String tokenRange, long untilMillis);

    /** As {@link #boost(String, List, String, long)}, on {@code mirrorReplicas} mirror replicas per data center (0: all). */
    String boost(String table, List<String> keys, String tokenRange, long untilMillis, int mirrorReplicas);

    /** Copies a READY sized zone onto more mirror replicas per data center (0: all); refused, changing nothing, otherwise. */
    void grow(String zoneId, int mirrorReplicas);

    /** Ends zones: the zone with this id, or (table given) the zones of that table holding any of the keys; returns their ids. */
    List<String> unboost(String zoneIdOrTable, List<String> keys);

    /** The plan: a first line "version", then one tab-separated line per zone (see {@code PlanView}). */
    List<String> plan();

    /** Bulk imports recorded by {@code hotzone import load}, most recently updated first: tab-separated lines (see {@code ImportsView}). */
    List<String> imports(int limit);

    /**
     * Every node's reservations beside what each node applied: tab-separated lines (see {@code ReservationsView}), by node
     * and knob.
     */
    List<String> reservations();

    /**
     * Reserves a knob's value on nodes (empty list: every ring node) for {@code ttlSeconds}; returns one line per
     * reservation written. Validated first (knob, value against each node's ceiling, nodes, TTL): nothing is written on error.
     */
    List<String> reserve(List<String> nodes, String knob, long value, long ttlSeconds, String reason);

    /** Removes a knob's reservation on nodes (empty list: every ring node); returns the nodes that had one. */
    List<String> release(List<String> nodes, String knob);

    /** Whether this node, while it leads, reserves resources for zones (resources.auto, unless switched at runtime). */
    boolean isAutoReserve();

    /** Switches automatic reservations on this node until restart; switched off, those already made expire within resources.reservation_ttl. */
    void setAutoReserve(boolean enabled);

    /**
     * Token moves that would even out the last moves.window of access history (single-token rings): lines
     * {@code move<TAB>node<TAB>from<TAB>to}, then {@code load<TAB>node<TAB>before<TAB>after<TAB>received} (accesses per
     * second; the share of the ring's data the node would stream in), then {@code reason<TAB>text}.
     */
    List<String> movePlan();

    /** Requests the moves of {@link #movePlan()}, each after the one before; returns their ids. Fails with the plan's reason when it has none. */
    List<String> moveApply(String reason);

    /** Requests one move of {@code node} to {@code token}; returns its id. Fails at once with the reason when a guard refuses it already. */
    String moveRequest(String node, String token, String reason);

    /** Requests the move that undoes a DONE one; returns its id. */
    String moveRevert(String id);

    /** Marks a FAILED move as looked at, so that moves may start again. */
    void moveClear(String id);

    /** Cancels a PLANNED move (its successors in the plan are then cancelled by their nodes). */
    void moveCancel(String id);

    /**
     * Every node's moves, newest first: tab-separated {@code id, node, from, to, state, requested_at, started_at,
     * ended_at, bytes_streamed, reason, note, after, revert_of} (times ISO-8601, empty when not yet).
     */
    List<String> moves();
}
