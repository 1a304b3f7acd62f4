package io.hotzone.nodetool.hotzone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;

@Command(name = "release", description = "Remove a knob's reservation on nodes (manual or for zones); each node returns to its own value at its next poll")
public class Release extends HotZoneCommand
{
    @Arguments(usage = "<knob>", description = "The knob")
    private List<String> args = new ArrayList<>();

    @Option(name = "--nodes", description = "Addresses of the nodes, comma-separated; default: every node of the ring")
    private String nodes = "";

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() != 1)
            throw new IllegalArgumentException("release takes one knob");
        List<String> had = installed(probe).release(nodes(nodes), args.get(0));
        probe.output().out.println(had.isEmpty() ? "No reservation of " + args.get(0) + " to release"
                                                 : "Released " + args.get(0) + " on " + String.join(", ", had));
    }

    static List<String> nodes(String list)
    {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }
}
