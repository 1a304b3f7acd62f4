package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;
import org.apache.cassandra.tools.nodetool.formatter.TableBuilder;

import io.hotzone.surfaces.HotZoneMXBean;
import io.hotzone.surfaces.ImportsView;

@Command(name = "imports", description = "Bulk imports of 'hotzone import load': state, progress, rejects and rows per node")
public class Imports extends HotZoneCommand
{
    @Option(title = "limit", name = { "-n", "--limit" }, description = "At most this many imports, the most recently updated first (default 20)")
    private int limit = 20;

    @Option(title = "format", name = { "-F", "--format" }, description = "Output format (json, yaml); default: a table")
    private String format = "";

    @Override
    protected void execute(NodeProbe probe)
    {
        Formats.check(format);
        HotZoneMXBean hz = installed(probe);
        List<String> lines = hz.imports(limit);
        PrintStream out = probe.output().out;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("imports", Formats.rows(ImportsView.COLUMNS, lines));
        if (Formats.print(format, data, out))
            return;
        if (lines.isEmpty())
        {
            out.println("No imports");
            return;
        }
        TableBuilder table = new TableBuilder("  ");
        table.add(ImportsView.COLUMNS.toArray(new String[0]));
        for (String line : lines)
            table.add(line.split("\t", -1));
        table.printTo(out);
    }
}
