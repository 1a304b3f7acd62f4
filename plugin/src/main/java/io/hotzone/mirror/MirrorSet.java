package io.hotzone.mirror;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which of a token's mirror replicas hold a sized zone: in each data center, the {@code perDc} candidates ranked highest
 * by a hash of (zone id, node address) — rendezvous hashing. The rank depends on nothing but the zone and the
 * candidate, so every node and every driver that sees the same ring picks the same nodes, and different zones spread
 * over different nodes. {@code perDc} 0 keeps every candidate (a zone on every mirror replica).
 *
 * <p>The driver policy has its own copy of this function ({@code io.hotzone.driver.internal.MirrorSet}): the two must
 * stay identical, which {@code MirrorSetAgreementTest} checks.
 */
public final class MirrorSet
{
    private MirrorSet()
    {
    }

    public static <N> Set<N> choose(String zoneId, int perDc, Collection<N> candidates, Function<N, String> address, Function<N, String> dc)
    {
        if (perDc <= 0)
            return new LinkedHashSet<>(candidates);
        Map<String, List<N>> byDc = new HashMap<>();
        for (N n : candidates)
            byDc.computeIfAbsent(dc.apply(n), d -> new ArrayList<>()).add(n);
        Set<N> out = new LinkedHashSet<>();
        for (List<N> nodes : byDc.values())
        {
            if (nodes.size() > perDc)
                nodes.sort((a, b) -> compare(zoneId, address.apply(a), address.apply(b)));
            out.addAll(nodes.subList(0, Math.min(perDc, nodes.size())));
        }
        return out;
    }

    /** Highest rank first; equal ranks (practically never) by address. */
    private static int compare(String zoneId, String a, String b)
    {
        int byRank = Long.compare(rank(zoneId, b), rank(zoneId, a));
        return byRank != 0 ? byRank : a.compareTo(b);
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
