package io.hotzone.moves;

import java.util.List;
import java.util.Map;

/**
 * Token moves proposed for a single-token ring, in the order to run them, with each node's predicted load before and
 * after (accesses per second, all tables) and the share of the ring's data each node would receive; empty with the
 * reason when no move helps enough.
 */
public final class MovePlan
{
    private final List<Move> moves;
    private final Map<String, Double> before;
    private final Map<String, Double> after;
    private final Map<String, Double> received;
    private final String reason;

    public MovePlan(List<Move> moves, Map<String, Double> before, Map<String, Double> after, Map<String, Double> received, String reason)
    {
        this.moves = List.copyOf(moves);
        this.before = Map.copyOf(before);
        this.after = Map.copyOf(after);
        this.received = Map.copyOf(received);
        this.reason = reason;
    }

    public List<Move> moves()
    {
        return moves;
    }

    /** Each node's load now. */
    public Map<String, Double> before()
    {
        return before;
    }

    /** Each node's load once every move ran. */
    public Map<String, Double> after()
    {
        return after;
    }

    /** Per node, the fraction of the ring's (unique) data it streams in: what its free disk must hold. */
    public Map<String, Double> received()
    {
        return received;
    }

    public String reason()
    {
        return reason;
    }

    public double maxBefore()
    {
        return before.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    public double maxAfter()
    {
        return after.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
