package io.hotzone.nodetool.hotzone;

import java.util.ArrayList;
import java.util.List;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;

import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "grow", description = "Copy a READY sized zone onto more mirror replicas; its current ones keep serving until the copy is complete")
public class Grow extends HotZoneCommand
{
    @Arguments(usage = "<zone id>", description = "A zone id (see plan show)")
    private List<String> args = new ArrayList<>();

    @Option(name = "--mirror-replicas", description = "Mirror replicas per data center, more than the zone has (0: every mirror replica)", required = true)
    private int mirrorReplicas = -1;

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() != 1)
            throw new IllegalArgumentException("grow takes one zone id");
        if (mirrorReplicas < 0)
            throw new IllegalArgumentException("--mirror-replicas must be 0 (every mirror replica) or more, got " + mirrorReplicas);
        HotZoneMXBean hz = installed(probe);
        hz.grow(args.get(0).trim(), mirrorReplicas);
        probe.output().out.println("Zone " + args.get(0).trim() + " copies a new round onto " + (mirrorReplicas == 0 ? "every mirror replica" : mirrorReplicas + " mirror replicas per DC")
                                   + "; `nodetool-ext hotzone plan` follows it");
    }
}
