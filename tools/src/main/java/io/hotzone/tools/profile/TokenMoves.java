package io.hotzone.tools.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * On a single-token ring, the tokens that would give each node an equal share of the input's partitions: node i (in
 * ring order) takes the sample's (i + 1)/N token quantile, so its range (previous token, own token] holds 1/N of the
 * sampled rows. Recommended only when the input is skewed on the current ring ({@link #SKEWED}) and the sample holds
 * at least {@link #PER_NODE} records per node. With vnodes, moving tokens is not how balance is restored.
 */
final class TokenMoves
{
    static final double SKEWED = 1.2;
    static final int PER_NODE = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenMoves()
    {
    }

    static ObjectNode of(TokenMap ring, Profiler p, List<Profiler.Sampled> sample)
    {
        ObjectNode out = JSON.createObjectNode();
        List<Node> nodes = Profile.allNodes(ring, p);
        for (Node n : nodes)
            if (ring.getTokens(n).size() != 1)
                return out.put("applicable", false).put("reason", "not a single-token ring (vnodes): balance comes from more tokens, not moves");
        if (sample.size() < PER_NODE * nodes.size())
            return out.put("applicable", false).put("reason", String.format(Locale.ROOT, "a sample of %d records is too small to place %d tokens (at least %d)",
                                                                               sample.size(), nodes.size(), PER_NODE * nodes.size()));
        long[] tokens = sample.stream().mapToLong(s -> s.token).sorted().toArray();
        double skew = 0;
        for (Node n : nodes)
        {
            double owns = Tokens.ownership(ring, p.shape.keyspace, n);
            long rows = p.perNode.getOrDefault(n, new long[2])[0];
            if (owns > 0 && p.rows > 0)
                skew = Math.max(skew, rows / (p.rows * owns));
        }
        out.put("applicable", skew >= SKEWED);
        out.put("reason", skew >= SKEWED ? String.format(Locale.ROOT, "single-token ring, skew %.2f: these tokens give each node an equal share of the sampled rows", skew)
                                         : String.format(Locale.ROOT, "single-token ring, skew %.2f is below %.1f: no move needed", skew, SKEWED));
        if (skew < SKEWED)
            return out;
        List<Node> byToken = new ArrayList<>(nodes);
        byToken.sort(Comparator.comparingLong(n -> Tokens.value(ring.getTokens(n).iterator().next())));
        var moves = out.putArray("moves");
        for (int i = 0; i < byToken.size(); i++)
        {
            int at = (int) Math.min(tokens.length - 1, Math.ceil((i + 1) * (double) tokens.length / byToken.size()) - 1);
            Node n = byToken.get(i);
            moves.addObject().put("node", Tokens.address(n)).put("from", Long.toString(Tokens.value(ring.getTokens(n).iterator().next())))
                 .put("to", Long.toString(tokens[at]));
        }
        return out;
    }
}
