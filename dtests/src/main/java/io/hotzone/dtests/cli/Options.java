package io.hotzone.dtests.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.hotzone.config.Durations;
import io.hotzone.dtests.cli.HotZoneCli.UsageException;

/** {@code --name value} options and {@code --flag} switches of one command, checked against the names it knows. */
final class Options
{
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    static Options parse(List<String> args, Set<String> valued, Set<String> switches) throws UsageException
    {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++)
        {
            String name = args.get(i);
            if (switches.contains(name))
                o.flags.add(name);
            else if (valued.contains(name))
            {
                if (i + 1 >= args.size())
                    throw new UsageException(name + " needs a value");
                o.values.put(name, args.get(++i));
            }
            else
                throw new UsageException("unknown option '" + name + "'");
        }
        return o;
    }

    boolean flag(String name)
    {
        return flags.contains(name);
    }

    /** Whether a valued option was given. */
    boolean has(String name)
    {
        return values.containsKey(name);
    }

    String text(String name, String dflt)
    {
        return values.getOrDefault(name, dflt);
    }

    int integer(String name, int dflt) throws UsageException
    {
        return parsed(name, dflt, Integer::parseInt, "a whole number");
    }

    long number(String name, long dflt) throws UsageException
    {
        return parsed(name, dflt, Long::parseLong, "a whole number");
    }

    double decimal(String name, double dflt) throws UsageException
    {
        return parsed(name, dflt, Double::parseDouble, "a number");
    }

    Duration duration(String name, Duration dflt) throws UsageException
    {
        return parsed(name, dflt, Durations::parse, "a duration such as 10s, 5m or 1h");
    }

    private <T> T parsed(String name, T dflt, Function<String, T> parser, String what) throws UsageException
    {
        String v = values.get(name);
        try
        {
            return v == null ? dflt : parser.apply(v);
        }
        catch (IllegalArgumentException e)
        {
            throw new UsageException(name + " needs " + what + ", got '" + v + "'");
        }
    }
}
