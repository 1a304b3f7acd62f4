package io.hotzone.tools.profile;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * On a vnode ring, the token settings for nodes added later ({@code num_tokens},
 * {@code allocate_tokens_for_local_replication_factor} in their cassandra.yaml), from how the ring's ownership and
 * the input's rows spread over the nodes. Tokens can only even out ownership; rows that pile up on a node beyond its
 * ownership are heavy partitions, which no token allocation spreads (mirror zones do, for their reads).
 */
final class TokenAllocation
{
    /** Ownership spread (the largest node's share over the mean) above which the ring itself is uneven. */
    static final double UNEVEN = 1.15;
    /** Cassandra's num_tokens default since 4.0, meant to be used with the token allocator. */
    static final int DEFAULT_TOKENS = 16;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenAllocation()
    {
    }

    static ObjectNode of(TokenMap ring, Profiler p)
    {
        List<Node> nodes = Profile.allNodes(ring, p);
        Map<Integer, Integer> tokenCounts = new TreeMap<>();
        double sum = 0, max = 0, skew = 0;
        for (Node n : nodes)
        {
            tokenCounts.merge(ring.getTokens(n).size(), 1, Integer::sum);
            double owns = Tokens.ownership(ring, p.shape.keyspace, n); // replicated ranges too: the shares add up to RF
            sum += owns;
            max = Math.max(max, owns);
            long rows = p.perNode.getOrDefault(n, new long[2])[0];
            if (owns > 0 && p.rows > 0)
                skew = Math.max(skew, rows / (p.rows * owns)); // as the profile's skew
        }
        int tokens = tokenCounts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(1);
        double spread = nodes.isEmpty() || sum == 0 ? 1 : max / (sum / nodes.size());
        return advise(tokens, spread, skew, (int) Math.max(1, Math.round(sum)));
    }

    /**
     * @param tokens the ring's usual num_tokens
     * @param spread the largest node's ownership over the mean
     * @param skew   the largest node's sampled rows over what its ownership predicts
     * @param rf     the keyspace's replication factor in the ring's data center
     */
    static ObjectNode advise(int tokens, double spread, double skew, int rf)
    {
        ObjectNode out = JSON.createObjectNode();
        if (tokens == 1)
            return out.put("applicable", false).put("reason", "single-token ring: see token_moves");
        // Ownership is proportional to num_tokens: a new node with fewer tokens than the others owns less.
        int recommended = spread > UNEVEN && tokens < DEFAULT_TOKENS ? DEFAULT_TOKENS : tokens;
        out.put("applicable", true);
        out.put("num_tokens", recommended);
        out.put("allocate_tokens_for_local_replication_factor", rf);
        out.put("ownership_spread", Profile.round(spread));
        StringBuilder why = new StringBuilder(String.format(Locale.ROOT, "vnode ring, %d tokens per node, ownership spread %.2f (largest node over the mean)", tokens, spread));
        why.append(spread > UNEVEN ? ": uneven" : ": even");
        why.append(String.format(Locale.ROOT, "; for nodes added later: num_tokens %d and allocate_tokens_for_local_replication_factor %d, so that the allocator "
                                              + "places their tokens for this keyspace's RF", recommended, rf));
        if (recommended != tokens)
            why.append(String.format(Locale.ROOT, " (%d tokens per node are too few for random tokens to even out; with the allocator, %d are)", tokens, recommended));
        if (skew >= TokenMoves.SKEWED && spread <= UNEVEN)
            why.append(String.format(Locale.ROOT, "; the input's skew %.2f is in the data (heavy partitions), which no token allocation spreads: boost them", skew));
        return out.put("reason", why.toString());
    }
}
