package io.hotzone.moves;

import java.time.Instant;
import java.util.List;

/** What a node's move runner reads and records of moves ({@link MoveStore} on a cluster). */
public interface MoveLog
{
    /** This node's moves, newest first. */
    List<MoveRecord> forNode(String node);

    /** Every node's moves, newest first. */
    List<MoveRecord> all();

    void started(String node, String id, Instant at);

    void progress(String node, String id, long bytes);

    void ended(String node, String id, MoveRecord.State state, Instant at, long bytes, String note);
}
