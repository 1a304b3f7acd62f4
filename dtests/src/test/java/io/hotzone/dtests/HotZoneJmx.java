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

    /** The plan as the node reads it: one array per zone, fields as in {@code PlanView.COLUMNS}. */
    static java.util.List<String[]> planZones(Node node) throws Exception
    {
        try (HotZoneJmx jmx = new HotZoneJmx(node))
        {
            return jmx.bean.plan().stream().map(l -> l.split("\t", -1)).filter(f -> f.length > 5).toList();
        }
    }

    /** The root cause message of a failed MBean call, as nodetool-ext shows it. */
    static String rootMessage(Throwable t)
    {
        while (t.getCause() != null)
            t = t.getCause();
        return t.getMessage();
    }
}
