package io.hotzone.tools.profile;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Relationships between columns, found in the sample: functional dependencies (every value of A comes with one value of
 * B, e.g. product → region; only where A repeats, so a key trivially determining everything is not reported) and
 * strong linear correlations between numeric columns.
 */
final class Dependencies
{
    static final int MAX_COLUMNS = 16;
    static final double STRONG = 0.8;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Dependencies()
    {
    }

    static ArrayNode functional(Profiler p, List<Profiler.Sampled> sample)
    {
        ArrayNode out = JSON.createArrayNode();
        int columns = Math.min(p.columns.length, MAX_COLUMNS);
        for (int a = 0; a < columns; a++)
            for (int b = 0; b < columns; b++)
            {
                if (a == b)
                    continue;
                Map<String, String> seen = new HashMap<>();
                Set<String> targets = new HashSet<>();
                boolean holds = true;
                int pairs = 0;
                for (Profiler.Sampled s : sample)
                {
                    String x = s.values[a], y = s.values[b];
                    if (x == null || y == null)
                        continue;
                    pairs++;
                    targets.add(y);
                    String before = seen.putIfAbsent(x, y);
                    if (before != null && !before.equals(y))
                    {
                        holds = false;
                        break;
                    }
                }
                // A must repeat (at most half as many values as pairs) and B must vary, or the dependency says nothing
                if (holds && pairs >= 20 && seen.size() >= 2 && seen.size() * 2 <= pairs && targets.size() >= 2)
                {
                    ObjectNode o = out.addObject();
                    o.put("from", p.columns[a].name);
                    o.put("to", p.columns[b].name);
                    o.put("distinct_from", seen.size());
                    o.put("sampled_pairs", pairs);
                }
            }
        return out;
    }

    static ArrayNode correlations(Profiler p, List<Profiler.Sampled> sample)
    {
        ArrayNode out = JSON.createArrayNode();
        int columns = Math.min(p.columns.length, MAX_COLUMNS);
        for (int a = 0; a < columns; a++)
            for (int b = a + 1; b < columns; b++)
            {
                if (!TableShape.numeric(p.columns[a].type) || !TableShape.numeric(p.columns[b].type))
                    continue;
                double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (Profiler.Sampled s : sample)
                {
                    Double x = number(s.values[a]), y = number(s.values[b]);
                    if (x == null || y == null)
                        continue;
                    n++;
                    sx += x;
                    sy += y;
                    sxx += x * x;
                    syy += y * y;
                    sxy += x * y;
                }
                double cov = sxy - sx * sy / n, vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
                if (n < 20 || vx <= 0 || vy <= 0)
                    continue;
                double r = cov / Math.sqrt(vx * vy);
                if (Math.abs(r) >= STRONG)
                {
                    ObjectNode o = out.addObject();
                    o.put("a", p.columns[a].name);
                    o.put("b", p.columns[b].name);
                    o.put("r", Profile.round(r));
                    o.put("sampled_pairs", (long) n);
                }
            }
        return out;
    }

    private static Double number(String v)
    {
        if (v == null)
            return null;
        try
        {
            return Double.parseDouble(v.trim());
        }
        catch (NumberFormatException e)
        {
            return null;
        }
    }
}
