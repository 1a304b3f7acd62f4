package io.hotzone.tools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options, flags, and the positional arguments after them. */
final class Options
{
    private static final Set<String> FLAGS = Set.of("--explain", "--resume", "--restart", "--dry-run", "--no-prewarm", "--history");

    final Map<String, String> values = new HashMap<>();
    final List<String> positional = new ArrayList<>();

    static Options parse(List<String> args)
    {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++)
        {
            String a = args.get(i);
            if (FLAGS.contains(a))
                o.values.put(a, "true");
            else if (a.startsWith("-") && a.length() > 1 && !isNumber(a))
            {
                if (i + 1 >= args.size())
                    throw new HotZoneTool.UsageException(a + " needs a value");
                o.values.put(a, args.get(++i));
            }
            else
                o.positional.add(a);
        }
        return o;
    }

    private static boolean isNumber(String a)
    {
        try
        {
            Double.parseDouble(a);
            return true;
        }
        catch (NumberFormatException e)
        {
            return false;
        }
    }

    String get(String name, String fallback)
    {
        return values.getOrDefault(name, fallback);
    }

    boolean has(String name)
    {
        return values.containsKey(name);
    }

    double number(String name, double fallback)
    {
        String v = values.get(name);
        if (v == null)
            return fallback;
        try
        {
            return Double.parseDouble(v);
        }
        catch (NumberFormatException e)
        {
            throw new HotZoneTool.UsageException(name + " takes a number, got '" + v + "'");
        }
    }

    /** Fails on an option the command does not know (a typo must not be ignored). */
    @SafeVarargs
    final void allow(Set<String>... known)
    {
        for (String k : values.keySet())
            if (java.util.Arrays.stream(known).noneMatch(s -> s.contains(k)))
                throw new HotZoneTool.UsageException("unknown option " + k);
    }
}
