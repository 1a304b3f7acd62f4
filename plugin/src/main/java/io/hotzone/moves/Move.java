package io.hotzone.moves;

import java.util.Objects;

/** One node's token moved from one value to another (Cassandra's own move operation, single-token rings only). */
public final class Move
{
    private final String node;
    private final long from;
    private final long to;

    public Move(String node, long from, long to)
    {
        this.node = Objects.requireNonNull(node);
        this.from = from;
        this.to = to;
    }

    public String node()
    {
        return node;
    }

    public long from()
    {
        return from;
    }

    public long to()
    {
        return to;
    }

    /** The move that undoes this one. */
    public Move reversed()
    {
        return new Move(node, to, from);
    }

    @Override
    public boolean equals(Object o)
    {
        if (!(o instanceof Move))
            return false;
        Move m = (Move) o;
        return node.equals(m.node) && from == m.from && to == m.to;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(node, from, to);
    }

    @Override
    public String toString()
    {
        return node + " " + from + " -> " + to;
    }
}
