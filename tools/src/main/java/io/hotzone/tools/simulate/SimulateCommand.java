package io.hotzone.tools.simulate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code hotzone simulate}: HotZone at a size this machine cannot run, modelled. Prints a summary, then one JSON
 * line. Options are {@code --name value}; every one has a default ({@link SimulationSettings}).
 */
public final class SimulateCommand
{
    private static final Set<String> DESIGNS = Set.of(Simulation.DESIGNS);

    private final Map<String, String> options;

    /** @param options name → value, names with their leading dashes */
    public SimulateCommand(Map<String, String> options)
    {
        this.options = new HashMap<>(options);
    }

    public int run(PrintStream out) throws IOException
    {
        SimulationSettings s = new SimulationSettings();
        s.nodes = integer("--nodes", s.nodes, 1, 100_000);
        s.dcs = integer("--dcs", s.dcs, 1, 64);
        s.rf = integer("--rf", s.rf, 1, 16);
        s.vnodes = integer("--vnodes", s.vnodes, 1, 1024);
        s.seed = integer("--seed", (int) s.seed, 0, Integer.MAX_VALUE);
        s.partitions = integer("--partitions", s.partitions, 1, 20_000_000);
        s.tables = integer("--tables", s.tables, 1, 100_000);
        s.clients = integer("--clients", s.clients, 1, 10_000_000);
        s.clientRate = number("--client-rate", s.clientRate, 0.001, 1e7);
        s.readShare = number("--read-share", s.readShare, 0, 1);
        s.zipf = number("--zipf", s.zipf, 0, 5);
        s.zones = integer("--zones", s.zones, 0, 1_000_000);
        s.partitionBytes = (long) number("--partition-bytes", s.partitionBytes, 1, 1e13);
        s.mirrorSizing = choice("--mirror-sizing", s.mirrorSizing, Set.of("load", "every-node"));
        s.replicaReadsPerSecond = number("--replica-reads-per-s", s.replicaReadsPerSecond, 1, 1e9);
        s.headroom = number("--headroom", s.headroom, 1, 10);
        s.mirrorCeiling = integer("--mirror-ceiling", s.mirrorCeiling, 0, 100_000);
        s.mirrorReadCost = number("--mirror-read-cost", s.mirrorReadCost, 0.01, 10);
        s.design = choice("--design", s.design, DESIGNS);
        s.routeLeaseSeconds = number("--route-lease", s.routeLeaseSeconds, 0.2, 30);
        s.planPollSeconds = number("--plan-poll", s.planPollSeconds, 0.2, 3600);
        s.driverIntervalSeconds = number("--driver-interval", s.driverIntervalSeconds, 0.1, 3600);
        s.driverMaxIntervalSeconds = number("--driver-max-interval", Math.max(s.driverMaxIntervalSeconds, s.driverIntervalSeconds), s.driverIntervalSeconds, 86_400);
        s.hotzoneRf = integer("--hotzone-rf", s.hotzoneRf, 1, 16);
        s.zoneLifetimeSeconds = number("--zone-lifetime", s.zoneLifetimeSeconds, 1, 1e7);
        s.streamMbPerSecond = number("--stream-mb-per-s", s.streamMbPerSecond, 0.01, 1e5);
        s.cycleSeconds = number("--cycle", s.cycleSeconds, 1, 86_400);
        s.leaseSeconds = number("--lease", s.leaseSeconds, 1, 86_400);
        s.historyStepSeconds = number("--history-step", s.historyStepSeconds, 1, 86_400);
        s.keysPerRow = integer("--keys-per-row", s.keysPerRow, 1, 1_000_000);
        s.segmentCostMicros = number("--segment-cost-us", s.segmentCostMicros, 0, 1e6);
        String campaigns = options.remove("--campaigns");
        if (campaigns != null)
            s.campaigns = campaigns(Path.of(campaigns));
        String validate = options.remove("--validate");
        Double merge = options.containsKey("--merge-cost-us") ? number("--merge-cost-us", 0, 0, 1e6) : null;
        if (!options.isEmpty())
            throw new IllegalArgumentException("unknown option " + options.keySet().iterator().next());

        double mergeMicros = merge != null ? merge : LeaderCost.measureMergeMicrosPerKey(50, s.keysPerRow);
        Simulation sim = Simulation.run(s, mergeMicros);
        out.print(sim.table());
        BenchValidation v = validate == null ? null : BenchValidation.of(Path.of(validate), s.mirrorReadCost, s.seed);
        if (v != null)
            out.println(v.text());
        out.println(sim.json(v == null ? null : v.error(), v == null ? null : v.json()));
        return 0;
    }

    /** {@code rank,multiplier} lines (a header line allowed): the partition of that popularity rank gets that multiplier. */
    static Map<Integer, Double> campaigns(Path file) throws IOException
    {
        Map<Integer, Double> out = new HashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++)
        {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.startsWith("rank")))
                continue;
            String[] f = line.split(",");
            try
            {
                int rank = Integer.parseInt(f[0].trim());
                double multiplier = Double.parseDouble(f[1].trim());
                if (rank < 1 || multiplier <= 0)
                    throw new NumberFormatException();
                out.put(rank, multiplier);
            }
            catch (RuntimeException e)
            {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'rank,multiplier' (rank >= 1, multiplier > 0), got '" + line + "'");
            }
        }
        return out;
    }

    private int integer(String name, int fallback, int min, int max)
    {
        return (int) parse(name, fallback, min, max, v -> (double) Long.parseLong(v));
    }

    private double number(String name, double fallback, double min, double max)
    {
        return parse(name, fallback, min, max, Double::parseDouble);
    }

    private double parse(String name, double fallback, double min, double max, Function<String, Double> parser)
    {
        String v = options.remove(name);
        if (v == null)
            return fallback;
        double d;
        try
        {
            d = parser.apply(v);
        }
        catch (NumberFormatException e)
        {
            throw new IllegalArgumentException(name + " takes a number, got '" + v + "'");
        }
        if (d < min || d > max)
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be between %s and %s, got %s", name, plain(min), plain(max), v));
        return d;
    }

    private String choice(String name, String fallback, Set<String> allowed)
    {
        String v = options.remove(name);
        if (v == null)
            return fallback;
        if (!allowed.contains(v))
            throw new IllegalArgumentException(name + " is one of " + new java.util.TreeSet<>(allowed) + ", got '" + v + "'");
        return v;
    }

    private static String plain(double d)
    {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
