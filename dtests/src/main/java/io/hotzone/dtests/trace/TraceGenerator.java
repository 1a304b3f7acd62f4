package io.hotzone.dtests.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic per-key access trace with known structure: per-key levels (log-normal), daily and weekly
 * seasonality, slow trends, Poisson noise, scheduled campaigns that lift a key set (announced in events.csv) and
 * unannounced bursts. Deterministic for a seed.
 */
public final class TraceGenerator
{
    public record Campaign(String name, int start, int end, List<Integer> keys, double multiplier, boolean announced)
    {
    }

    private final int keys;
    private final int days;
    private final Duration step;
    private final long seed;

    public TraceGenerator(int keys, int days, Duration step, long seed)
    {
        if (keys < 1 || days < 1 || step.isZero() || step.isNegative() || Duration.ofDays(1).toMillis() % step.toMillis() != 0)
            throw new IllegalArgumentException("need keys >= 1, days >= 1 and a step that divides a day");
        this.keys = keys;
        this.days = days;
        this.step = step;
        this.seed = seed;
    }

    public int stepsPerDay()
    {
        return (int) (Duration.ofDays(1).toMillis() / step.toMillis());
    }

    /** Counts per key and step, plus the campaigns (announced) and bursts (not announced) that shaped them. */
    public record Trace(Instant start, Duration step, long[][] counts, List<Campaign> campaigns)
    {
    }

    public Trace generate()
    {
        SplittableRandom r = new SplittableRandom(seed);
        int perDay = stepsPerDay(), n = days * perDay;
        Instant start = Instant.parse("2026-01-05T00:00:00Z"); // a Monday
        double[][] rate = new double[keys][n];
        for (int k = 0; k < keys; k++)
        {
            double level = Math.exp(2.5 + 1.2 * gaussian(r));              // median about 12 per step, heavy tail
            double dailyAmp = 0.2 + 0.7 * r.nextDouble();
            double peak = (r.nextInt(4) * 6 + 9 + r.nextDouble() * 3) / 24.0; // peaks at 9h, 15h, 21h or 3h, ±
            double weekend = 0.5 + 0.9 * r.nextDouble();
            double trend = (r.nextDouble() - 0.5) * 0.8;                     // -40 % .. +40 % over the trace
            for (int i = 0; i < n; i++)
            {
                double dayFraction = (i % perDay) / (double) perDay;
                int dow = (i / perDay) % 7;
                double daily = 1 + dailyAmp * Math.cos(2 * Math.PI * (dayFraction - peak));
                double weekly = dow >= 5 ? weekend : 1;
                rate[k][i] = level * daily * weekly * (1 + trend * i / n);
            }
        }
        List<Campaign> campaigns = new ArrayList<>();
        // Scheduled campaigns: every 2-4 days, 5-15 keys, x3-x8 for 6 h to a day; announced.
        int c = 0;
        for (int at = perDay * 3 + r.nextInt(perDay); at < n - 2; at += perDay * (2 + r.nextInt(3)) + r.nextInt(perDay))
        {
            int length = Math.max(1, (int) (perDay * (0.25 + 0.75 * r.nextDouble())));
            campaigns.add(new Campaign("campaign-" + (++c), at, Math.min(n, at + length), pick(r, 5 + r.nextInt(11)), 3 + 5 * r.nextDouble(), true));
        }
        // Unannounced bursts: about one a day, one key, x4-x10 for 2-8 steps.
        for (int b = 0; b < days; b++)
        {
            int at = r.nextInt(n - 2);
            campaigns.add(new Campaign("burst-" + (b + 1), at, Math.min(n, at + 2 + r.nextInt(7)), pick(r, 1), 4 + 6 * r.nextDouble(), false));
        }
        for (Campaign campaign : campaigns)
            for (int k : campaign.keys())
                for (int i = campaign.start(); i < campaign.end(); i++)
                    rate[k][i] *= campaign.multiplier();
        long[][] counts = new long[keys][n];
        for (int k = 0; k < keys; k++)
            for (int i = 0; i < n; i++)
                counts[k][i] = poisson(r, rate[k][i]);
        return new Trace(start, step, counts, campaigns);
    }

    private List<Integer> pick(SplittableRandom r, int count)
    {
        List<Integer> picked = new ArrayList<>();
        while (picked.size() < Math.min(count, keys))
        {
            int k = r.nextInt(keys);
            if (!picked.contains(k))
                picked.add(k);
        }
        return picked;
    }

    private static double gaussian(SplittableRandom r)
    {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static long poisson(SplittableRandom r, double mean)
    {
        if (mean > 50)
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
        double l = Math.exp(-mean), p = 1;
        long k = 0;
        do
        {
            k++;
            p *= r.nextDouble();
        }
        while (p > l);
        return k - 1;
    }

    public static String key(int k)
    {
        return String.format(Locale.ROOT, "k%04d", k);
    }

    /** Writes DIR/trace.csv.gz and DIR/events.csv (announced campaigns, in the HotZone event file format). */
    public static void write(Trace trace, Path dir, String table) throws IOException
    {
        Files.createDirectories(dir);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("trace.csv.gz")));
             Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16))
        {
            w.write("key,t,count\n");
            for (int k = 0; k < trace.counts().length; k++)
                for (int i = 0; i < trace.counts()[k].length; i++)
                    w.write(key(k) + "," + trace.start().plus(trace.step().multipliedBy(i)) + "," + trace.counts()[k][i] + "\n");
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("events.csv"), StandardCharsets.UTF_8)))
        {
            w.println("id,name,start,end,table,keys,token_range,multiplier,source");
            for (Campaign c : trace.campaigns())
            {
                if (!c.announced())
                    continue;
                String keys = String.join(";", c.keys().stream().map(k -> "'" + key(k) + "'").toList());
                w.printf(Locale.ROOT, "%s,%s,%s,%s,%s,\"%s\",,%.2f,trace-generator%n", c.name(), c.name(),
                         trace.start().plus(trace.step().multipliedBy(c.start())), trace.start().plus(trace.step().multipliedBy(c.end())),
                         table, keys, c.multiplier());
            }
        }
    }
}
