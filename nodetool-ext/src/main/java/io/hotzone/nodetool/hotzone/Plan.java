package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;

import org.apache.cassandra.tools.NodeProbe;
import org.apache.cassandra.tools.nodetool.formatter.TableBuilder;

import io.hotzone.surfaces.HotZoneMXBean;
import io.hotzone.surfaces.PlanView;

@Command(name = "plan", description = "The current plan: every zone with its state, copy progress, bytes copied and window")
public class Plan extends HotZoneCommand
{
    @Arguments(usage = "[show]", description = "show (the default)")
    private List<String> args = new ArrayList<>();

    @Override
    protected void execute(NodeProbe probe)
    {
        if (!(args.isEmpty() || args.equals(List.of("show"))))
            throw new IllegalArgumentException("plan takes only 'show'");
        HotZoneMXBean hz = installed(probe);
        List<String> lines = hz.plan();
        PrintStream out = probe.output().out;
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
    }
}
