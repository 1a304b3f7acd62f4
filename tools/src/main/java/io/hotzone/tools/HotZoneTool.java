package io.hotzone.tools;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code hotzone}: the client tool operators run beside a cluster (a Java-driver client: no server code, no JMX).
 * Commands so far: {@code import profile}. Exit status 0 on success, 1 for a usage error, 2 for a failure.
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
            "  import profile --table KS.TABLE [--sample N | --error E] [--confidence C] [--seed S] [--out FILE] [--explain]",
            "                 [--host H[,H...]] [--port 9042] [--dc DC] [-u USER -pw PASSWORD] FILE...",
            "      reads CSV files (RFC 4180, a header naming table columns; .gz accepted) in one streaming pass, checks every",
            "      record against the table, and writes the sharding profile (JSON, docs/import.md): columns, partitions, the",
            "      load per node against its ownership, dependencies, predicted hot partitions, recommended zones, token",
            "      moves (single-token rings), pre-aggregations and reservations. --explain prints it for people."));
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
