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

import io.hotzone.config.Durations;
import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "top", description = "Cluster-wide most accessed partitions over a window, every node's history merged")
public class Top extends HotZoneCommand
{
    private static final List<String> HEADERS = List.of("Table", "Partition", "Token", "Count", "Reads", "Writes", "Error");
    /** Where each header's field is in the MBean's line (table, key, token, count, error, reads, writes). */
    private static final int[] FIELD = { 0, 1, 2, 3, 5, 6, 4 };

    @Arguments(usage = "[<keyspace.table>]", description = "The table (default: every table with history in the window)")
    private List<String> args = new ArrayList<>();

    @Option(name = { "-w", "--window" }, description = "How far back, e.g. 90s, 5m, 2h (default 5m)")
    private String window = "5m";

    @Option(name = { "-l", "--limit" }, description = "Partitions to print (default 20)")
    private int limit = 20;

    @Option(title = "format", name = { "-F", "--format" }, description = "Output format (json, yaml); default: a table")
    private String format = "";

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() > 1)
            throw new IllegalArgumentException("top takes at most one keyspace.table");
        Formats.check(format);
        long windowSeconds;
        try
        {
            windowSeconds = Math.max(1, Durations.parse(window).toSeconds());
        }
        catch (IllegalArgumentException e)
        {
            throw new IllegalArgumentException("--window: " + e.getMessage());
        }
        HotZoneMXBean hz = installed(probe);
        List<String> lines = hz.topPartitions(args.isEmpty() ? "" : args.get(0), windowSeconds, limit);
        PrintStream out = probe.output().out;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("window_seconds", windowSeconds);
        List<String> ordered = new ArrayList<>(lines.size());
        for (String line : lines)
            ordered.add(reorder(line));
        data.put("partitions", Formats.rows(HEADERS, ordered));
        if (Formats.print(format, data, out))
            return;
        out.println("Top partitions over the last " + window + ", all nodes (Count = Reads + Writes, over-estimated by at most Error; "
                    + "Error 0 = exact)");
        TableBuilder table = new TableBuilder("  ");
        table.add(HEADERS.toArray(new String[0]));
        for (String line : ordered)
            table.add(line.split("\t", -1));
        table.printTo(out);
        if (lines.isEmpty())
            out.println("(no access history in this window)");
    }

    /** The MBean's line in header order; a node older than the read/write split gives no reads and writes. */
    private static String reorder(String line)
    {
        String[] f = line.split("\t", -1);
        List<String> out = new ArrayList<>(FIELD.length);
        for (int i : FIELD)
            out.add(i < f.length ? f[i] : "");
        return String.join("\t", out);
    }
}
