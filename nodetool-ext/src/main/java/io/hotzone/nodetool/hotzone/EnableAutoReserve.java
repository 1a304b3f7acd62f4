package io.hotzone.nodetool.hotzone;

import io.airlift.airline.Command;

@Command(name = "enableautoreserve", description = "Reserve resources for zones on this node when it leads (until restart; resources.auto is the default)")
public class EnableAutoReserve extends AutoReserveSwitch
{
    @Override
    boolean enabled()
    {
        return true;
    }
}
