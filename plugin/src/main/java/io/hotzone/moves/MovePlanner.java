package io.hotzone.moves;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses token moves that lower the busiest node's load on a single-token ring, greedily, one node at a time. Each
 * candidate keeps a node between its two neighbours (a move then only shifts range boundaries, streaming the least),
 * at quarter points of the capture's sub-ranges (finer than that the counts say nothing). A move that leaves the
 * maximum unchanged but evens the load (sum of squares) is taken too: with RF 2, splitting a hot range between two
 * primaries keeps one node in both replica sets, and only the next move relieves it. The plan is cut after the move
 * that reached the lowest maximum, and proposed only when that is at least {@code minGain} below today's. A node
 * moves at most once in a plan.
 */
public final class MovePlanner
{
    private static final int POINTS_PER_SUB_RANGE = 4;
    /** A step must improve the maximum, or the sum of squares, by at least this share to be taken. */
    private static final double STEP_GAIN = 0.01;

    private final int maxMoves;
    private final double minGain;

    /**
     * @param maxMoves moves in one plan, at most
     * @param minGain share by which the busiest node's load must drop for any move to be proposed (0.1: 10 %)
     */
    public MovePlanner(int maxMoves, double minGain)
    {
        if (maxMoves < 1)
            throw new IllegalArgumentException("maxMoves must be at least 1, got " + maxMoves);
        if (minGain <= 0 || minGain >= 1)
            throw new IllegalArgumentException("minGain must be between 0 and 1, got " + minGain);
        this.maxMoves = maxMoves;
        this.minGain = minGain;
    }

    public MovePlan plan(RingLayout ring, List<RangeLoad> loads)
    {
        Map<String, Double> before = byNode(ring, loads);
        if (ring.size() < 2)
            return new MovePlan(List.of(), before, before, Map.of(), "a ring of one node: nothing to move");
        if (loads.stream().mapToDouble(l -> l.totalReads() + l.totalWrites()).sum() <= 0)
            return new MovePlan(List.of(), before, before, Map.of(), "no accesses recorded: nothing to balance");
        List<Move> moves = new ArrayList<>();
        List<RingLayout> rings = new ArrayList<>(List.of(ring));
        double[] score = score(load(ring, loads));
        for (int step = 0; step < maxMoves; step++)
        {
            RingLayout current = rings.get(rings.size() - 1);
            Move best = null;
            double[] bestScore = null;
            for (int j = 0; j < current.size(); j++)
            {
                String node = current.node(j);
                if (moves.stream().anyMatch(m -> m.node().equals(node)))
                    continue; // once per plan: a second move of a node is no revert, and its cooldown would stop the plan half-way
                for (long candidate : candidates(current, j, loads.get(0).subRanges()))
                {
                    double[] s = score(load(current.moved(node, candidate), loads));
                    if (acceptable(s, score) && (bestScore == null || better(s, bestScore)))
                    {
                        bestScore = s;
                        best = new Move(node, current.token(j), candidate);
                    }
                }
            }
            if (best == null)
                break;
            moves.add(best);
            rings.add(current.moved(best.node(), best.to()));
            score = bestScore;
        }
        // keep the moves up to the lowest maximum
        int keep = 0;
        double bestMax = score(load(ring, loads))[0];
        for (int k = 1; k < rings.size(); k++)
        {
            double max = score(load(rings.get(k), loads))[0];
            if (max < bestMax * (1 - 1e-9))
            {
                bestMax = max;
                keep = k;
            }
        }
        double maxBefore = score(load(ring, loads))[0];
        double gain = 1 - bestMax / maxBefore;
        if (keep == 0 || gain < minGain)
            return new MovePlan(List.of(), before, before, Map.of(),
                                String.format(Locale.ROOT, "the best %s lowers the busiest node's load by %.1f %%, under the %.0f %% worth a move",
                                              keep == 0 ? "move" : keep + " move(s)", gain * 100, minGain * 100));
        RingLayout last = rings.get(keep);
        return new MovePlan(moves.subList(0, keep), before, byNode(last, loads), received(ring, last, loads.stream().mapToInt(RangeLoad::rf).max().orElse(1)),
                            String.format(Locale.ROOT, "the busiest node's load drops by %.1f %% (%.1f -> %.1f)", gain * 100, maxBefore, bestMax));
    }

