package io.hotzone.tools.load;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import io.hotzone.surfaces.HotZoneMXBean;
import io.hotzone.surfaces.PlanView;

/**
 * Boosts the profile's predicted hot partitions before the load writes them, through the plugin's JMX interface on one
 * node (as {@code nodetool-ext hotzone boost} does), and follows the zones until READY: their mirrors are filled by the
 * load's own writes, so the hot set is ready when the load ends instead of a copy later.
 */
final class Prewarm implements AutoCloseable
{
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final JMXConnector connector;
    private final HotZoneMXBean hotzone;

    private Prewarm(JMXConnector connector, HotZoneMXBean hotzone)
    {
        this.connector = connector;
        this.hotzone = hotzone;
    }

    /** Connects to the node's JMX port ({@code user} null: no JMX authentication), or fails within 30 s. */
    static Prewarm connect(String host, int port, String user, String password) throws IOException
    {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/jmxrmi");
        Map<String, Object> env = new HashMap<>();
        if (user != null)
            env.put(JMXConnector.CREDENTIALS, new String[] { user, password == null ? "" : password });
        ExecutorService connecting = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hotzone-jmx-connect");
            t.setDaemon(true);
            return t;
        });
        try
        {
            Future<JMXConnector> f = connecting.submit(() -> JMXConnectorFactory.connect(url, env));
            JMXConnector c = f.get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new Prewarm(c, JMX.newMXBeanProxy(c.getMBeanServerConnection(), new ObjectName(HotZoneMXBean.OBJECT_NAME), HotZoneMXBean.class));
        }
        catch (TimeoutException e)
        {
            throw new IOException("no JMX answer from " + host + ":" + port + " within " + CONNECT_TIMEOUT.toSeconds() + " s");
        }
        catch (ExecutionException e)
        {
            throw new IOException("cannot reach JMX at " + host + ":" + port + ": " + e.getCause().getMessage(), e.getCause());
        }
        catch (InterruptedException | MalformedObjectNameException e)
        {
            throw new IOException(e);
        }
        finally
        {
            connecting.shutdownNow();
        }
    }

    /** Boosts the keys (CQL literals) of the table until {@code until}; returns the zone id. */
    String boost(String table, List<String> keys, Instant until)
    {
        return hotzone.boost(table, keys, null, until.toEpochMilli());
    }

    /** Waits until the zone is READY; returns its last state (READY, or what it was when {@code timeout} passed). */
    String awaitReady(String zone, Duration timeout, PrintStream out) throws InterruptedException
    {
        int idColumn = PlanView.COLUMNS.indexOf("Zone"), stateColumn = PlanView.COLUMNS.indexOf("State");
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "?", shown = null;
        while (true)
        {
            for (String line : hotzone.plan())
            {
                String[] f = line.split("\t", -1);
                if (f.length > stateColumn && f[idColumn].equals(zone))
                    state = f[stateColumn];
            }
            if (!state.equals(shown))
                out.println("  zone " + zone + ": " + state);
            shown = state;
            if (state.startsWith("READY") || System.nanoTime() > deadline)
                return state;
            Thread.sleep(500);
        }
    }

    @Override
    public void close() throws IOException
    {
        connector.close();
    }
}
