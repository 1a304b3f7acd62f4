package io.hotzone.nodetool.hotzone;

import io.airlift.airline.Command;

@Command(name = "disableautoboost", description = "Stop adding zones from forecasts and anomalies on this node (until restart; manual boosts still work)")
public class DisableAutoBoost extends AutoBoostSwitch
{
    @Override
    boolean enabled()
    {
        return false;
    }
}
