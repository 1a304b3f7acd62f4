package io.hotzone.nodetool.hotzone;

import org.apache.cassandra.tools.NodeProbe;

/** Base of {@code disableautoboost} and {@code enableautoboost}: set the node's switch, print nothing (nodetool style). */
abstract class AutoBoostSwitch extends HotZoneCommand
{
    abstract boolean enabled();

    @Override
    protected void execute(NodeProbe probe)
    {
        installed(probe).setAutoBoost(enabled());
    }
}
