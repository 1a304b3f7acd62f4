package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;

import org.apache.cassandra.tools.NodeProbe;

import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "forecast", description = "The leader's current hot-zone forecast: ranked zones with reason, confidence and predicted start")
public class Forecast extends HotZoneCommand
{
    @Arguments(usage = "[<keyspace.table>]", description = "The table (default: every table forecast in the last day)")
    private List<String> args = new ArrayList<>();

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() > 1)
            throw new IllegalArgumentException("forecast takes at most one keyspace.table");
        HotZoneMXBean hz = hotZone(probe);
        if (hz == null)
            throw new IllegalStateException("the HotZone plugin is not installed on " + probe.getEndpoint());
        List<String> lines = hz.forecast(args.isEmpty() ? "" : args.get(0));
        PrintStream out = probe.output().out;
        if (lines.isEmpty())
        {
            out.println("No forecast yet (the leader writes one per cycle for tables with history or events)");
            return;
        }
        String[] first = lines.get(0).split("\t", -1);
        out.println("Forecast of " + first[9] + " by leader " + first[10]);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{ "Table", "Rank", "Partition", "Reason", "Confidence", "Predicted start", "Peak/step", "Threshold" });
        for (String line : lines)
        {
            String[] f = line.split("\t", -1);
            rows.add(new String[]{ f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7] });
        }
        int[] width = new int[8];
        for (String[] r : rows)
            for (int i = 0; i < 8; i++)
                width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows)
        {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8; i++)
                b.append(String.format("%-" + width[i] + "s", r[i])).append(i < 7 ? "  " : "");
            out.println(b.toString().stripTrailing());
        }
    }
}
