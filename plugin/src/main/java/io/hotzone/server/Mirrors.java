package io.hotzone.server;

import java.util.List;
import java.util.Set;

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

    /** Why a table cannot be boosted (counter table, materialized view, virtual or system table), or null if it can. */
    String unsupportedReason(TableRef source);

    /**
     * Creates the mirror keyspace if missing (NetworkTopologyStrategy, {@code replicasPerDc} per data center, 0 = every
     * node of the DC) and raises its replication when the ring grew.
     */
    void ensureKeyspace(int replicasPerDc);

    /** Creates the mirror table (same columns as the source, no snapshots on drop) or brings its columns in step. */
    void ensureTable(TableRef source, String mirrorTable);

    /** Whether this node's schema has the mirror table with exactly the source's columns. */
    boolean tableReady(TableRef source, String mirrorTable);

    void dropTable(String mirrorTable);

    /** Installs or removes the mirroring trigger on the source table. */
    void setTrigger(TableRef source, boolean on);

    /** Ring members as addresses, and those this node sees alive. */
    List<String> ringNodes();

    Set<String> liveNodes();

    /** Replicas of the source table for this token (addresses). */
    Set<String> sourceReplicas(TableRef source, long token);

    /** Whether this node holds a mirror replica for this token. */
    boolean isLocalMirrorReplica(long token);

    /** Partitions and bytes one copy pass pushed. */
    final class Copied
    {
        private final long partitions;
        private final long bytes;

        public Copied(long partitions, long bytes)
        {
            this.partitions = partitions;
            this.bytes = bytes;
        }

        public Copied plus(Copied other)
        {
            return new Copied(partitions + other.partitions, bytes + other.bytes);
        }

        public long partitions()
        {
            return partitions;
        }

        public long bytes()
        {
            return bytes;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Copied))
                return false;
            Copied that = (Copied) o;
            return partitions == that.partitions && bytes == that.bytes;
        }

        @Override
        public int hashCode()
        {
            int h = Long.hashCode(partitions);
            h = 31 * h + Long.hashCode(bytes);
            return h;
        }

        @Override
        public String toString()
        {
            return "Copied[partitions=" + partitions + ", bytes=" + bytes + "]";
        }
    }

    /**
     * Pushes this node's local data of these partitions (those it is a replica of) to every mirror replica, exactly:
     * cells with their timestamps and TTLs, row, range and partition tombstones.
     */
    Copied copyKeys(TableRef source, String mirrorTable, List<byte[]> keys);

    /** As {@link #copyKeys} for every local partition whose token is in the inclusive range (wrapping if start > end). */
    Copied copyRange(TableRef source, String mirrorTable, long start, long end);

    /** Mean partition size of the source table on this node, bytes (an estimate for budgets; 0 if unknown). */
    long meanPartitionBytes(TableRef source);
}
