package io.hotzone.dtests.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    String text(String name, String dflt)
    {
        return values.getOrDefault(name, dflt);
    }

    int integer(String name, int dflt) throws UsageException
    {
        return (int) number(name, dflt);
    }

    long number(String name, long dflt) throws UsageException
    {
        String v = values.get(name);
        try
        {
            return v == null ? dflt : Long.parseLong(v);
        }
        catch (NumberFormatException e)
        {
            throw new UsageException(name + " needs a whole number, got '" + v + "'");
        }
    }

    double decimal(String name, double dflt) throws UsageException
    {
        String v = values.get(name);
        try
        {
            return v == null ? dflt : Double.parseDouble(v);
        }
        catch (NumberFormatException e)
        {
            throw new UsageException(name + " needs a number, got '" + v + "'");
        }
    }

    Duration duration(String name, Duration dflt) throws UsageException
    {
        String v = values.get(name);
        try
        {
            return v == null ? dflt : Durations.parse(v);
        }
        catch (IllegalArgumentException e)
        {
            throw new UsageException(name + ": " + e.getMessage());
        }
    }
}
