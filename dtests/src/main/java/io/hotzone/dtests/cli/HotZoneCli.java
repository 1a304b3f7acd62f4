package io.hotzone.dtests.cli;

import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/hotzone}: the people-facing launcher. One class per command group; this only dispatches.
 */
public final class HotZoneCli
{
    private HotZoneCli()
    {
    }

    public static void main(String[] args)
    {
        int status;
        try
        {
            status = run(List.of(args));
        }
        catch (UsageException e)
        {
            System.err.println("hotzone: " + e.getMessage());
            System.err.println(usage());
            status = 1;
        }
        catch (Exception e)
        {
            System.err.println("hotzone: error: " + e.getMessage());
            if (System.getenv("HOTZONE_DEBUG") != null)
                e.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    static int run(List<String> args) throws Exception
    {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0)))
        {
            System.out.println(usage());
            return 0;
        }
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0))
        {
            case "cluster":
                return new ClusterCommand().run(rest);
            case "demo":
                return new DemoCommand().run(rest);
            case "trace":
                return new TraceCommand().run(rest);
            case "check":
                return new CheckCommand().run(rest);
            case "import":
            case "simulate":
                // the client tool operators run (module tools); here for a local cluster like every other command
                return io.hotzone.tools.HotZoneTool.run(args, System.out, System.err);
            case "forecast-eval":
                return new ForecastEvalCommand().run(rest);
            case "bench":
                if (rest.isEmpty() || rest.get(0).startsWith("--"))
                    return new BenchCommand().run(rest);
                if (!rest.isEmpty() && rest.get(0).equals("capture"))
                    return new BenchCaptureCommand().run(rest.subList(1, rest.size()));
                if (!rest.isEmpty() && rest.get(0).equals("forecast"))
                    return new BenchForecastCommand().run(rest.subList(1, rest.size()));
                if (!rest.isEmpty() && rest.get(0).equals("policy"))
                    return new BenchPolicyCommand().run(rest.subList(1, rest.size()));
                if (!rest.isEmpty() && rest.get(0).equals("boost"))
                    return new BenchBoostCommand().run(rest.subList(1, rest.size()));
                if (!rest.isEmpty() && rest.get(0).equals("import"))
                    return new BenchImportCommand().run(rest.subList(1, rest.size()));
                if (!rest.isEmpty() && rest.get(0).equals("moves"))
                    return new BenchMovesCommand().run(rest.subList(1, rest.size()));
                if (!rest.isEmpty() && rest.get(0).equals("aggregates"))
                    return new BenchAggregatesCommand().run(rest.subList(1, rest.size()));
                throw new UsageException("unknown benchmark '" + rest.get(0) + "' (capture, forecast, boost, import, moves, aggregates, policy, or options for the side-by-side bench)");
            default:
                throw new UsageException("unknown command '" + args.get(0) + "'");
        }
    }

    static String usage()
    {
        return String.join("\n", Arrays.asList(
            "usage: bin/hotzone <command> [options]",
            "",
            "  demo [--nodes 4] [--keys 2000] [--campaign-in 90] [--campaign-for 60] [--cpu-cap PERCENT] [--out DIR]",
            "                    the predictive loop on a local cluster: a campaign announced, forecast, boosted before it",
            "                    starts and served by warmed replicas; progress, summary and DIR/report.html",
            "  cluster start [--nodes N] [--dcs M] [--single-token] [--heap MB] [--cpu-cap PERCENT] [--first-address A] [--hotzone-yaml F]",
            "                    start a local cluster with the plugin (node N on 127.0.0.(A+N-1), JMX 7199+100*(A+N-2)); refused,",
            "                    naming the port, where something already listens (a ccm cluster on 127.0.0.1-3: use --first-address)",
            "  cluster status    print each node's address, CQL port, JMX port, pid and plugin state",
            "  cluster stop      stop the local cluster's nodes (only the JVMs it started, by pid)",
            "  cluster start|stop|kill|pause|resume N",
            "                    one node: start it again, stop it (drain), kill -9 it, freeze it (SIGSTOP) or thaw it",
            "  import profile --table KS.TABLE [--sample N | --error E] [--out FILE] [--explain] [--host H] FILE...",
            "                    the client tool's bulk-import profile (see docs/import.md; contact point 127.0.0.1 by default)",
            "  simulate [--nodes 1000] [--rf 3] [--clients 10000] [--zones 1000] [--design built|before|per-node] [--validate FILE] ...",
            "                    HotZone modelled at a size this machine cannot run (the client tool's; options in docs/scale.md)",
            "  trace generate --out DIR --seed N [--keys 200] [--days 28] [--step 1h]",
            "                    synthetic trace (DIR/trace.csv.gz) and its announced campaigns (DIR/events.csv)",
            "  forecast-eval --trace FILE [--events FILE] [--step 1h] [--horizon 6] [--top 20] [--from T] [--to T]",
            "                [--retrain STEPS] [--seed 7] [--trees 8] [--rows 3000]",
            "                    walk-forward evaluation of the forecaster against seasonal-naive and reactive baselines",
            "                    (--seed, --trees, --rows: the forests' seed, size and training rows; defaults as on the cluster)",
            "  bench [--quick] [--rounds 3] [--spike 60] [--quiet 15] [--cpu-cap 25] [--nodes 4] [--keys 5000] [--hot-keys 20] [--concurrency 64]",
            "                    stock vs reactive vs predictive HotZone, interleaved on one CPU-capped cluster (own cluster on 127.0.0.11..);",
            "                    --quick: one round, under 5 minutes",
            "  bench capture [--rounds 4] [--seconds 20] [--warmup 60] [--concurrency 32] [--nodes 3] [--keys 10000] [--read-ratio 0.8]",
            "                    cost of access capture: the same workload with capture on and off, interleaved (own cluster on 127.0.0.11..)",
            "  bench forecast [--segments 100000] [--days 14] [--runs 5]",
            "                    time of one forecast cycle over many segments (offline, no cluster)",
            "  bench boost [--nodes 4] [--keys 10000] [--value-size 1000] [--seconds 20] [--concurrency 32] [--stream-throughput MiB/s, 0 = unthrottled] [--row-cache-mib N] [--cold]",
            "                    copy throughput of a boost, and ONE read latency normal vs mirror path (own cluster on 127.0.0.11..);",
            "                    measured after a warm-up copy of another table (--cold: the nodes' first copy, JIT still compiling)",
            "  bench moves [--quick] [--nodes 4] [--cpu-cap 25] [--keys 20000] [--hot-keys 400] [--spike 90] [--react 10] [--write-percent 80] [--concurrency 64]",
            "                    a write-heavy spike on one range of a single-token ring: stock, predictive (token moves before it),",
            "                    reactive (moves decided --react s into it); ops/s, p99, move seconds, bytes streamed, rows equal",
            "                    (own cluster on 127.0.0.11..; --quick: 40 s spikes)",
            "  bench aggregates [--quick] [--nodes 3] [--cpu-cap 50] [--products 4] [--rows 50000] [--seconds 60] [--concurrency 32] [--lag-samples 200]",
            "                    a dashboard's GROUP BY mix on hot products: stock vs pre-aggregated (boosted, rules), queries/s and p99,",
            "                    recompute lag after a write, answers vs Cassandra's at ALL (own cluster on 127.0.0.11..; --quick: 10 000",
            "                    rows, 20 s arms, about 3 minutes)",
            "  bench import [--quick] [--rows 400000] [--nodes 3]",
            "                    one CSV loaded four ways: driver-docs baseline (async INSERTs, 256 in flight), import load, import load",
            "                    with its profile (pre-warmed), CQLSSTableWriter + sstableloader; rows/s, CPU, write share, hot set",
            "                    READY after the load, rows equal",
            "                    (own cluster on 127.0.0.11..; --quick: 100 000 rows)",
            "  check consistency [--minutes 10] [--quick] [--every 30s] [--keys 40] [--seed 1]",
            "                    Jepsen-style check of mirror reads: writers of every kind, ONE readers through the driver policy and",
            "                    a nemesis (bootstrap of a 5th node, kill -9, SIGSTOP, unboost, expiry, ALTER, TRUNCATE) on its own",
            "                    cluster (127.0.0.21..25); every read checked against the acknowledged history; --quick: 3 minutes of",
            "                    clients (an event every 30 s); exit 3 on an anomaly",
            "  bench policy [--forks 2] [--iterations 5] [--zones 1000]",
            "                    JMH: newQueryPlan of HotZoneLoadBalancingPolicy vs DefaultLoadBalancingPolicy (no cluster)"));
    }

    /** A mistake in the command line: printed with the usage text, exit code 1. */
    static final class UsageException extends Exception
    {
        UsageException(String message)
        {
            super(message);
        }
    }
}
