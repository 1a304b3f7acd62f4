package io.hotzone.dtests.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

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
        Options o = Options.parse(args.subList(1, args.size()), Set.of("--out", "--seed", "--keys", "--days", "--step"), Set.of());
        String dir = o.text("--out", null);
        if (dir == null || o.text("--seed", null) == null)
            throw new UsageException("trace generate needs --out DIR and --seed N");
        Path out = Path.of(dir);
        long seed = o.number("--seed", 0);
        int keys = o.integer("--keys", 200), days = o.integer("--days", 28);
        Duration step = o.duration("--step", Duration.ofHours(1));
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
