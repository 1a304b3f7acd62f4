package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;
import org.apache.cassandra.tools.nodetool.formatter.TableBuilder;

import io.hotzone.events.EventParser;
import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "events", description = "External events (campaigns, roll-outs): add, list, remove, load FILE (CSV or JSON)")
public class Events extends HotZoneCommand
{
    @Arguments(usage = "add | list [<keyspace.table>] | remove <id> | load <file>", description = "What to do")
    private List<String> args = new ArrayList<>();

    @Option(name = "--name", description = "add: the event's name")
    private String name;

    @Option(name = "--start", description = "add: start, e.g. 2026-11-27 or 2026-11-27T09:00:00Z (UTC)")
    private String start;

    @Option(name = "--end", description = "add: end, after start and in the future")
    private String end;

    @Option(name = "--table", description = "add: keyspace.table the event targets")
    private String table;

    @Option(name = "--keys", description = "add: target partitions as CQL literals, comma-separated, e.g. 'p1','p2' (default: the whole table)")
    private String keys;

    @Option(name = "--token-range", description = "add: target token range START,END (instead of --keys)")
    private String tokenRange;

    @Option(name = "--multiplier", description = "add: expected access multiplier, > 0")
    private String multiplier;

    @Option(name = "--source", description = "add: where the event comes from (free text)")
    private String source = "nodetool-ext";

    @Option(name = "--id", description = "add: id (default: generated)")
    private String id;

    @Option(name = "--format", description = "load: csv or json (default: from the file name)")
    private String format;

    @Option(name = "--replace", description = "add, load: overwrite events whose id is already stored (default: refuse them)")
    private boolean replace;

    @Option(name = "--all", description = "list: past events too")
    private boolean all;

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.isEmpty())
            throw new IllegalArgumentException("events needs add, list, remove or load");
        HotZoneMXBean hz = installed(probe);
        PrintStream out = probe.output().out;
        String action = args.get(0);
        switch (action)
        {
            case "add":
                expectArgs(1);
                List<String> added = hz.addEvents("csv", replace, addCsv());
                out.println("Added event " + added.get(0));
                break;
            case "load":
                expectArgs(2);
                String file = args.get(1);
                String fmt = format != null ? format : file.replace(".gz", "").toLowerCase().endsWith(".json") ? "json" : "csv";
                List<String> loaded = hz.addEvents(fmt, replace, Files.read(file));
                out.println("Loaded " + loaded.size() + " event(s) from " + file);
                break;
            case "list":
                if (args.size() > 2)
                    throw new IllegalArgumentException("events list takes at most one keyspace.table");
                print(out, hz.listEvents(args.size() == 2 ? args.get(1) : "", all));
                break;
            case "remove":
                expectArgs(2);
                hz.removeEvent(args.get(1));
                out.println("Removed event " + args.get(1));
                break;
            default:
                throw new IllegalArgumentException("unknown events action '" + action + "' (add, list, remove, load)");
        }
    }

    private void expectArgs(int n)
    {
        if (args.size() != n)
            throw new IllegalArgumentException("events " + args.get(0) + (n == 2 ? " takes one argument" : " takes no argument"));
    }

    /** The add options as a one-event CSV document: the same validation path as a loaded file. */
    private String addCsv()
    {
        for (String[] required : new String[][]{ { "--name", name }, { "--start", start }, { "--end", end }, { "--table", table }, { "--multiplier", multiplier } })
            if (required[1] == null)
                throw new IllegalArgumentException("events add needs " + required[0]);
        if (keys != null && tokenRange != null)
            throw new IllegalArgumentException("give --keys or --token-range, not both");
        String keyList = keys == null ? "" : String.join(";", io.hotzone.server.CqlLiterals.split(keys, ','));
        String range = tokenRange == null ? "" : tokenRange.replace(",", "..").replace(" ", "");
        return "id,name,start,end,table,keys,token_range,multiplier,source\n"
               + String.join(",", EventParser.csvField(id == null ? "" : id), EventParser.csvField(name), EventParser.csvField(start),
                             EventParser.csvField(end), EventParser.csvField(table), EventParser.csvField(keyList), EventParser.csvField(range),
                             EventParser.csvField(multiplier), EventParser.csvField(source)) + "\n";
    }

    private static void print(PrintStream out, List<String> lines)
    {
        TableBuilder table = new TableBuilder("  ");
        table.add("Id", "Name", "Start", "End", "Table", "Target", "Multiplier", "Source");
        List<String> skipped = new ArrayList<>();
        int events = 0;
        for (String line : lines)
        {
            if (line.startsWith("#\t"))
                skipped.add(line.substring(2));
            else
            {
                table.add(line.split("\t", -1));
                events++;
            }
        }
        table.printTo(out);
        if (events == 0)
            out.println("(no events)");
        skipped.forEach(s -> out.println("warning: " + s));
    }
}
