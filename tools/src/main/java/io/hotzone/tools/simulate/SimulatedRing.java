package io.hotzone.tools.simulate;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;

/**
 * A Murmur3 token ring of {@code nodes} nodes in {@code dcs} data centers (node i in DC i mod dcs, one rack each) and
 * NetworkTopologyStrategy's replica placement: from a token, clockwise, the first {@code rf} distinct nodes of the DC.
 * One token per node: evenly spaced, the DCs interleaved (the balanced single-token ring operators set up by hand);
 * several: random tokens, as Cassandra allocates them without {@code allocate_tokens_for_local_replication_factor}
 * (that allocator balances ownership better, so imbalance here is an upper bound).
 */
final class SimulatedRing
{
    private final int nodes;
    private final int dcs;
    private final long[] tokens;
    private final int[] owners;
    private final long[][] byNode;

    private SimulatedRing(int nodes, int dcs, long[] tokens, int[] owners)
    {
        this.nodes = nodes;
        this.dcs = dcs;
        this.tokens = tokens;
        this.owners = owners;
        int[] count = new int[nodes];
        for (int owner : owners)
            count[owner]++;
        this.byNode = new long[nodes][];
        for (int n = 0; n < nodes; n++)
            byNode[n] = new long[count[n]];
        int[] filled = new int[nodes];
        for (int i = 0; i < owners.length; i++)
            byNode[owners[i]][filled[owners[i]]++] = tokens[i];
    }

    static SimulatedRing of(int nodes, int dcs, int vnodes, long seed)
    {
        if (nodes < 1 || dcs < 1 || vnodes < 1 || nodes < dcs)
            throw new IllegalArgumentException("a ring needs at least one node per data center and one token per node");
        long[][] pairs = new long[nodes * vnodes][];
        if (vnodes == 1)
        {
            BigInteger span = BigInteger.ONE.shiftLeft(64), min = BigInteger.valueOf(Long.MIN_VALUE);
            for (int i = 0; i < nodes; i++)
                pairs[i] = new long[]{ min.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(nodes))).longValue(), i };
        }
        else
        {
            Random random = new Random(seed);
            for (int i = 0; i < nodes; i++)
                for (int v = 0; v < vnodes; v++)
                    pairs[i * vnodes + v] = new long[]{ random.nextLong(), i };
        }
        Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        long[] tokens = new long[pairs.length];
        int[] owners = new int[pairs.length];
        for (int i = 0; i < pairs.length; i++)
        {
            tokens[i] = pairs[i][0];
            owners[i] = (int) pairs[i][1];
        }
        return new SimulatedRing(nodes, dcs, tokens, owners);
    }

    int nodes()
    {
        return nodes;
    }

    /** The tokens a node owns. */
    long[] tokensOf(int node)
    {
        return byNode[node].clone();
    }

    int dcs()
    {
        return dcs;
    }

    int dcOf(int node)
    {
        return node % dcs;
    }

    /** Nodes in one DC. */
    int dcSize(int dc)
    {
        return nodes / dcs + (dc < nodes % dcs ? 1 : 0);
    }

    /** The {@code rf} replicas in {@code dc} of a token (fewer when the DC has fewer nodes), primary first. */
    int[] replicas(long token, int rf, int dc)
    {
        int want = Math.min(rf, dcSize(dc));
        int[] out = new int[want];
        int found = 0;
        int i = Arrays.binarySearch(tokens, token);
        i = i >= 0 ? i : -i - 1; // the first token at or after it owns it
        for (int step = 0; step < tokens.length && found < want; step++)
        {
            int node = owners[(i + step) % tokens.length];
            if (dcOf(node) != dc)
                continue;
            boolean seen = false;
            for (int k = 0; k < found; k++)
                seen |= out[k] == node;
            if (!seen)
                out[found++] = node;
        }
        return out;
    }
}
