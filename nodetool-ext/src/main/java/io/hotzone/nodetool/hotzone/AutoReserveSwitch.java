package io.hotzone.nodetool.hotzone;

import org.apache.cassandra.tools.NodeProbe;

/** Base of {@code disableautoreserve} and {@code enableautoreserve}: set the node's switch, print nothing (nodetool style). */
abstract class AutoReserveSwitch extends HotZoneCommand
{
    abstract boolean enabled();

    @Override
    protected void execute(NodeProbe probe)
    {
        installed(probe).setAutoReserve(enabled());
    }
}
