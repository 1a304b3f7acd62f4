package io.hotzone.nodetool.hotzone;

import io.airlift.airline.Command;

@Command(name = "disableautomove", description = "Stop requesting token moves from forecasts on this node (manual moves still work)")
public class DisableAutoMove extends AutoMoveSwitch
{
    @Override
    boolean enabled()
    {
        return false;
    }
}
