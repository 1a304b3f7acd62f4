package io.hotzone.dtests;

import java.io.IOException;

import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import io.hotzone.dtests.cluster.Node;
import io.hotzone.surfaces.HotZoneMXBean;

/** A JMX proxy of the plugin's MBean on one node; close it to close the connection. */
final class HotZoneJmx implements AutoCloseable
{
    private final JMXConnector connector;
    final HotZoneMXBean bean;

    HotZoneJmx(Node node) throws IOException, MalformedObjectNameException
    {
        connector = node.jmx();
        bean = JMX.newMXBeanProxy(connector.getMBeanServerConnection(), new ObjectName(HotZoneMXBean.OBJECT_NAME), HotZoneMXBean.class);
    }

    @Override
    public void close() throws IOException
    {
        connector.close();
    }

    /** The root cause message of a failed MBean call, as nodetool-ext shows it. */
    static String rootMessage(Throwable t)
    {
        while (t.getCause() != null)
            t = t.getCause();
        return t.getMessage();
    }
}
