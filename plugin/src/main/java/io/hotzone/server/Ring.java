package io.hotzone.server;

import java.util.List;
import java.util.Map;

/** The token ring as the move operations see it: tokens, node states, streaming, disk; and Cassandra's own move. */
public interface Ring
{
    /** Each ring node's tokens (address → tokens), joined nodes only. */
    Map<String, List<Long>> tokens();

    /**
     * Why HotZone's one-data-center, one-rack ring model does not fit this ring (more than one data center or rack, a
     * partitioner other than Murmur3), or empty.
     */
    String topologyProblem();

    /** Nodes that are not up and normal, with why ("DOWN", "JOINING", "LEAVING", "MOVING"). */
    Map<String, String> unsettledNodes();

    /** Streaming sessions this node takes part in (bootstrap, decommission, repair, move, copies), and repair sessions it runs. */
    int activeStreamsAndRepairs();

    /** Usable bytes on the file stores of this node's data directories. */
    long freeDiskBytes();

    /** Bytes of live sstables on this node, every keyspace. */
    long loadBytes();

    /** Bytes this node has received by streaming since it started (progress of a move). */
    long streamedInBytes();

    /** Bytes of the table's live sstables on this node (0 for a table that does not exist). */
    long tableBytes(String keyspace, String table);

    /** Cassandra's outbound stream throughput limit on this node in bytes per second (stream_throughput_outbound; 0: none). */
    double streamBytesPerSecond();

    /** How long Cassandra waits after announcing a move before it streams (its ring delay). */
    java.time.Duration ringDelay();

    /** Replicas of the keyspace's data in the whole ring (0 for a keyspace that does not exist). */
    int replicationFactor(String keyspace);

    /** Moves this node's one token with Cassandra's own move; returns when streaming is done. */
    void move(long token) throws Exception;
}
