package io.hotzone.dtests.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.hotzone.config.Durations;
import io.hotzone.dtests.cli.HotZoneCli.UsageException;
import io.hotzone.dtests.trace.TraceGenerator;

/** {@code bin/hotzone trace generate --out DIR --seed N [--keys K] [--days D] [--step 1h]}. */
final class TraceCommand
{
    int run(List<String> args) throws Exception
    {
        if (args.isEmpty() || !args.get(0).equals("generate"))
            throw new UsageException("trace needs: generate --out DIR --seed N [--keys K] [--days D] [--step 1h]");
        Path out = null;
        Long seed = null;
        int keys = 200, days = 28;
        Duration step = Duration.ofHours(1);
        for (int i = 1; i < args.size(); i++)
        {
            String o = args.get(i);
            if (i + 1 >= args.size())
                throw new UsageException(o + " needs a value");
            String v = args.get(++i);
            try
            {
                switch (o)
                {
                    case "--out": out = Path.of(v); break;
                    case "--seed": seed = Long.parseLong(v); break;
                    case "--keys": keys = Integer.parseInt(v); break;
                    case "--days": days = Integer.parseInt(v); break;
                    case "--step": step = Durations.parse(v); break;
                    default: throw new UsageException("unknown option '" + o + "'");
                }
            }
            catch (NumberFormatException e)
            {
                throw new UsageException(o + " needs a number, got '" + v + "'");
            }
        }
        if (out == null || seed == null)
            throw new UsageException("trace generate needs --out DIR and --seed N");
        TraceGenerator generator = new TraceGenerator(keys, days, step, seed);
        TraceGenerator.Trace trace = generator.generate();
        TraceGenerator.write(trace, out, "trace.t");
        long announced = trace.campaigns().stream().filter(TraceGenerator.Campaign::announced).count();
        System.out.printf("Wrote %s (%d keys x %d steps of %s) and %s (%d announced campaigns; %d unannounced bursts not listed)%n",
                          out.resolve("trace.csv.gz"), keys, trace.counts()[0].length, Durations.format(step), out.resolve("events.csv"),
                          announced, trace.campaigns().size() - announced);
        return 0;
    }
}
