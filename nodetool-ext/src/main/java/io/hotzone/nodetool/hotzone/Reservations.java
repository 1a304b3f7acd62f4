package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;
import org.apache.cassandra.tools.nodetool.formatter.TableBuilder;

import io.hotzone.surfaces.ReservationsView;

@Command(name = "reservations", description = "Reserved knob values per node (manual and for zones), what each node applied, its baseline and ceiling")
public class Reservations extends HotZoneCommand
{
    @Option(title = "format", name = { "-F", "--format" }, description = "Output format (json, yaml); default: a table")
    private String format = "";

    @Override
    protected void execute(NodeProbe probe)
    {
        Formats.check(format);
        List<String> lines = installed(probe).reservations();
        PrintStream out = probe.output().out;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reservations", Formats.rows(ReservationsView.COLUMNS, lines));
        if (Formats.print(format, data, out))
            return;
        if (lines.isEmpty())
        {
            out.println("No reservations");
            return;
        }
        TableBuilder table = new TableBuilder("  ");
        table.add(ReservationsView.COLUMNS.toArray(new String[0]));
        for (String line : lines)
            table.add(line.split("\t", -1));
        table.printTo(out);
    }
}
