package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;

import io.hotzone.config.Durations;
import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "top", description = "Cluster-wide most accessed partitions over a window, every node's history merged")
public class Top extends HotZoneCommand
{
    @Arguments(usage = "[<keyspace.table>]", description = "The table (default: every table with history in the window)")
    private List<String> args = new ArrayList<>();

    @Option(name = { "-w", "--window" }, description = "How far back, e.g. 90s, 5m, 2h (default 5m)")
    private String window = "5m";

    @Option(name = { "-l", "--limit" }, description = "Partitions to print (default 20)")
    private int limit = 20;

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() > 1)
            throw new IllegalArgumentException("top takes at most one keyspace.table");
        long windowSeconds;
        try
        {
            windowSeconds = Math.max(1, Durations.parse(window).toSeconds());
        }
        catch (IllegalArgumentException e)
        {
            throw new IllegalArgumentException("--window: " + e.getMessage());
        }
        HotZoneMXBean hz = hotZone(probe);
        if (hz == null)
            throw new IllegalStateException("the HotZone plugin is not installed on " + probe.getEndpoint());
        List<String> lines = hz.topPartitions(args.isEmpty() ? "" : args.get(0), windowSeconds, limit);
        PrintStream out = probe.output().out;
        out.println("Top partitions over the last " + window + ", all nodes (Count over-estimates by at most Error; Error 0 = exact)");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{ "Table", "Partition", "Token", "Count", "Error" });
        for (String line : lines)
            rows.add(line.split("\t", -1));
        int[] width = new int[5];
        for (String[] r : rows)
            for (int i = 0; i < 5; i++)
                width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows)
            out.printf("%-" + width[0] + "s  %-" + width[1] + "s  %" + width[2] + "s  %" + width[3] + "s  %" + width[4] + "s%n",
                       (Object[]) r);
        if (lines.isEmpty())
            out.println("(no access history in this window)");
    }
}
