package io.hotzone.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One version of the plan, as read: immutable. Version 0 is the empty plan before anything was ever planned. */
public final class Plan
{
    private final long version;
    private final List<Zone> zones;

    public static final Plan EMPTY = new Plan(0, List.of());

    public Plan(long version, List<Zone> zones)
    {
        zones = List.copyOf(zones);
        this.version = version;
        this.zones = zones;
    }

    public Optional<Zone> zone(String id)
    {
        return zones.stream().filter(z -> z.id().equals(id)).findFirst();
    }

    public long version()
    {
        return version;
    }

    public List<Zone> zones()
    {
        return zones;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof Plan))
            return false;
        Plan that = (Plan) o;
        return version == that.version && Objects.equals(zones, that.zones);
    }

    @Override
    public int hashCode()
    {
        int h = Long.hashCode(version);
        h = 31 * h + Objects.hashCode(zones);
        return h;
    }

    @Override
    public String toString()
    {
        return "Plan[version=" + version + ", zones=" + zones + "]";
    }
}
