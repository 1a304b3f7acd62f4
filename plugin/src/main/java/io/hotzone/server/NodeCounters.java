package io.hotzone.server;

/**
 * Cassandra's own load figures on this node at one moment: stage activity and backlog (gauges), and cumulative
 * counts since start (client requests coordinated, internode bytes), which the sampler turns into per-step deltas.
 */
public final class NodeCounters
{
    public final int readActive;
    public final long readPending;
    public final int writeActive;
    public final long writePending;
    public final long compactionsPending;
    public final long clientReads;
    public final long clientWrites;
    public final long internodeBytesIn;
    public final long internodeBytesOut;

    public NodeCounters(int readActive, long readPending, int writeActive, long writePending, long compactionsPending,
                        long clientReads, long clientWrites, long internodeBytesIn, long internodeBytesOut)
    {
        this.readActive = readActive;
        this.readPending = readPending;
        this.writeActive = writeActive;
        this.writePending = writePending;
        this.compactionsPending = compactionsPending;
        this.clientReads = clientReads;
        this.clientWrites = clientWrites;
        this.internodeBytesIn = internodeBytesIn;
        this.internodeBytesOut = internodeBytesOut;
    }
}
