package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;
import org.apache.cassandra.tools.nodetool.formatter.TableBuilder;

@Command(name = "moves", description = "Token moves requested of every node, newest first: state, tokens, bytes streamed, why")
public class Moves extends HotZoneCommand
{
    /** The columns of HotZoneMXBean.moves(). */
    static final List<String> COLUMNS = List.of("id", "node", "from_token", "to_token", "state", "requested_at", "started_at", "ended_at",
                                                "bytes_streamed", "reason", "note", "after", "revert_of");

    @Option(title = "format", name = { "-F", "--format" }, description = "Output format (json, yaml); default: a table")
    private String format = "";

    @Override
    protected void execute(NodeProbe probe)
    {
        Formats.check(format);
        List<String> lines = installed(probe).moves();
        PrintStream out = probe.output().out;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("moves", Formats.rows(COLUMNS, lines));
        if (Formats.print(format, data, out))
            return;
        if (lines.isEmpty())
        {
            out.println("No token moves");
            return;
        }
        TableBuilder table = new TableBuilder("  ");
        table.add("Id", "Node", "From token", "To token", "State", "Requested", "Ended", "Streamed MiB", "Reason / note");
        for (String line : lines)
        {
            String[] f = line.split("\t", -1);
            String why = f[10].isEmpty() ? f[9] : f[9] + " / " + f[10];
            table.add(f[0], f[1], f[2], f[3], f[4], f[5], f[7], String.format(java.util.Locale.ROOT, "%.1f", Long.parseLong(f[8]) / 1048576.0), why);
        }
        table.printTo(out);
    }
}
