package io.hotzone.dtests.cluster;

import java.time.Duration;

import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import io.hotzone.surfaces.HotZoneMXBean;

/** Reads the plugin's state on a node over JMX, the way an operator's tooling would. */
public final class PluginJmx
{
    private PluginJmx()
    {
    }

    /** STARTING, ACTIVE, PASSIVE, DISABLED; or NOT INSTALLED, UNREACHABLE, DOWN when it cannot be read. */
    public static String state(Node node)
    {
        if (!node.isRunning())
            return "DOWN";
        try (JMXConnector jmx = node.jmx())
        {
            ObjectName name = new ObjectName(HotZoneMXBean.OBJECT_NAME);
            if (!jmx.getMBeanServerConnection().isRegistered(name))
                return "NOT INSTALLED";
            return JMX.newMXBeanProxy(jmx.getMBeanServerConnection(), name, HotZoneMXBean.class).getState();
        }
        catch (Exception e)
        {
            return "UNREACHABLE";
        }
    }

    /** Waits while the plugin is starting (or not yet reachable); returns the state it settled in. */
    public static String awaitSettled(Node node, Duration limit)
    {
        long deadline = System.nanoTime() + limit.toNanos();
        String state = state(node);
        while (System.nanoTime() < deadline && (state.equals("STARTING") || state.equals("UNREACHABLE")))
        {
            Node.sleep(250);
            state = state(node);
        }
        return state;
    }
}
