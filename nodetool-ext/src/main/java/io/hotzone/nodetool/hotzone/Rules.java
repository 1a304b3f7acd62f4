package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;
import org.apache.cassandra.tools.nodetool.formatter.TableBuilder;

import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "rules", description = "Pre-aggregation rules: add one (validated against the table), list them, remove one")
public class Rules extends HotZoneCommand
{
    /** The MBean's columns. */
    private static final List<String> HEADERS = List.of("Table", "Rule", "Group by", "Aggregates", "Created", "Created by", "Query");

    @Arguments(usage = "add <keyspace.table> <name> | list [<keyspace.table>] | remove <keyspace.table> <name>", description = "What to do")
    private List<String> args = new ArrayList<>();

    @Option(name = "--group-by", description = "add: the partition key columns, then clustering columns in key order (comma-separated)")
    private String groupBy = "";

    @Option(name = "--bucket", description = "add: 'COLUMN WIDTH' flooring the last group-by column to a time bucket, e.g. 'at 1h'")
    private String bucket = "";

    @Option(name = "--aggregates", description = "add: comma-separated among count(*), count(c), sum(c), min(c), max(c), avg(c)")
    private String aggregates = "";

    @Option(title = "format", name = { "-F", "--format" }, description = "list: output format (json, yaml); default: a table")
    private String format = "";

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.isEmpty())
            throw new IllegalArgumentException("rules takes add <keyspace.table> <name>, list [<keyspace.table>] or remove <keyspace.table> <name>");
        String what = args.get(0);
        if (!what.equals("add") && !(groupBy.isEmpty() && bucket.isEmpty() && aggregates.isEmpty()))
            throw new IllegalArgumentException("--group-by, --bucket and --aggregates go with add only");
        if (!what.equals("list") && !format.isEmpty())
            throw new IllegalArgumentException("--format goes with list only");
        switch (what)
        {
            case "add":
                words(2, 2);
                if (groupBy.isEmpty() || aggregates.isEmpty())
                    throw new IllegalArgumentException("rules add needs --group-by and --aggregates");
                break;
            case "list":
                words(0, 1);
                Formats.check(format);
                break;
            case "remove":
                words(2, 2);
                break;
            default:
                throw new IllegalArgumentException("unknown rules action '" + what + "': add, list or remove");
        }
        HotZoneMXBean hz = installed(probe);
        PrintStream out = probe.output().out;
        if (what.equals("add"))
            out.println("Added rule " + args.get(2) + " of " + args.get(1) + ": " + hz.addRule(args.get(1), args.get(2), groupBy, bucket, aggregates));
        else if (what.equals("list"))
            print(hz.rules(args.size() > 1 ? args.get(1) : ""), out);
        else
        {
            hz.removeRule(args.get(1), args.get(2));
            out.println("Removed rule " + args.get(2) + " of " + args.get(1));
        }
    }

    private void words(int min, int max)
    {
        int n = args.size() - 1;
        if (n < min || n > max)
            throw new IllegalArgumentException("rules " + args.get(0) + " takes " + (min == max ? min : min + " to " + max) + " argument(s), got " + n);
    }

    private void print(List<String> lines, PrintStream out)
    {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rules", Formats.rows(HEADERS, lines));
        if (Formats.print(format, data, out))
            return;
        if (lines.isEmpty())
        {
            out.println("No pre-aggregation rule (nodetool-ext hotzone rules add adds one)");
            return;
        }
        TableBuilder table = new TableBuilder("  ");
        table.add(HEADERS.subList(0, 6).toArray(new String[0]));
        for (String line : lines)
            table.add(java.util.Arrays.copyOf(line.split("\t", -1), 6));
        table.printTo(out);
    }
}
