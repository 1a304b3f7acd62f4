package io.hotzone.server;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.hotzone.capture.TableRef;

/**
 * What boosting needs from the node: the mirror keyspace and tables, the mirroring trigger, replica placement and
 * the exact local copy. Implemented in {@code io.hotzone.adapter} like {@link Server}. Every method blocks: never
 * call one on a request thread.
 */
public interface Mirrors
{
    /** The keyspace holding every mirror table. */
    String KEYSPACE = "hotzone_mirror";

    /** Why a table cannot be boosted (counter table, materialized view, virtual or system table, …), or null if it can. */
    String unsupportedReason(TableRef source);

    /** The table's id, or null when there is no such table. */
    UUID tableId(TableRef source);

    /**
     * Creates the mirror keyspace if missing (NetworkTopologyStrategy, {@code replicasPerDc} per data center, 0 = every
     * node of the DC) and raises its replication when the ring grew.
     */
    void ensureKeyspace(int replicasPerDc);

    /**
     * Creates the mirror table (same columns as the source, no snapshots on drop) or brings it in step: columns added,
     * and columns the source dropped dropped with the source's drop timestamp, so cells older than a drop stay hidden
     * even when the column was added again.
     */
    void ensureTable(TableRef source, String mirrorTable);

    /** Whether this node's schema has the mirror table with exactly the source's columns. */
    boolean tableReady(TableRef source, String mirrorTable);

    void dropTable(String mirrorTable);

    /**
     * Adds the replica-side hook of pre-computed aggregates to the mirror table (a HotZone custom index that stores
     * nothing). Like the trigger, only once every live node runs the plugin: a node without its class could not open
     * the table.
     */
    default void ensureAggregateHook(String mirrorTable)
    {
    }

    /** Installs or removes the mirroring trigger on the source table. */
    void setTrigger(TableRef source, boolean on);

    /** Ring members as addresses, and those this node sees alive. */
    List<String> ringNodes();

    Set<String> liveNodes();

    /** The source table's replicas in its largest data center (its replication factor there); 1 when unknown. */
    default int replicasPerDc(TableRef source)
    {
        return 1;
    }

    /** Replicas of the source table for this token (addresses). */
    Set<String> sourceReplicas(TableRef source, long token);

    /**
     * The zone's mirror replicas of this token (addresses): the mirror keyspace's replicas, or with {@code perDc} > 0
     * the zone's {@code MirrorSet} of them; empty before the mirror keyspace exists. The zone id is its mirror table.
     */
    Set<String> mirrorReplicas(String zoneId, int perDc, long token);

    /**
     * Where mirror data lives, as this node sees it: changes whenever the token ring or the mirror keyspace's
     * replication changes (a node that gained mirror ranges holds no copy of them).
     */
    String placement();

    /**
     * The ring's token owners as a short digest, equal on every node that sees the same tokens (normal and
     * bootstrapping): drivers compare it to learn that tokens moved without reading {@code system.peers}.
     */
    default String ringDigest()
    {
        return "";
    }

    /**
     * Calls {@code onBypass} (on the thread that added them: hand off, never block) whenever sstables reach the source
     * table on this node without passing through its write path: streaming (sstableloader, repair, bootstrap) or
     * {@code nodetool import}. Flushes and compactions do not count. Idempotent per table id.
     */
    void watchSource(TableRef source, UUID tableId, Runnable onBypass);

    /**
     * Calls {@code onHint} (on the thread about to apply the hint: it must be quick and never block) for each table a hint
     * replayed to this node writes to, before the hint is applied; null when the table cannot be told. Hints reach the
     * tables through no coordinator, so no trigger sees them. Registered once.
     */
    default void watchHints(java.util.function.Consumer<TableRef> onHint)
    {
    }

    /** Cassandra's write_request_timeout: how long a write decided now can still be applied by a replica. */
    Duration writeTimeout();

    /**
     * Partitions and bytes one copy pass sent, the mirror replicas that did not receive all of it, and how long of the
     * pass was Cassandra streaming (0 when it was sent as mutations).
     */
    final class Copied
    {
        private final long partitions;
        private final long bytes;
        private final Set<String> missed;
        private final long streamMillis;

        public Copied(long partitions, long bytes, Set<String> missed)
        {
            this(partitions, bytes, missed, 0);
        }

        public Copied(long partitions, long bytes, Set<String> missed, long streamMillis)
        {
            this.partitions = partitions;
            this.bytes = bytes;
            this.missed = Set.copyOf(missed);
            this.streamMillis = streamMillis;
        }

        public long streamMillis()
        {
            return streamMillis;
        }

        public long partitions()
        {
            return partitions;
        }

        public long bytes()
        {
            return bytes;
        }

        /** Mirror replicas (addresses) that did not acknowledge every mutation of the copy: they must be fenced. */
        public Set<String> missed()
        {
            return missed;
        }

        @Override
        public String toString()
        {
            return "Copied[partitions=" + partitions + ", bytes=" + bytes + ", missed=" + missed + ", streamMillis=" + streamMillis + "]";
        }
    }

    /**
     * Sends this node's local data of these partitions (those it is a replica of) to every mirror replica, exactly:
     * cells with their timestamps and TTLs, row, range and partition tombstones; streamed as an sstable when this node
     * is a mirror replica of all of it, else as mutations (partitions larger than max_mutation_size in pages). Mirror
     * replicas that did not receive all of it are in {@link Copied#missed()}.
     */
    Copied copyKeys(TableRef source, String mirrorTable, int perDc, List<byte[]> keys);

    /** As {@link #copyKeys} for every local partition whose token is in the inclusive range (wrapping if start > end). */
    Copied copyRange(TableRef source, String mirrorTable, int perDc, long start, long end);

    /** Mean partition size of the source table on this node, bytes (an estimate for budgets; 0 if unknown). */
    long meanPartitionBytes(TableRef source);
}
