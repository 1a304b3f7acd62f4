package io.hotzone.adapter;

import java.util.Set;

import org.apache.cassandra.db.rows.UnfilteredRowIterator;
import org.apache.cassandra.dht.Token;

/**
 * Where one copy pass sends the partitions it read, in ring order: to every mirror replica of their token, exactly. {@link #finish}
 * returns the mirror replicas that did not receive everything (they are fenced for the round).
 */
interface CopySink
{
    /** Sends one source partition (read with its tombstones) re-addressed to the pass's mirror table; returns its row bytes. */
    long send(UnfilteredRowIterator partition, Token token);

    /** Waits until everything sent arrived or failed; the replicas that missed any of it, as addresses. */
    Set<String> finish();

    /** Milliseconds {@link #finish} spent in Cassandra streaming sessions (0 for mutations). */
    long streamMillis();

    /** Gives up a pass that failed before {@link #finish}: what was written but not sent is discarded. */
    void abort();
}
