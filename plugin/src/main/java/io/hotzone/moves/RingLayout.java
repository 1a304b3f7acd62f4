package io.hotzone.moves;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A single-token ring: each node's one token, in ring order. Node i owns (token(i-1), token(i)] as primary, and the
 * replicas of that range are nodes i .. i+rf-1 (one data center, as SimpleStrategy and NetworkTopologyStrategy with one
 * rack place them). Positions are tokens as unsigned offsets from the ring's start (-2^63), so they sort as the ring does.
 */
public final class RingLayout
{
    private final String[] nodes;
    private final long[] tokens;

    /** @param tokens each node's one token */
    public RingLayout(Map<String, Long> tokens)
    {
        if (tokens.isEmpty())
            throw new IllegalArgumentException("an empty ring");
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(tokens.entrySet());
        sorted.sort((a, b) -> Long.compare(a.getValue(), b.getValue()));
        nodes = new String[sorted.size()];
        this.tokens = new long[sorted.size()];
        for (int i = 0; i < nodes.length; i++)
        {
            nodes[i] = sorted.get(i).getKey();
            this.tokens[i] = sorted.get(i).getValue();
            if (i > 0 && this.tokens[i] == this.tokens[i - 1])
                throw new IllegalArgumentException("two nodes on token " + this.tokens[i]);
        }
    }

    /** Whether every node has exactly one token. */
    public static boolean isSingleToken(Map<String, List<Long>> tokens)
    {
        return !tokens.isEmpty() && tokens.values().stream().allMatch(t -> t.size() == 1);
    }

    /**
     * The ring of nodes with one token each.
     *
     * @throws IllegalStateException naming a node with vnodes
     */
    public static RingLayout ofSingleTokens(Map<String, List<Long>> tokens)
    {
        Map<String, Long> single = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> e : tokens.entrySet())
        {
            if (e.getValue().size() != 1)
                throw new IllegalStateException("the ring has vnodes (" + e.getKey() + " has " + e.getValue().size()
                                                + " tokens): Cassandra moves single-token nodes only; use mirror zones for read-heavy ranges");
            single.put(e.getKey(), e.getValue().get(0));
        }
        return new RingLayout(single);
    }

    public int size()
    {
        return nodes.length;
    }

    public String node(int i)
    {
        return nodes[Math.floorMod(i, nodes.length)];
    }

    public long token(int i)
    {
        return tokens[Math.floorMod(i, tokens.length)];
    }

    public int indexOf(String node)
    {
        for (int i = 0; i < nodes.length; i++)
            if (nodes[i].equals(node))
                return i;
        throw new IllegalArgumentException(node + " is not in the ring " + Arrays.toString(nodes));
    }

    public boolean hasToken(long token)
    {
        return Arrays.binarySearch(tokens, token) >= 0;
    }

    /** The same ring with {@code node} on {@code token}. */
    public RingLayout moved(String node, long token)
    {
        Map<String, Long> next = asMap();
        next.put(node, token);
        return new RingLayout(next);
    }

    /** Node to token, in ring order. */
    public Map<String, Long> asMap()
    {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < nodes.length; i++)
            m.put(nodes[i], tokens[i]);
        return m;
    }

    /** The replicas of the range ending at node i's token: i, i+1, ... (rf of them, at most every node). */
    public List<String> replicasOfPrimary(int i, int rf)
    {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < Math.min(rf, nodes.length); k++)
            out.add(node(i + k));
        return Collections.unmodifiableList(out);
    }

    /** A token's place on the ring as a fraction in [0, 1). */
    static double position(long token)
    {
        long u = token ^ Long.MIN_VALUE;
        return (u >>> 11) * 0x1.0p-53;
    }

    @Override
    public String toString()
    {
        return asMap().toString();
    }
}
