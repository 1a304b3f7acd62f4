package io.hotzone.nodetool.hotzone;

import io.airlift.airline.Command;

@Command(name = "enableautoboost", description = "Add zones from forecasts and anomalies again on this node")
public class EnableAutoBoost extends AutoBoostSwitch
{
    @Override
    boolean enabled()
    {
        return true;
    }
}
