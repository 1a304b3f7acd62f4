package io.hotzone.resources;

import java.util.Map;
import java.util.TreeMap;

import io.hotzone.server.Knob;

/**
 * A fixed CPU budget moved toward the nodes about to be hot: every node puts {@code shift} of its own CPU quota in a
 * pool and keeps the rest, and the pool is shared out in proportion to each node's predicted zone load. A node no zone
 * will load ends with {@code 1 - shift} of its quota; nodes with equal loads and quotas end where they started. The
 * cluster's total quota stays what it was, to the millicore; no node goes below {@link Knob#MIN_CPU_QUOTA} (or its
 * own quota, when that is lower).
 */
final class CpuBudget
{
    private CpuBudget()
    {
    }

    /**
     * @param quotas each node's own quota in millicores (only nodes whose quota HotZone may set, with a finite one)
     * @param load   each node's predicted zone load (reads per second, any unit: only the proportions count)
     * @param shift  the share of its quota each node puts in the pool, in [0, 1)
     * @return the quota of each node whose quota changes; empty when nothing moves (no load, or the same everywhere)
     */
    static Map<String, Long> split(Map<String, Long> quotas, Map<String, Double> load, double shift)
    {
        Map<String, Long> target = new TreeMap<>();
        double totalLoad = 0;
        for (String node : quotas.keySet())
            totalLoad += Math.max(0, load.getOrDefault(node, 0.0));
        if (quotas.size() < 2 || !(totalLoad > 0) || !(shift > 0))
            return new TreeMap<>();
        long pool = 0;
        for (Map.Entry<String, Long> q : quotas.entrySet())
        {
            long lent = Math.round(q.getValue() * shift);
            target.put(q.getKey(), q.getValue() - lent);
            pool += lent;
        }
        long given = 0;
        String heaviest = null;
        for (String node : quotas.keySet())
        {
            double l = Math.max(0, load.getOrDefault(node, 0.0));
            long share = (long) Math.floor(pool * l / totalLoad);
            target.merge(node, share, Long::sum);
            given += share;
            if (heaviest == null || l > load.getOrDefault(heaviest, 0.0))
                heaviest = node;
        }
        target.merge(heaviest, pool - given, Long::sum); // what rounding left
        // Floors: a node below its floor is raised to it, taking from the nodes above theirs in proportion to their excess.
        long deficit = 0, excess = 0;
        for (Map.Entry<String, Long> t : target.entrySet())
        {
            long floor = Math.min(quotas.get(t.getKey()), Knob.MIN_CPU_QUOTA);
            if (t.getValue() < floor)
            {
                deficit += floor - t.getValue();
                t.setValue(floor);
            }
            else
            {
                excess += t.getValue() - floor;
            }
        }
        if (deficit > 0)
        {
            long taken = 0;
            String largest = null;
            for (Map.Entry<String, Long> t : target.entrySet())
            {
                long over = t.getValue() - Math.min(quotas.get(t.getKey()), Knob.MIN_CPU_QUOTA);
                if (over <= 0)
                    continue;
                long take = (long) Math.floor((double) deficit * over / excess);
                t.setValue(t.getValue() - take);
                taken += take;
                if (largest == null || t.getValue() > target.get(largest))
                    largest = t.getKey();
            }
            target.merge(largest, -(deficit - taken), Long::sum);
        }
        target.entrySet().removeIf(t -> t.getValue().equals(quotas.get(t.getKey())));
        return target;
    }
}
