package io.hotzone.surfaces;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.hotzone.PluginStatus;

/** Read side of {@link HotZoneMXBean}: a view over the plugin's current status. */
public final class HotZoneMBeanImpl implements HotZoneMXBean
{
    private final String version;
    private final String configSource;
    private final Supplier<PluginStatus> status;

    public HotZoneMBeanImpl(String version, String configSource, Supplier<PluginStatus> status)
    {
        this.version = version;
        this.configSource = configSource;
        this.status = status;
    }

    /** Registers in the platform MBean server, the one Cassandra's JMX port serves; replaces a stale instance. */
    public void register() throws JMException
    {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(OBJECT_NAME);
        if (server.isRegistered(name))
            server.unregisterMBean(name);
        server.registerMBean(this, name);
    }

    @Override
    public String getVersion()
    {
        return version;
    }

    @Override
    public String getState()
    {
        return status.get().state().name();
    }

    @Override
    public boolean isActive()
    {
        return status.get().active();
    }

    @Override
    public String getReason()
    {
        return status.get().reason();
    }

    @Override
    public String getLastError()
    {
        return status.get().lastError();
    }

    @Override
    public String getRole()
    {
        return status.get().role();
    }

    @Override
    public List<String> getFeatures()
    {
        return status.get().features();
    }

    @Override
    public String getConfigSource()
    {
        return configSource;
    }

    @Override
    public long getStateSince()
    {
        return status.get().since().getEpochSecond();
    }
}
