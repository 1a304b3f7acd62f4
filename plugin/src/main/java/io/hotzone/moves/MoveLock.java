package io.hotzone.moves;

/** The cluster-wide move lock (a lease with a TTL on a cluster): one move at a time. */
public interface MoveLock
{
    /** Takes or renews the lock; true while this node holds it. Never throws. */
    boolean acquireOrRenew();

    /** Gives the lock up. */
    void release();
}
