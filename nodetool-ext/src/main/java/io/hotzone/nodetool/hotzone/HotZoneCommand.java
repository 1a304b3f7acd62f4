package io.hotzone.nodetool.hotzone;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.apache.cassandra.tools.NodeProbe;
import org.apache.cassandra.tools.NodeTool.NodeToolCmd;

import io.hotzone.surfaces.HotZoneMXBean;

/** Base of the {@code hotzone} commands: the stock connection options, plus access to the plugin's MBean. */
public abstract class HotZoneCommand extends NodeToolCmd
{
    static final ObjectName NAME = objectName();

    private static ObjectName objectName()
    {
        try
        {
            return new ObjectName(HotZoneMXBean.OBJECT_NAME);
        }
        catch (MalformedObjectNameException e)
        {
            throw new AssertionError(e);
        }
    }

    /** The plugin's MBean on the node, or null when the plugin is not installed there. */
    static HotZoneMXBean hotZone(NodeProbe probe)
    {
        MBeanServerConnection connection = probe.getMbeanServerConn();
        try
        {
            if (!connection.isRegistered(NAME))
                return null;
        }
        catch (java.io.IOException e)
        {
            throw new RuntimeException("JMX connection failed: " + e.getMessage(), e);
        }
        return JMX.newMXBeanProxy(connection, NAME, HotZoneMXBean.class);
    }

    /** The plugin's MBean on the node; fails with a clear message when the plugin is not installed there. */
    static HotZoneMXBean installed(NodeProbe probe)
    {
        HotZoneMXBean hz = hotZone(probe);
        if (hz == null)
            throw new IllegalStateException("the HotZone plugin is not installed on " + probe.getEndpoint());
        return hz;
    }
}