    /** A step worth taking: the maximum 1 % lower, or the same maximum with the sum of squares 1 % lower. */
    private static boolean acceptable(double[] next, double[] now)
    {
        return next[0] < now[0] * (1 - STEP_GAIN) || (next[0] <= now[0] * (1 + 1e-9) && next[1] < now[1] * (1 - STEP_GAIN));
    }

    private static boolean better(double[] a, double[] b)
    {
        if (a[0] < b[0] * (1 - 1e-9))
            return true;
        return a[0] <= b[0] * (1 + 1e-9) && a[1] < b[1] * (1 - 1e-9);
    }

    /** Maximum and sum of squares of the node loads. */
    private static double[] score(double[] load)
    {
        double max = 0, squares = 0;
        for (double l : load)
        {
            max = Math.max(max, l);
            squares += l * l;
        }
        return new double[]{ max, squares };
    }

    private static double[] load(RingLayout ring, List<RangeLoad> loads)
    {
        double[] sum = new double[ring.size()];
        for (RangeLoad l : loads)
        {
            double[] one = l.perNode(ring);
            for (int i = 0; i < sum.length; i++)
                sum[i] += one[i];
        }
        return sum;
    }

    private static Map<String, Double> byNode(RingLayout ring, List<RangeLoad> loads)
    {
        double[] load = load(ring, loads);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < load.length; i++)
            out.put(ring.node(i), load[i]);
        return out;
    }

    /** Tokens node j may move to: quarter points of every sub-range strictly between its neighbours, not taken. */
    static List<Long> candidates(RingLayout ring, int j, int subRanges)
    {
        long prev = ring.token(j - 1), next = ring.token(j + 1), own = ring.token(j);
        long width = subRanges == 1 ? 0 : 1L << (64 - Integer.numberOfTrailingZeros(subRanges)); // 2^64 / subRanges
        long step = width == 0 ? Long.MIN_VALUE >>> 1 : width / POINTS_PER_SUB_RANGE;
        List<Long> out = new ArrayList<>();
        long points = (long) subRanges * POINTS_PER_SUB_RANGE;
        for (long k = 0; k < points; k++)
        {
            long token = Long.MIN_VALUE + k * step;
            if (token != own && !ring.hasToken(token) && strictlyBetween(prev, next, token))
                out.add(token);
        }
        return out;
    }

    /** Whether c lies on the clockwise arc from a to b, both excluded (the whole ring but a when a == b). */
    static boolean strictlyBetween(long a, long b, long c)
    {
        long dc = c - a, db = b - a; // clockwise distances, as unsigned
        if (dc == 0)
            return false;
        return a == b || Long.compareUnsigned(dc, db) < 0;
    }

    /** Per node, the fraction of the ring whose replicas it joins going from one layout to the other (at the largest RF). */
    static Map<String, Double> received(RingLayout from, RingLayout to, int rf)
    {
        java.util.TreeSet<Long> distinct = new java.util.TreeSet<>();
        for (int i = 0; i < from.size(); i++)
            distinct.add(from.token(i));
        for (int i = 0; i < to.size(); i++)
            distinct.add(to.token(i));
        long[] cuts = distinct.stream().mapToLong(Long::longValue).toArray();
        Map<String, Double> out = new TreeMap<>();
        for (int i = 0; i < cuts.length; i++)
        {
            long a = cuts[Math.floorMod(i - 1, cuts.length)], b = cuts[i];
            double width = RingLayout.position(b) - RingLayout.position(a);
            if (width <= 0)
                width += 1; // the arc through the ring's start
            List<String> was = from.replicasOfPrimary(primaryOf(from, b), rf), will = to.replicasOfPrimary(primaryOf(to, b), rf);
            for (String node : will)
                if (!was.contains(node))
                    out.merge(node, width, Double::sum);
        }
        return out;
    }

    /** Index of the node whose primary range holds token t: the first token at or after t, clockwise. */
    static int primaryOf(RingLayout ring, long t)
    {
        for (int i = 0; i < ring.size(); i++)
            if (ring.token(i) >= t)
                return i;
        return 0;
    }
}
