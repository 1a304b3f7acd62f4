package io.hotzone.dtests.cluster;

import java.time.Duration;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
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
        // NOT INSTALLED too: a restarted node's JMX answers a moment before the plugin registers its MBean.
        while (System.nanoTime() < deadline && (state.equals("STARTING") || state.equals("UNREACHABLE") || state.equals("NOT INSTALLED")))
        {
            Node.sleep(250);
            state = state(node);
        }
        return state;
    }

    /** Waits until the plugin settles on every node; fails naming the node's log unless it is ACTIVE everywhere. */
    public static void awaitActive(LocalCluster cluster, Duration limit)
    {
        for (Node n : cluster.members())
            if (!"ACTIVE".equals(awaitSettled(n, limit)))
                throw new IllegalStateException("the plugin is not ACTIVE on " + n + "; see " + n.systemLog());
    }

    /** One numeric JMX attribute of a node (a Dropwizard gauge's Value, a counter's or timer's Count). */
    public static long attribute(Node node, String mbean, String attribute)
    {
        try (JMXConnector jmx = node.jmx())
        {
            return ((Number) jmx.getMBeanServerConnection().getAttribute(new ObjectName(mbean), attribute)).longValue();
        }
        catch (Exception e)
        {
            throw new IllegalStateException("cannot read " + mbean + " " + attribute + " on " + node + ": " + e, e);
        }
    }

    /** The plugin's metric {@code org.apache.cassandra.metrics:type=HotZone,name=<name>}: a count's Count, a gauge's Value. */
    public static long metric(Node node, String name)
    {
        String mbean = "org.apache.cassandra.metrics:type=HotZone,name=" + name;
        try (JMXConnector jmx = node.jmx())
        {
            MBeanServerConnection connection = jmx.getMBeanServerConnection();
            ObjectName object = new ObjectName(mbean);
            try
            {
                return ((Number) connection.getAttribute(object, "Count")).longValue();
            }
            catch (javax.management.AttributeNotFoundException gauge)
            {
                return ((Number) connection.getAttribute(object, "Value")).longValue();
            }
        }
        catch (Exception e)
        {
            throw new IllegalStateException("cannot read " + mbean + " on " + node + ": " + e, e);
        }
    }

    /** Invokes an operation without arguments on a node's MBean (e.g. Cassandra's HintsService pauseDispatch). */
    public static void invoke(Node node, String mbean, String operation)
    {
        try (JMXConnector jmx = node.jmx())
        {
            jmx.getMBeanServerConnection().invoke(new ObjectName(mbean), operation, new Object[0], new String[0]);
        }
        catch (Exception e)
        {
            throw new IllegalStateException("cannot invoke " + mbean + " " + operation + " on " + node + ": " + e, e);
        }
    }

    /** How many endpoints this node holds undelivered hints for (Cassandra's HintsService). */
    public static int pendingHintTargets(Node node)
    {
        try (JMXConnector jmx = node.jmx())
        {
            Object pending = jmx.getMBeanServerConnection().getAttribute(new ObjectName("org.apache.cassandra.hints:type=HintsService"), "PendingHints");
            return pending instanceof java.util.Collection ? ((java.util.Collection<?>) pending).size() : 0;
        }
        catch (Exception e)
        {
            throw new IllegalStateException("cannot read the pending hints of " + node + ": " + e, e);
        }
    }

    /** The attribute on every node of the cluster, in node order. */
    public static long[] perNode(LocalCluster cluster, String mbean, String attribute)
    {
        return cluster.members().stream().mapToLong(n -> attribute(n, mbean, attribute)).toArray();
    }

    /** The plugin's gauge on every node of the cluster, in node order. */
    public static long[] metricPerNode(LocalCluster cluster, String name)
    {
        return cluster.members().stream().mapToLong(n -> metric(n, name)).toArray();
    }

    /** Every node polls the plan on its own: waits until each one acts on at least one READY zone. */
    public static void awaitZonesReady(LocalCluster cluster, Duration limit)
    {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Node n : cluster.members())
            while (metric(n, "ZonesReady") < 1)
            {
                if (System.nanoTime() > deadline)
                    throw new IllegalStateException(n + " never saw a zone READY within " + limit);
                Node.sleep(100);
            }
    }

    /** An operation on the plugin's MBean. */
    public interface BeanCall<T>
    {
        T apply(HotZoneMXBean hz) throws Exception;
    }

    /** Calls the plugin's MBean on a node over a fresh JMX connection. */
    public static <T> T call(Node node, BeanCall<T> call) throws Exception
    {
        try (JMXConnector jmx = node.jmx())
        {
            return call.apply(JMX.newMXBeanProxy(jmx.getMBeanServerConnection(), new ObjectName(HotZoneMXBean.OBJECT_NAME), HotZoneMXBean.class));
        }
    }

    /** Element-wise a - b (deltas of per-node counters). */
    public static long[] minus(long[] a, long[] b)
    {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++)
            out[i] = a[i] - b[i];
        return out;
    }
}
