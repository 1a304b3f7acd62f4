package io.hotzone.resources;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Server;

/** {@code hotzone.node_metrics}: one row per node and sample step, partitioned by node and hour, TTL'd. */
public final class NodeMetricsStore
{
    private static final String TABLE = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.NODE_METRICS;

    private final Server server;
    private final String node;
    private final long ttlSeconds;
    private final String insert;

    public NodeMetricsStore(Server server, String node, Duration ttl)
    {
        this.server = server;
        this.node = node;
        this.ttlSeconds = Math.max(1, Math.min(Integer.MAX_VALUE, ttl.toSeconds()));
        this.insert = "INSERT INTO " + TABLE + " (node, hour, at, step_seconds, " + String.join(", ", NodeSample.COLUMNS) + ") VALUES (?, ?, ?, ?"
                      + ", ?".repeat(NodeSample.COLUMNS.size()) + ") USING TTL " + ttlSeconds;
    }

    /** Telemetry: written at ONE, a lost row is a gap, not an error worth more. */
    public void write(NodeSample s)
    {
        List<Object> values = new ArrayList<>();
        values.add(node);
        values.add(Date.from(s.at().truncatedTo(ChronoUnit.HOURS)));
        values.add(Date.from(s.at()));
        values.add(s.stepSeconds());
        values.addAll(s.values().values());
        server.execute(insert, Consistency.ONE, values.toArray());
    }
}
