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
        return allocator(hot, null, () -> Plan.EMPTY, () -> START);
    }

    private static ReservationAllocator allocator(Map<Knob, Long> hot, ForecastReservations store, java.util.function.Supplier<Plan> plan,
                                                  java.util.function.Supplier<Instant> clock)
    {
        return allocator(hot, 0, Map.of(), store, plan, clock);
    }

    private static ReservationAllocator allocator(Map<Knob, Long> hot, double cpuShift, Map<String, Long> cpuQuotas, ForecastReservations store,
                                                  java.util.function.Supplier<Plan> plan, java.util.function.Supplier<Instant> clock)
    {
        ResourceSettings s = new ResourceSettings(true, Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofSeconds(5), Duration.ofSeconds(30), true,
                                                  Duration.ofMinutes(5), Duration.ofMinutes(2), hot, false, Duration.ofMinutes(1), cpuShift);
        return allocator(s, store, plan, cpuQuotas, (from, to) -> Map.of(), clock);
    }

    private static ReservationAllocator allocator(ResourceSettings s, ForecastReservations store, java.util.function.Supplier<Plan> plan,
                                                  Map<String, Long> cpuQuotas, java.util.function.BiFunction<Instant, Instant, Map<String, Double>> load,
                                                  java.util.function.Supplier<Instant> clock)
    {
        Map<String, long[]> withCeilings = new java.util.TreeMap<>();
        cpuQuotas.forEach((node, q) -> withCeilings.put(node, new long[]{ q, 2000 }));
        return new ReservationAllocator("10.0.0.9", store, s, plan, z -> Set.of("10.0.0.1", "10.0.0.2"), () -> withCeilings, load, clock,
                                        (w, e) -> { throw new AssertionError(w, e); });
    }

    /** No hot values; every node pools half its CPU quota. */
    private static ResourceSettings halfShift()
    {
        return new ResourceSettings(true, Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofSeconds(5), Duration.ofSeconds(30), true,
                                    Duration.ofMinutes(5), Duration.ofMinutes(2), Map.of(), false, Duration.ofMinutes(1), 0.5);
    }

    /** The table as the allocator sees it; forecast writes honour the condition the real store puts on them. */
    private static final class FakeTable implements ForecastReservations
    {
        final Map<String, Reservation> rows = new java.util.TreeMap<>();
        int writes;

        @Override
        public List<Reservation> all(Instant now)
        {
            return rows.values().stream().filter(r -> r.expires().isAfter(now)).collect(java.util.stream.Collectors.toList());
        }

        @Override
        public boolean putForecast(Reservation r, Reservation old, String by, Instant now)
        {
            Reservation there = rows.get(r.node() + r.knob());
            if (there != null && !Reservation.FORECAST.equals(there.origin()))
                return false;
            rows.put(r.node() + r.knob(), r);
            writes++;
            return true;
        }

        @Override
        public void removeForecast(Reservation r)
        {
            rows.computeIfPresent(r.node() + r.knob(), (k, there) -> Reservation.FORECAST.equals(there.origin()) ? null : there);
        }
    }

    @Test
    void roundsRenewAtHalfTheTtlLeaveOperatorsAloneAndEndWithTheWindow()
    {
        FakeTable table = new FakeTable();
        Instant[] now = { START.minusSeconds(60) };
        Plan[] plan = { new Plan(1, List.of(zone("z1", ZoneState.READY, false))) };
        ReservationAllocator a = allocator(Map.of(Knob.COMPACTION_THROUGHPUT, 8L, Knob.READ_CONCURRENCY, 64L), table, () -> plan[0], () -> now[0]);
        table.rows.put("10.0.0.2" + Knob.READ_CONCURRENCY, new Reservation("10.0.0.2", Knob.READ_CONCURRENCY, 32, START.plusSeconds(7200), Reservation.MANUAL, "ops"));
        a.allocate();
        assertThat(table.writes).as("nothing while not leading").isZero();
        a.leading(true);
        a.allocate();
        assertThat(table.writes).isEqualTo(3);
        assertThat(table.rows.get("10.0.0.2" + Knob.READ_CONCURRENCY).origin()).as("the operator's reservation").isEqualTo(Reservation.MANUAL);
        assertThat(table.rows.get("10.0.0.1" + Knob.COMPACTION_THROUGHPUT).expires()).isEqualTo(now[0].plusSeconds(120));

        now[0] = now[0].plusSeconds(59);
        a.allocate();
        assertThat(table.writes).as("more than half the TTL left: no renewal").isEqualTo(3);
        now[0] = now[0].plusSeconds(2);
        a.allocate();
        assertThat(table.writes).as("renewed").isEqualTo(6);

        a.setAuto(false);
        now[0] = now[0].plusSeconds(1);
        plan[0] = new Plan(2, List.of()); // the zone was unboosted
        a.allocate();
        assertThat(table.rows).as("switched off: nothing removed, the rows end by their TTL").hasSize(4);
        a.setAuto(true);
        a.allocate();
        assertThat(table.rows.values()).as("no zone wants them: forecast rows removed before their TTL").extracting(Reservation::origin)
                                       .containsExactly(Reservation.MANUAL);
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
        FakeTable table = new FakeTable();
        ReservationAllocator a = allocator(Map.of(), table, () -> new Plan(1, List.of(zone("z3", ZoneState.READY, false))), () -> START);
        a.leading(true);
        a.allocate();
        assertThat(table.rows).as("no hot values, no CPU shift").isEmpty();
    }

    @Test
    void withACpuShiftAndNoForecastTheNodesServingNoZoneLendPartOfTheirQuotaForTheWindowOnly()
    {
        FakeTable table = new FakeTable();
        Instant[] now = { START.minusSeconds(60) };
        Plan[] plan = { new Plan(1, List.of(zone("z1", ZoneState.READY, false))) };
        // 10.0.0.1 and .2 serve the zone; .3 and .4 do not; .4's quota is an operator's and stays out of the budget
        Map<String, Long> quotas = Map.of("10.0.0.1", 200L, "10.0.0.2", 200L, "10.0.0.3", 200L, "10.0.0.4", 200L);
        table.rows.put("10.0.0.4" + Knob.CPU_QUOTA, new Reservation("10.0.0.4", Knob.CPU_QUOTA, 150, START.plusSeconds(7200), Reservation.MANUAL, "ops"));
        ReservationAllocator a = allocator(Map.of(), 0.5, quotas, table, () -> plan[0], () -> now[0]);
        a.leading(true);
        a.allocate();
        assertThat(table.rows.get("10.0.0.3" + Knob.CPU_QUOTA).value()).isEqualTo(100);
        assertThat(table.rows.get("10.0.0.3" + Knob.CPU_QUOTA).reason()).isEqualTo("cpu budget: lent to zones z1");
        assertThat(table.rows.get("10.0.0.1" + Knob.CPU_QUOTA).value()).isEqualTo(250);
        assertThat(table.rows.get("10.0.0.2" + Knob.CPU_QUOTA).value()).isEqualTo(250);
        assertThat(table.rows.get("10.0.0.1" + Knob.CPU_QUOTA).reason()).isEqualTo("cpu budget: zones z1");
        assertThat(table.rows.get("10.0.0.4" + Knob.CPU_QUOTA).value()).as("the operator's").isEqualTo(150);
        int writes = table.writes;
        now[0] = now[0].plusSeconds(10);
        a.allocate();
        assertThat(table.writes).as("the same split is not written again before half the TTL").isEqualTo(writes);
        plan[0] = new Plan(2, List.of()); // the zone ended
        a.allocate();
        assertThat(table.rows.values()).as("every node back to its own quota").extracting(Reservation::origin).containsExactly(Reservation.MANUAL);
    }

    @Test
    void withAForecastTheQuotaFollowsEachNodesPredictedZoneLoad()
    {
        FakeTable table = new FakeTable();
        ResourceSettings s = halfShift();
        Map<String, Long> quotas = Map.of("10.0.0.1", 200L, "10.0.0.2", 200L, "10.0.0.3", 200L);
        Instant[] asked = new Instant[2];
        ReservationAllocator a = allocator(s, table, () -> new Plan(1, List.of(zone("z1", ZoneState.READY, false))), quotas, (from, to) -> {
            asked[0] = from;
            asked[1] = to;
            // .3 serves another zone with a small forecast
            return Map.of("10.0.0.1", 900.0, "10.0.0.2", 900.0, "10.0.0.3", 200.0);
        }, () -> START);
        a.leading(true);
        a.allocate();
        assertThat(asked).as("the load over the coming lead").containsExactly(START, START.plus(Duration.ofMinutes(5)));
        assertThat(table.rows.get("10.0.0.1" + Knob.CPU_QUOTA).value()).isEqualTo(100 + 300 * 900 / 2000);
        assertThat(table.rows.get("10.0.0.2" + Knob.CPU_QUOTA).value()).isEqualTo(100 + 300 * 900 / 2000);
        assertThat(table.rows.get("10.0.0.3" + Knob.CPU_QUOTA).value()).isEqualTo(100 + 300 * 200 / 2000);
        assertThat(table.rows.get("10.0.0.3" + Knob.CPU_QUOTA).reason()).isEqualTo("cpu budget: lent to zones z1");
    }

    @Test
    void theNodesOfAZoneWithoutAForecastNeverLend()
    {
        FakeTable table = new FakeTable();
        ResourceSettings s = halfShift();
        Map<String, Long> quotas = Map.of("10.0.0.1", 200L, "10.0.0.2", 200L, "10.0.0.3", 200L);
        // .1 and .2 serve the zone (the fake placement), which has no forecast; .3 carries another zone's forecast load
        ReservationAllocator a = allocator(s, table, () -> new Plan(1, List.of(zone("z1", ZoneState.READY, false))), quotas,
                                           (from, to) -> Map.of("10.0.0.3", 500.0), () -> START);
        a.leading(true);
        a.allocate();
        assertThat(table.rows).as("nobody may lend: .1 and .2 serve an unforecast zone, .3 is the only loaded node and lends to itself").isEmpty();
    }
}
