package io.hotzone.nodetool.hotzone;

import io.airlift.airline.Command;

import org.apache.cassandra.tools.NodeProbe;

@Command(name = "statusautoboost", description = "Whether this node adds zones from forecasts and anomalies when it leads")
public class StatusAutoBoost extends HotZoneCommand
{
    @Override
    protected void execute(NodeProbe probe)
    {
        // nodetool statusautocompaction-style wording
        probe.output().out.println(installed(probe).isAutoBoost() ? "running" : "not running");
    }
}
