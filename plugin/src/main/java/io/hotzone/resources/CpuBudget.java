package io.hotzone.resources;

import java.util.Map;
import java.util.TreeMap;

import io.hotzone.server.Knob;

/**
 * A fixed CPU budget moved toward the nodes about to be hot: every node puts {@code shift} of its own CPU quota in a
 * pool and keeps the rest, and the pool is shared out in proportion to each node's predicted zone load. A node no zone
 * will load ends with {@code 1 - shift} of its quota; nodes with equal loads and quotas end where they started. Each
 * node then stays within its bounds (at least {@link Knob#MIN_CPU_QUOTA}, or its own quota when it must not lend; at
 * most its ceiling), what a bound cuts off or adds being taken from or given to the nodes with room. The cluster's
 * total quota stays what it was, to the millicore.
 */
final class CpuBudget
{
    private CpuBudget()
    {
    }

    /**
     * @param quotas   each node's own quota in millicores (only nodes whose quota HotZone may set, with one of at least
     *                 {@link Knob#MIN_CPU_QUOTA} and at most its ceiling)
     * @param ceilings each node's highest quota (its host's cores); a node without one is not capped
     * @param keep     nodes that must not go below their own quota (they serve a zone whose load is not forecast)
     * @param load     each node's predicted zone load (reads per second, any unit: only the proportions count)
     * @param shift    the share of its quota each node puts in the pool, in [0, 1)
     * @return the quota of each node whose quota changes; empty when nothing moves (no load, or the same everywhere)
     */
    static Map<String, Long> split(Map<String, Long> quotas, Map<String, Long> ceilings, java.util.Set<String> keep, Map<String, Double> load,
                                   double shift)
    {
        double totalLoad = 0;
        for (String node : quotas.keySet())
            totalLoad += Math.max(0, load.getOrDefault(node, 0.0));
        if (quotas.size() < 2 || !(totalLoad > 0) || !(shift > 0))
            return new TreeMap<>();
        Map<String, Long> target = new TreeMap<>();
        long pool = 0;
        for (Map.Entry<String, Long> q : quotas.entrySet())
        {
            long lent = Math.round(q.getValue() * shift);
            target.put(q.getKey(), q.getValue() - lent);
            pool += lent;
        }
        long given = 0;
        for (String node : quotas.keySet())
        {
            long share = (long) Math.floor(pool * Math.max(0, load.getOrDefault(node, 0.0)) / totalLoad);
            target.merge(node, share, Long::sum);
            given += share;
        }
        target.merge(heaviest(quotas, load), pool - given, Long::sum); // what rounding left
        Map<String, Long> floor = new TreeMap<>(), ceiling = new TreeMap<>();
        for (Map.Entry<String, Long> q : quotas.entrySet())
        {
            floor.put(q.getKey(), keep.contains(q.getKey()) ? q.getValue() : Math.min(q.getValue(), Knob.MIN_CPU_QUOTA));
            ceiling.put(q.getKey(), Math.max(q.getValue(), ceilings.getOrDefault(q.getKey(), Long.MAX_VALUE)));
        }
        clamp(target, floor, ceiling);
        target.entrySet().removeIf(t -> t.getValue().equals(quotas.get(t.getKey())));
        return target;
    }

    /**
     * Brings every target within [floor, ceiling] keeping the sum: what a bound cuts off goes to the nodes with room
     * below their ceiling, what a bound adds comes from the nodes with room above their floor, in proportion to that
     * room. Terminates: each pass leaves at least one more node at a bound, and the sum lies between the floors' and
     * the ceilings' sums (every floor and ceiling encloses the node's own quota, whose sum it is).
     */
    private static void clamp(Map<String, Long> target, Map<String, Long> floor, Map<String, Long> ceiling)
    {
        for (int pass = 0; pass <= target.size(); pass++)
        {
            long moved = 0; // > 0: millicores cut off above ceilings, to give; < 0: added below floors, to take
            for (Map.Entry<String, Long> t : target.entrySet())
            {
                long lo = floor.get(t.getKey()), hi = ceiling.get(t.getKey());
                if (t.getValue() > hi)
                {
                    moved += t.getValue() - hi;
                    t.setValue(hi);
                }
                else if (t.getValue() < lo)
                {
                    moved -= lo - t.getValue();
                    t.setValue(lo);
                }
            }
            if (moved == 0)
                return;
            long room = 0;
            String roomiest = null;
            for (Map.Entry<String, Long> t : target.entrySet())
            {
                long r = moved > 0 ? ceiling.get(t.getKey()) - t.getValue() : t.getValue() - floor.get(t.getKey());
                room += r;
                if (r > 0 && (roomiest == null || r > (moved > 0 ? ceiling.get(roomiest) - target.get(roomiest) : target.get(roomiest) - floor.get(roomiest))))
                    roomiest = t.getKey();
            }
            if (roomiest == null)
                return; // cannot happen while the sum lies within the bounds' sums
            long amount = Math.min(Math.abs(moved), room), done = 0;
            for (Map.Entry<String, Long> t : target.entrySet())
            {
                long r = moved > 0 ? ceiling.get(t.getKey()) - t.getValue() : t.getValue() - floor.get(t.getKey());
                long part = (long) Math.floor((double) amount * r / room);
                t.setValue(t.getValue() + (moved > 0 ? part : -part));
                done += part;
            }
            target.merge(roomiest, moved > 0 ? amount - done : -(amount - done), Long::sum);
        }
    }

    private static String heaviest(Map<String, Long> quotas, Map<String, Double> load)
    {
        String heaviest = null;
        for (String node : quotas.keySet())
            if (heaviest == null || load.getOrDefault(node, 0.0) > load.getOrDefault(heaviest, 0.0))
                heaviest = node;
        return heaviest;
    }
}
