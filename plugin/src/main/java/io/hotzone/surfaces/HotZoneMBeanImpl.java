package io.hotzone.surfaces;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.hotzone.PluginStatus;
import io.hotzone.capture.TableRef;
import io.hotzone.history.TopQuery;

/** Read side of {@link HotZoneMXBean}: a view over the plugin's current status. */
public final class HotZoneMBeanImpl implements HotZoneMXBean
{
    private final String version;
    private final String configSource;
    private final Supplier<PluginStatus> status;
    private final Supplier<TopQuery> top;
    private final Predicate<TableRef> tableExists;

    /**
     * @param top         the history query, null while the plugin is not active
     * @param tableExists validates table names given by operators
     */
    public HotZoneMBeanImpl(String version, String configSource, Supplier<PluginStatus> status, Supplier<TopQuery> top,
                            Predicate<TableRef> tableExists)
    {
        this.version = version;
        this.configSource = configSource;
        this.status = status;
        this.top = top;
        this.tableExists = tableExists;
    }

    @Override
    public List<String> topPartitions(String table, long windowSeconds, int limit)
    {
        TopQuery query = top.get();
        if (query == null)
            throw new IllegalStateException("HotZone is " + getState() + " on this node: " + getReason());
        if (windowSeconds < 1 || windowSeconds > 366L * 86400)
            throw new IllegalArgumentException("window must be between 1s and 366d, got " + windowSeconds + "s");
        if (limit < 1 || limit > 100_000)
            throw new IllegalArgumentException("limit must be between 1 and 100000, got " + limit);
        Optional<TableRef> ref = Optional.empty();
        if (table != null && !table.isBlank())
        {
            ref = Optional.of(TableRef.parse(table.trim()));
            if (!tableExists.test(ref.get()))
                throw new IllegalArgumentException("unknown table " + table.trim());
        }
        long now = System.currentTimeMillis();
        return query.top(ref, now - windowSeconds * 1000, now + 1, limit).stream().map(TopQuery.Line::encode).toList();
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
