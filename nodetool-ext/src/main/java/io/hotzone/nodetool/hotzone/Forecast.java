package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;
import org.apache.cassandra.tools.nodetool.formatter.TableBuilder;

import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "forecast", description = "The leader's current hot-zone forecast: ranked zones with reason, confidence and predicted start; "
                                         + "with --ranges, hot token ranges (reads, writes) and the action chosen for each")
public class Forecast extends HotZoneCommand
{
    /** The MBean's columns: the table's eight, then the token, when and by whom the forecast was made. */
    private static final List<String> HEADERS = List.of("Table", "Rank", "Partition", "Reason", "Confidence", "Predicted start", "Peak/step",
                                                        "Threshold", "Token", "Made", "Leader");

    /** The MBean's serving-choice columns. */
    private static final List<String> SERVED_HEADERS = List.of("Table", "Served", "Why");

    /** The MBean's range columns. */
    private static final List<String> RANGE_HEADERS = List.of("Table", "Kind", "Range", "Reason", "Confidence", "Predicted start", "Predicted end",
                                                              "Peak/step", "Threshold", "Action", "Est. seconds", "Bytes", "Why");

    @Arguments(usage = "[<keyspace.table>]", description = "The table (default: every table forecast in the last day)")
    private List<String> args = new ArrayList<>();

    @Option(title = "format", name = { "-F", "--format" }, description = "Output format (json, yaml); default: a table")
    private String format = "";

    @Option(title = "ranges", name = { "-r", "--ranges" }, description = "Hot token ranges, forecast now on this node, with the chosen action")
    private boolean ranges = false;

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() > 1)
            throw new IllegalArgumentException("forecast takes at most one keyspace.table");
        Formats.check(format);
        HotZoneMXBean hz = installed(probe);
        if (ranges)
        {
            printRanges(hz.rangeForecast(args.isEmpty() ? "" : args.get(0)), probe.output().out);
            return;
        }
        List<String> lines = hz.forecast(args.isEmpty() ? "" : args.get(0));
        List<String> served = hz.forecastServed().stream().filter(l -> args.isEmpty() || l.startsWith(args.get(0) + "\t")).collect(Collectors.toList());
        PrintStream out = probe.output().out;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("zones", Formats.rows(HEADERS, lines));
        data.put("served", Formats.rows(SERVED_HEADERS, served));
        if (Formats.print(format, data, out))
            return;
        if (lines.isEmpty())
        {
            out.println("No forecast yet (the leader writes one per cycle for tables with history or events)");
            return;
        }
        String[] first = lines.get(0).split("\t", -1);
        out.println("Forecast of " + first[9] + " by leader " + first[10]);
        TableBuilder table = new TableBuilder("  ");
        table.add(HEADERS.subList(0, 8).toArray(new String[0]));
        for (String line : lines)
            table.add(java.util.Arrays.copyOf(line.split("\t", -1), 8));
        table.printTo(out);
        // Only the leader knows which method serves each table (run against another node, this part is absent).
        for (String line : served)
        {
            String[] f = line.split("\t", -1);
            out.println("Served " + f[0] + ": " + f[1] + " zones; " + f[2]);
        }
    }

    private void printRanges(List<String> lines, PrintStream out)
    {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ranges", Formats.rows(RANGE_HEADERS, lines));
        if (Formats.print(format, data, out))
            return;
        if (lines.isEmpty())
        {
            out.println("No hot token range forecast (from the access history of the last forecast.history and the announced token-range events)");
            return;
        }
        TableBuilder table = new TableBuilder("  ");
        table.add(RANGE_HEADERS.toArray(new String[0]));
        for (String line : lines)
            table.add(line.split("\t", -1));
        table.printTo(out);
    }
}
