package io.hotzone.nodetool.hotzone;

import io.airlift.airline.Command;

import org.apache.cassandra.tools.NodeProbe;

@Command(name = "statusautomove", description = "Whether this node requests token moves for forecast write-hot ranges when it leads")
public class StatusAutoMove extends HotZoneCommand
{
    @Override
    protected void execute(NodeProbe probe)
    {
        probe.output().out.println(installed(probe).isAutoMove() ? "running" : "not running");
    }
}
