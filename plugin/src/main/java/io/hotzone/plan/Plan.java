package io.hotzone.plan;

import java.util.List;
import java.util.Optional;

/** One version of the plan, as read: immutable. Version 0 is the empty plan before anything was ever planned. */
public record Plan(long version, List<Zone> zones)
{
    public static final Plan EMPTY = new Plan(0, List.of());

    public Plan
    {
        zones = List.copyOf(zones);
    }

    public Optional<Zone> zone(String id)
    {
        return zones.stream().filter(z -> z.id().equals(id)).findFirst();
    }
}
