package io.hotzone.tools.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * On a vnode ring, per data center, the token settings for nodes added later ({@code num_tokens},
 * {@code allocate_tokens_for_local_replication_factor} in their cassandra.yaml), from how the ring's ownership and
 * the input's rows spread over the nodes. A node owns in proportion to its token count, so a new node takes the
 * data center's own num_tokens, and the allocator places its tokens for the keyspace's replication factor there.
 * Tokens only even out ownership; rows that pile up on a node beyond its ownership are heavy partitions, which no
 * token allocation spreads (mirror zones do, for their reads).
 */
final class TokenAllocation
{
    /** Ownership spread (the largest node's share over the mean) above which a data center's ring is uneven. */
    static final double UNEVEN = 1.15;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenAllocation()
    {
    }

    static ObjectNode of(TokenMap ring, Profiler p)
    {
        Map<String, List<Node>> byDc = new TreeMap<>();
        for (Node n : Profile.allNodes(ring, p))
            byDc.computeIfAbsent(String.valueOf(n.getDatacenter()), dc -> new ArrayList<>()).add(n);
        ObjectNode out = JSON.createObjectNode();
        if (byDc.values().stream().flatMap(List::stream).allMatch(n -> ring.getTokens(n).size() == 1))
            return out.put("applicable", false).put("reason", "single-token ring: see token_moves");
        out.put("applicable", true);
        ArrayNode dcs = out.putArray("datacenters");
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, List<Node>> e : byDc.entrySet())
        {
            Map<Integer, Integer> tokenCounts = new TreeMap<>();
            double sum = 0, max = 0, skew = 0;
            for (Node n : e.getValue())
            {
                tokenCounts.merge(ring.getTokens(n).size(), 1, Integer::sum);
                double owns = Tokens.ownership(ring, p.shape.keyspace, n); // replicated ranges too: a DC's shares add up to its RF
                sum += owns;
                max = Math.max(max, owns);
                long rows = p.perNode.getOrDefault(n, new long[2])[0];
                if (owns > 0 && p.rows > 0)
                    skew = Math.max(skew, rows / (p.rows * owns)); // as the profile's skew
            }
            int tokens = tokenCounts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(1);
            double spread = sum == 0 ? 1 : max / (sum / e.getValue().size());
            ObjectNode d = advise(e.getKey(), tokens, spread, skew, (int) Math.max(1, Math.round(sum)));
            reasons.add(d.get("reason").asText());
            dcs.add(d);
        }
        return out.put("reason", String.join("; ", reasons));
    }

    /**
     * @param tokens the data center's usual num_tokens
     * @param spread the largest node's ownership over the mean
     * @param skew   the largest node's sampled rows over what its ownership predicts
     * @param rf     the keyspace's replication factor in the data center
     */
    static ObjectNode advise(String dc, int tokens, double spread, double skew, int rf)
    {
        ObjectNode out = JSON.createObjectNode();
        out.put("datacenter", dc);
        out.put("num_tokens", tokens);
        out.put("allocate_tokens_for_local_replication_factor", rf);
        out.put("ownership_spread", Profile.round(spread));
        StringBuilder why = new StringBuilder(String.format(Locale.ROOT, "%s: %d tokens per node, ownership spread %.2f (largest node over the mean)", dc,
                                                            tokens, spread));
        why.append(String.format(Locale.ROOT, "; nodes added later: num_tokens %d (a node owns in proportion to its tokens) and "
                                              + "allocate_tokens_for_local_replication_factor %d (the allocator places their tokens for this keyspace's RF)",
                                 tokens, rf));
        if (spread > UNEVEN)
            why.append("; the ring is uneven, which new nodes do not fix (the allocator evens out their own share only): a new data center with "
                       + "num_tokens 16 and the allocator, clients moved to it, does");
        else if (skew >= TokenMoves.SKEWED)
            why.append(String.format(Locale.ROOT, "; the input's skew %.2f is in the data (heavy partitions), which no token allocation spreads: boost them", skew));
        return out.put("reason", why.toString());
    }
}
