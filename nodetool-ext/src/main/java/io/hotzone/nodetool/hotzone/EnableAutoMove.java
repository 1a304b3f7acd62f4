package io.hotzone.nodetool.hotzone;

import io.airlift.airline.Command;

@Command(name = "enableautomove", description = "Request token moves for forecast write-hot ranges (and merge them back) on this node when it leads")
public class EnableAutoMove extends AutoMoveSwitch
{
    @Override
    boolean enabled()
    {
        return true;
    }
}
