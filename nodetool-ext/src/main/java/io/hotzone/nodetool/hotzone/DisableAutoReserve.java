package io.hotzone.nodetool.hotzone;

import io.airlift.airline.Command;

@Command(name = "disableautoreserve", description = "Stop reserving resources for zones on this node (until restart; manual reservations still work)")
public class DisableAutoReserve extends AutoReserveSwitch
{
    @Override
    boolean enabled()
    {
        return false;
    }
}
