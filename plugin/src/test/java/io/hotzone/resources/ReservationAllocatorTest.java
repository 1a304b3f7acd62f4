package io.hotzone.resources;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.config.ResourceSettings;
import io.hotzone.plan.Plan;
import io.hotzone.plan.Zone;
import io.hotzone.plan.ZoneState;
import io.hotzone.server.Knob;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationAllocatorTest
{
    private static final Instant START = Instant.parse("2026-12-06T12:00:00Z");
    private static final TableRef T = new TableRef("shop", "products");

    private static Zone zone(String id, ZoneState state, boolean dryRun)
    {
        return new Zone(id, T, null, List.of("'p1'"), null, START, START.plusSeconds(3600), 0.9, Zone.FORECAST, "event", state, 0, Zone.NEVER, dryRun, "", START);
    }

    private static ReservationAllocator allocator(Map<Knob, Long> hot)
    {
        ResourceSettings s = new ResourceSettings(true, Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofSeconds(5), Duration.ofSeconds(30), true,
                                                  Duration.ofMinutes(5), Duration.ofMinutes(2), hot, false, Duration.ofMinutes(1));
        return new ReservationAllocator("10.0.0.1", null, s, () -> Plan.EMPTY, z -> Set.of("10.0.0.1", "10.0.0.2"), () -> START, (w, e) -> { });
    }

    @Test
    void aZoneGetsItsNodesFromLeadBeforeItsStartUntilItsEnd()
    {
        ReservationAllocator a = allocator(Map.of(Knob.COMPACTION_THROUGHPUT, 8L));
        Plan plan = new Plan(1, List.of(zone("z1", ZoneState.WARMING, false)));
        assertThat(a.wanted(plan, START.minusSeconds(301))).isEmpty();
        assertThat(a.wanted(plan, START.minusSeconds(300))).isEqualTo(Map.of("10.0.0.1", Set.of("z1"), "10.0.0.2", Set.of("z1")));
        assertThat(a.wanted(plan, START.plusSeconds(3599))).containsOnlyKeys("10.0.0.1", "10.0.0.2");
        assertThat(a.wanted(plan, START.plusSeconds(3600))).as("the window has ended").isEmpty();
    }

    @Test
    void dryRunLeavingZonesAndNoHotValuesReserveNothing()
    {
        Plan plan = new Plan(1, List.of(zone("z1", ZoneState.READY, true), zone("z2", ZoneState.DRAINING, false)));
        assertThat(allocator(Map.of(Knob.COMPACTION_THROUGHPUT, 8L)).wanted(plan, START)).isEmpty();
        assertThat(allocator(Map.of()).wanted(new Plan(1, List.of(zone("z3", ZoneState.READY, false))), START)).isEmpty();
    }
}
