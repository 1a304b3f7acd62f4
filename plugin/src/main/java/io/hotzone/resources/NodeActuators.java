package io.hotzone.resources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Supplier;

import io.hotzone.server.Knob;
import io.hotzone.server.NodeCounters;
import io.hotzone.server.NodeResources;

/**
 * The node's knobs in one place: Cassandra's settings through the adapter, CPU through the node's own cgroup. The
 * cgroup is looked up again after a few seconds: a process can be moved (systemd, a container runtime, an operator).
 */
public final class NodeActuators implements NodeResources
{
    private static final long CGROUP_RECHECK_NANOS = 5_000_000_000L;

    private final NodeResources cassandra;
    private final Supplier<CgroupCpu> lookup;
    private CgroupCpu cgroup;
    private long checkedAt;

    public NodeActuators(NodeResources cassandra, Supplier<CgroupCpu> lookup)
    {
        this.cassandra = cassandra;
        this.lookup = lookup;
    }

    private synchronized CgroupCpu cgroup()
    {
        long now = System.nanoTime();
        if (cgroup == null || now - checkedAt >= CGROUP_RECHECK_NANOS)
        {
            cgroup = lookup.get();
            checkedAt = now;
        }
        return cgroup;
    }

    @Override
    public long current(Knob knob)
    {
        if (!knob.osLevel())
            return cassandra.current(knob);
        try
        {
            return cgroup().current(knob);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long ceiling(Knob knob)
    {
        return knob.osLevel() ? cgroup().ceiling(knob) : cassandra.ceiling(knob);
    }

    @Override
    public Optional<String> unavailable(Knob knob)
    {
        return knob.osLevel() ? cgroup().unavailable() : cassandra.unavailable(knob);
    }

    @Override
    public void set(Knob knob, long value)
    {
        if (!knob.osLevel())
        {
            cassandra.set(knob, value);
            return;
        }
        try
        {
            cgroup().set(knob, value);
        }
        catch (IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public NodeCounters counters()
    {
        return cassandra.counters();
    }
}
