package io.hotzone.driver.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.datastax.oss.driver.api.core.metadata.Node;

/**
 * Which of a token's mirror replicas hold a sized zone: in each data center the {@code perDc} nodes ranked highest by a
 * hash of (zone id, broadcast address). The same function as the plugin's {@code io.hotzone.mirror.MirrorSet} (a
 * dtests-module test checks they agree): a node outside the set would take the normal path anyway, so a disagreement
 * costs only the routing gain, never a wrong answer.
 */
public final class MirrorSet
{
    private MirrorSet()
    {
    }

    /**
     * The zone's mirror nodes among {@code candidates}; with {@code perDc} 0 all of them. A candidate whose broadcast
     * address the driver does not know cannot be ranked: the answer is then empty (the stock plan).
     */
    public static Set<Node> choose(String zoneId, int perDc, Collection<Node> candidates)
    {
        if (perDc <= 0)
            return new LinkedHashSet<Node>(candidates);
        Map<String, List<Ranked>> byDc = new HashMap<String, List<Ranked>>();
        for (Node n : candidates)
        {
            String address = address(n);
            if (address == null)
                return Collections.emptySet();
            String dc = n.getDatacenter() == null ? "" : n.getDatacenter();
            List<Ranked> nodes = byDc.get(dc);
            if (nodes == null)
                byDc.put(dc, nodes = new ArrayList<Ranked>());
            nodes.add(new Ranked(n, address, rank(zoneId, address)));
        }
        Set<Node> out = new LinkedHashSet<Node>();
        for (List<Ranked> nodes : byDc.values())
        {
            if (nodes.size() > perDc)
                Collections.sort(nodes);
            for (int i = 0; i < Math.min(perDc, nodes.size()); i++)
                out.add(nodes.get(i).node);
        }
        return out;
    }

    /** A candidate with its rank, computed once; highest rank first, equal ranks (practically never) by address. */
    private static final class Ranked implements Comparable<Ranked>
    {
        final Node node;
        final String address;
        final long rank;

        Ranked(Node node, String address, long rank)
        {
            this.node = node;
            this.address = address;
            this.rank = rank;
        }

        @Override
        public int compareTo(Ranked o)
        {
            int byRank = rank < o.rank ? 1 : rank > o.rank ? -1 : 0;
            return byRank != 0 ? byRank : address.compareTo(o.address);
        }
    }

    /** The node's broadcast address as the server prints it ({@code InetAddress#getHostAddress}), or null. */
    static String address(Node n)
    {
        return n.getBroadcastAddress().isPresent() && n.getBroadcastAddress().get().getAddress() != null
               ? n.getBroadcastAddress().get().getAddress().getHostAddress() : null;
    }

    /** FNV-1a over the UTF-16 units of "zone/address", then SplitMix64's finalizer. */
    public static long rank(String zoneId, String address)
    {
        long h = 0xcbf29ce484222325L;
        String s = zoneId + '/' + address;
        for (int i = 0; i < s.length(); i++)
        {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
