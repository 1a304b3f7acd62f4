package io.hotzone.server;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.codahale.metrics.Metric;

/**
 * What the plugin needs from the Cassandra node it runs in. The only implementation lives in
 * {@code io.hotzone.adapter}, the one package that touches Cassandra internals, so a port to another
 * Cassandra major replaces that package and nothing else.
 */
public interface Server
{
    /** Cassandra has loaded its schema and registered its own virtual keyspaces. */
    boolean virtualKeyspacesReady();

    /** The node has joined the ring and owns tokens. */
    boolean joined();

    /** Broadcast address of this node, as other nodes and clients know it. */
    String localAddress();

    String localDatacenter();

    /** Nodes per data center as this node currently sees the ring. */
    Map<String, Integer> datacenterSizes();

    /** All ring members this node considers alive, versus all it knows. */
    boolean allKnownNodesAlive();

    /**
     * Creates the keyspace and its tables if missing and adds missing columns, with the definition's
     * generation as the schema timestamp: every node may do this at once and they all converge on one
     * schema, exactly as Cassandra does for its own distributed system keyspaces.
     */
    void installKeyspace(KeyspaceDefinition keyspace);

    /** Replication factor per DC of a NetworkTopologyStrategy keyspace; empty if it is missing or uses another strategy. */
    Map<String, Integer> replicationOf(String keyspace);

    /**
     * Sets a keyspace's NetworkTopologyStrategy replication with a fixed schema timestamp (microseconds). A timestamp
     * in the past loses to any ALTER KEYSPACE an operator makes, by Cassandra's last-write-wins schema merge.
     */
    void setReplication(String keyspace, Map<String, Integer> replication, long timestampMicros);

    void registerViews(String keyspace, List<View> views);

    /**
     * Runs one CQL statement as the node itself (no client, no auth), coordinated like a client request. Bound
     * values are Java objects of the column types (String, Long, Boolean, java.util.Date, ByteBuffer, List, …);
     * result rows map column names to such objects. Blocks: never call it on a request thread.
     */
    List<Map<String, Object>> execute(String cql, Consistency consistency, Object... values);

    /**
     * Whether a failure of {@link #execute} is the cluster's passing state, not HotZone's: a replica timed out or too
     * few are alive (a node just died and the failure detector has not convicted it yet). The next try may succeed.
     */
    boolean isTransientFailure(Throwable failure);

    /** Whether the table exists (and is not a virtual or system table). */
    boolean tableExists(io.hotzone.capture.TableRef table);

    /** The table's columns and kind, or empty when it does not exist. */
    java.util.Optional<TableSchema> tableSchema(io.hotzone.capture.TableRef table);

    /** A serialized partition key of {@code table} as a CQL literal: {@code 'abc'}, {@code 42}, {@code (1, 'x')} for composite keys. */
    String formatKey(io.hotzone.capture.TableRef table, byte[] key);

    /** A partition key parsed from its CQL literal. */
    final class Key
    {
        private final byte[] bytes;
        private final long token;

        public Key(byte[] bytes, long token)
        {
            this.bytes = bytes;
            this.token = token;
        }

        public byte[] bytes()
        {
            return bytes;
        }

        public long token()
        {
            return token;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Key))
                return false;
            Key that = (Key) o;
            return Objects.equals(bytes, that.bytes) && token == that.token;
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(bytes);
            h = 31 * h + Long.hashCode(token);
            return h;
        }

        @Override
        public String toString()
        {
            return "Key[bytes=" + bytes + ", token=" + token + "]";
        }
    }

    /**
     * Parses a partition key of {@code table} from its CQL literal ({@code 'abc'}, {@code 42}, {@code (1, 'x')} for a
     * composite key; text components may also be given unquoted).
     *
     * @throws IllegalArgumentException naming the table and the reason, for unknown tables and bad literals
     */
    Key parseKey(io.hotzone.capture.TableRef table, String literal);

    /** Starts feeding client requests on this node to the capturer. */
    void captureRequests(io.hotzone.capture.Capturer capturer, Runnable onError);

    /** This node's pre-computed aggregates, per rule. */
    default io.hotzone.aggregates.ResultStats aggregateResults()
    {
        return io.hotzone.aggregates.ResultStats.NONE;
    }

    /** Registers a metric in Cassandra's own registry as {@code org.apache.cassandra.metrics:type=HotZone,name=<name>}. */
    void registerMetric(String name, Metric metric);

    /** A latency Timer like Cassandra's request latencies (microseconds), as {@code type=HotZone,name=<name>}. */
    com.codahale.metrics.Timer registerTimer(String name);

    /** A per-table Meter, as {@code type=HotZone,keyspace=<ks>,scope=<table>,name=<name>} (Cassandra's table naming). */
    com.codahale.metrics.Meter registerMeter(io.hotzone.capture.TableRef table, String name);

    /** Boosting's access to the node: mirror schema, trigger, replica placement, the exact copy. */
    Mirrors mirrors();

    /** The resource allocator's access to the node: reservable settings and Cassandra's own load counters. */
    NodeResources resources();

    /** The token ring, for token moves. */
    Ring ring();
}
