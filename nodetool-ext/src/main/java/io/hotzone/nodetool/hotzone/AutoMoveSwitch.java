package io.hotzone.nodetool.hotzone;

import org.apache.cassandra.tools.NodeProbe;

/** Base of {@code disableautomove} and {@code enableautomove}: set the node's switch, print nothing (nodetool style). */
abstract class AutoMoveSwitch extends HotZoneCommand
{
    abstract boolean enabled();

    @Override
    protected void execute(NodeProbe probe)
    {
        installed(probe).setAutoMove(enabled());
    }
}
