package io.hotzone.nodetool.hotzone;

import io.airlift.airline.Command;

import org.apache.cassandra.tools.NodeProbe;

@Command(name = "statusautoreserve", description = "Whether this node reserves resources for zones when it leads")
public class StatusAutoReserve extends HotZoneCommand
{
    @Override
    protected void execute(NodeProbe probe)
    {
        probe.output().out.println(installed(probe).isAutoReserve() ? "running" : "not running");
    }
}
