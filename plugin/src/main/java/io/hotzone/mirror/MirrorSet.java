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
        return ranking(zoneId, candidates, address, dc).choose(perDc, n -> true);
    }

    /** The nodes ranked for the zone, once: the set of any token is then read from it ({@link Ranking#choose}). */
    public static <N> Ranking<N> ranking(String zoneId, Collection<N> nodes, Function<N, String> address, Function<N, String> dc)
    {
        Map<String, List<Ranked<N>>> byDc = new HashMap<>();
        for (N n : nodes)
        {
            String a = address.apply(n);
            byDc.computeIfAbsent(dc.apply(n), d -> new ArrayList<>()).add(new Ranked<>(n, a, rank(zoneId, a)));
        }
        List<List<N>> ranked = new ArrayList<>();
        for (List<Ranked<N>> list : byDc.values())
        {
            list.sort(MirrorSet::highestFirst);
            List<N> order = new ArrayList<>(list.size());
            for (Ranked<N> r : list)
                order.add(r.node);
            ranked.add(order);
        }
        return new Ranking<>(ranked);
    }

    /** Per data center, nodes highest ranked first for one zone. */
    public static final class Ranking<N>
    {
        private final List<List<N>> byDc;

        private Ranking(List<List<N>> byDc)
        {
            this.byDc = byDc;
        }

        /** In each data center, the {@code perDc} highest ranked nodes that are candidates (mirror replicas of the token). */
        public Set<N> choose(int perDc, java.util.function.Predicate<N> candidate)
        {
            Set<N> out = new LinkedHashSet<>();
            for (List<N> dc : byDc)
            {
                int taken = 0;
                for (int i = 0; i < dc.size() && taken < perDc; i++)
                    if (candidate.test(dc.get(i)))
                    {
                        out.add(dc.get(i));
                        taken++;
                    }
            }
            return out;
        }
    }

    /** Highest rank first; equal ranks (practically never) by address. */
    private static int highestFirst(Ranked<?> a, Ranked<?> b)
    {
        int byRank = Long.compare(b.rank, a.rank);
        return byRank != 0 ? byRank : a.address.compareTo(b.address);
    }

    /** A candidate with its rank, computed once. */
    private static final class Ranked<N>
    {
        final N node;
        final String address;
        final long rank;

        Ranked(N node, String address, long rank)
        {
            this.node = node;
            this.address = address;
            this.rank = rank;
        }
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
