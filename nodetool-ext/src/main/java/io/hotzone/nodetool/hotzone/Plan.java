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
import io.hotzone.surfaces.PlanView;

@Command(name = "plan", description = "The current plan: every zone with its state, copy progress, bytes copied and window; "
                                     + "then the pre-aggregation rules of the zones' tables with this node's results of them")
public class Plan extends HotZoneCommand
{
    @Arguments(usage = "[show]", description = "show (the default)")
    private List<String> args = new ArrayList<>();

    @Option(title = "format", name = { "-F", "--format" }, description = "Output format (json, yaml); default: a table")
    private String format = "";

    private static final List<String> AGGREGATE_COLUMNS = List.of("Table", "Rule", "Group by", "Aggregates", "Partitions", "Dirty", "Served");

    @Override
    protected void execute(NodeProbe probe)
    {
        if (!(args.isEmpty() || args.equals(List.of("show"))))
            throw new IllegalArgumentException("plan takes only 'show'");
        Formats.check(format);
        HotZoneMXBean hz = installed(probe);
        List<String> lines = hz.plan();
        PrintStream out = probe.output().out;
        // the rules of tables that have a zone, as this node holds them
        java.util.Set<String> zoned = new java.util.HashSet<>();
        int tableColumn = PlanView.COLUMNS.indexOf("Table");
        for (String line : lines.subList(1, lines.size()))
            zoned.add(line.split("\t", -1)[tableColumn]);
        List<String> aggregates = new ArrayList<>();
        for (String line : hz.aggregates())
            if (zoned.contains(line.split("\t", -1)[0]))
                aggregates.add(line);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("plan_version", lines.get(0));
        data.put("zones", Formats.rows(PlanView.COLUMNS, lines.subList(1, lines.size())));
        data.put("aggregates", Formats.rows(AGGREGATE_COLUMNS, aggregates));
        if (Formats.print(format, data, out))
            return;
        out.println("Plan version " + lines.get(0));
        if (lines.size() == 1)
        {
            out.println("No zones");
            return;
        }
        TableBuilder table = new TableBuilder("  ");
        table.add(PlanView.COLUMNS.toArray(new String[0]));
        for (String line : lines.subList(1, lines.size()))
            table.add(line.split("\t", -1));
        table.printTo(out);
        if (aggregates.isEmpty())
            return;
        out.println();
        out.println("Pre-aggregation rules of these tables (results held by this node)");
        TableBuilder rules = new TableBuilder("  ");
        rules.add(AGGREGATE_COLUMNS.toArray(new String[0]));
        for (String line : aggregates)
            rules.add(line.split("\t", -1));
        rules.printTo(out);
    }
}
