package io.hotzone.adapter;

import org.apache.cassandra.db.ConsistencyLevel;

/**
 * What the mirroring trigger needs to know about the client write it runs inside, which Cassandra does not pass to
 * triggers: the consistency level and whether it is a lightweight transaction. Set by {@link HotZoneQueryHandler}
 * on the request thread around the write; triggers run on that same thread.
 */
final class WriteContext
{
    private static final ThreadLocal<WriteContext> CURRENT = new ThreadLocal<>();

    final ConsistencyLevel consistency;
    final boolean conditional;

    private WriteContext(ConsistencyLevel consistency, boolean conditional)
    {
        this.consistency = consistency;
        this.conditional = conditional;
    }

    static WriteContext current()
    {
        return CURRENT.get();
    }

    static void enter(ConsistencyLevel consistency, boolean conditional)
    {
        CURRENT.set(new WriteContext(consistency, conditional));
    }

    static void exit()
    {
        CURRENT.remove();
    }
}
