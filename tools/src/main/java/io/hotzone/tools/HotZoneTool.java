package io.hotzone.tools;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code hotzone}: the client tool operators run beside a cluster (a Java-driver client without server code; JMX only
 * to ask the plugin for boosts). Commands so far: {@code import profile}, {@code import load}, {@code simulate}. Exit status 0 on success,
 * 1 for a usage error, 2 for a failure or a load that stopped before its end.
 */
public final class HotZoneTool
{
    private HotZoneTool()
    {
    }

    public static void main(String[] args)
    {
        System.exit(run(List.of(args), System.out, System.err));
    }

    public static int run(List<String> args, PrintStream out, PrintStream err)
    {
        try
        {
            if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0)))
            {
                out.println(usage());
                return 0;
            }
            if (args.size() >= 2 && args.get(0).equals("import") && args.get(1).equals("profile"))
                return new ProfileCommand(Options.parse(args.subList(2, args.size()))).run(out);
            if (args.size() >= 2 && args.get(0).equals("import") && args.get(1).equals("load"))
                return new LoadCommand(Options.parse(args.subList(2, args.size()))).run(out);
            if (args.get(0).equals("simulate"))
            {
                Options o = Options.parse(args.subList(1, args.size()));
                if (!o.positional.isEmpty())
                    throw new UsageException("simulate takes only options, got '" + o.positional.get(0) + "'");
                try
                {
                    return new io.hotzone.tools.simulate.SimulateCommand(o.values).run(out);
                }
                catch (IllegalArgumentException e)
                {
                    throw new UsageException(e.getMessage());
                }
            }
            throw new UsageException("unknown command '" + String.join(" ", args.subList(0, Math.min(2, args.size()))) + "'");
        }
        catch (UsageException e)
        {
            err.println("hotzone: " + e.getMessage());
            err.println(usage());
            return 1;
        }
        catch (Exception e)
        {
            err.println("hotzone: error: " + e.getMessage());
            if (System.getenv("HOTZONE_DEBUG") != null)
                e.printStackTrace(err);
            return 2;
        }
    }

    static String usage()
    {
        return String.join("\n", Arrays.asList(
            "usage: hotzone <command> [options]",
            "",
            "  import profile --table KS.TABLE [--sample N | --error E] [--confidence C] [--seed S] [--out FILE] [--explain] [--report F.html]",
            "                 [--history [--history-window 7d]] [--map IN=COL,...] [--host H[,H...]] [--port 9042] [--dc DC] [-u USER -pw PASSWORD] FILE...",
            "      reads CSV files (RFC 4180, a header naming table columns) or JSON lines (.json, .jsonl, .ndjson; .gz accepted)",
            "      in one streaming pass, checks every",
            "      record against the table, and writes the sharding profile (JSON, docs/import.md): columns, partitions, the",
            "      load per node against its ownership, dependencies, predicted hot partitions, recommended zones, token",
            "      moves (single-token rings), pre-aggregations and reservations. --explain prints it for people; --report writes",
            "      it as an HTML page with its distributions drawn.",
            "",
            "  import load [--profile P.json] [--table KS.TABLE] [--id ID] [--work-dir DIR] [--resume | --restart] [--dry-run] [--map M]",
            "              [--max-errors 100] [--in-flight 128] [--batch-rows 32] [--consistency LOCAL_QUORUM] [--max-rows-per-second R]",
            "              [--no-prewarm] [--jmx-host H] [--jmx-port 7199] [--jmx-user U --jmx-password P] [--boost-hours 24]",
            "              [--host H[,H...]] [--port 9042] [--dc DC] [-u USER -pw PASSWORD] FILE...",
            "      loads the same input: each partition's rows in unlogged batches to their replicas, a bounded number in flight per",
            "      node; every cell's timestamp is fixed by the import id and the record's position, so a re-run or --resume",
            "      writes the same cells; bad records go to DIR/ID.rejects.csv; a checkpoint every second (DIR/ID.checkpoint.json);",
            "      with a profile, its predicted hot partitions are boosted first (over JMX) and arrive pre-warmed.",
            "",
            "  simulate [--nodes 1000] [--rf 3] [--dcs 1] [--vnodes 16] [--partitions 1000000] [--tables 100] [--clients 10000]",
            "           [--client-rate 50] [--read-share 0.9] [--zones 1000] [--zipf 1.0] [--campaigns FILE] [--design built|before|per-node]",
            "           [--mirror-sizing load|every-node] [--replica-reads-per-s 5000] [--route-lease 1] [--validate BENCH_OUTPUT] ...",
            "      models HotZone on a cluster this machine cannot run: per-node load stock and with HotZone, mirror bytes against",
            "      what the zones' predicted reads need, plan-related requests per design, history rows, the leader's cycle;",
            "      docs/scale.md lists every option. Ends with one JSON line."));
    }

    /** A command line that does not say what to do; the usage follows the message. */
    static final class UsageException extends RuntimeException
    {
        UsageException(String message)
        {
            super(message);
        }
    }
}
