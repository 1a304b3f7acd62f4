package io.hotzone.resources;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hotzone.server.Knob;

import static org.assertj.core.api.Assertions.assertThat;

class CpuBudgetTest
{
    private static long total(Map<String, Long> quotas)
    {
        return quotas.values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void theQuotaMovesTowardThePredictedLoad()
    {
        Map<String, Long> quotas = Map.of("a", 200L, "b", 200L, "c", 200L, "d", 200L);
        // the spike's zone loads a, b, c; d serves only a small zone
        Map<String, Long> split = CpuBudget.split(quotas, Map.of(), Set.of(), Map.of("a", 500.0, "b", 500.0, "c", 500.0, "d", 100.0), 0.5);
        assertThat(split.get("a")).isEqualTo(100 + 400 * 500 / 1600);
        assertThat(split.get("d")).isEqualTo(100 + 400 * 100 / 1600);
        assertThat(split.get("d")).isLessThan(200L);
        assertThat(total(split)).as("the budget is fixed").isEqualTo(total(quotas));
        // a node no zone loads keeps 1 - shift of its quota
        assertThat(CpuBudget.split(quotas, Map.of(), Set.of(), Map.of("a", 1.0, "b", 1.0, "c", 1.0), 0.5).get("d")).isEqualTo(100L);
    }

    @Test
    void theTotalHoldsToTheMillicoreWhateverTheRounding()
    {
        Map<String, Long> quotas = Map.of("a", 333L, "b", 333L, "c", 334L, "d", 1001L, "e", 777L);
        Map<String, Double> load = Map.of("a", 3.0, "b", 7.0, "c", 11.0, "e", 0.5);
        for (double shift : new double[]{ 0.1, 0.33, 0.5, 0.75, 0.9 })
        {
            Map<String, Long> split = new java.util.HashMap<>(quotas);
            split.putAll(CpuBudget.split(quotas, Map.of(), Set.of(), load, shift));
            assertThat(total(split)).as("shift %s", shift).isEqualTo(total(quotas));
            assertThat(split.get("d")).isLessThan(1001L);
            assertThat(split.get("c")).isGreaterThan(334L);
            assertThat(split.values()).allMatch(q -> q >= Knob.MIN_CPU_QUOTA);
        }
    }

    @Test
    void noNodeGoesBelowTheLowestQuotaHotZoneSets()
    {
        Map<String, Long> quotas = Map.of("a", 200L, "b", 150L, "c", 90L);
        Map<String, Long> split = new java.util.HashMap<>(quotas);
        split.putAll(CpuBudget.split(quotas, Map.of(), Set.of(), Map.of("a", 1.0), 0.9));
        assertThat(split.get("b")).isEqualTo(Knob.MIN_CPU_QUOTA);
        assertThat(split.get("c")).as("already below the floor: keeps what it has").isEqualTo(90L);
        assertThat(split.get("a")).isEqualTo(250L);
    }

    @Test
    void nothingMovesWithoutLoadOrWhenTheLoadIsEven()
    {
        Map<String, Long> quotas = Map.of("a", 200L, "b", 200L);
        assertThat(CpuBudget.split(quotas, Map.of(), Set.of(), Map.of("a", 5.0, "b", 5.0), 0.5)).as("every node serves the zone alike (mirrors everywhere)").isEmpty();
        assertThat(CpuBudget.split(quotas, Map.of(), Set.of(), Map.of(), 0.5)).isEmpty();
        assertThat(CpuBudget.split(quotas, Map.of(), Set.of(), Map.of("x", 9.0), 0.5)).as("the loaded node's quota cannot be set").isEmpty();
        assertThat(CpuBudget.split(quotas, Map.of(), Set.of(), Map.of("a", 1.0), 0)).isEmpty();
    }

    private static Map<String, Object> state(String node, String knob, Long baseline, long current, String status, java.time.Instant updated)
    {
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("node", node);
        row.put("knob", knob);
        row.put("baseline", baseline);
        row.put("current", current);
        row.put("status", status);
        row.put("updated_at", java.util.Date.from(updated));
        return row;
    }

    @Test
    void theBudgetIsWhatTheNodesReportedTheirOwnQuotasToBe()
    {
        java.time.Instant now = java.time.Instant.parse("2026-12-06T12:00:00Z");
        java.time.Duration fresh = ReservationApplier.REPORT_EVERY.multipliedBy(3);
        java.util.List<Map<String, Object>> rows = java.util.List.of(
            state("a", "cpu_quota", null, 200, "", now.minusSeconds(50)), // reported 50 s ago: nodes report once a minute when nothing changes
            state("b", "cpu_quota", 200L, 350, "reserved (forecast) until ...", now.minusSeconds(1)), // its own quota is the baseline it keeps
            state("c", "cpu_quota", null, 200, "unavailable: the node runs in the root cgroup", now),
            state("d", "cpu_quota", null, 0, "", now), // no quota: unlimited, no part of a fixed budget
            state("e", "cpu_quota", null, 200, "", now.minus(fresh).minusSeconds(1)), // gone
            state("f", "read_concurrency", null, 32, "", now));
        Map<String, long[]> quotas = ReservationStore.cpuQuotas(rows, now, fresh);
        assertThat(quotas).containsOnlyKeys("a", "b");
        assertThat(quotas.get("a")).containsExactly(200, Long.MAX_VALUE); // no ceiling reported
        assertThat(quotas.get("b")[0]).isEqualTo(200);
    }

    @Test
    void noNodeGoesAboveItsCeilingAndWhatItCannotTakeGoesToTheOthers()
    {
        Map<String, Long> quotas = Map.of("a", 1900L, "b", 200L, "c", 400L);
        Map<String, Long> split = new java.util.HashMap<>(quotas);
        split.putAll(CpuBudget.split(quotas, Map.of("a", 2000L, "b", 2000L, "c", 2000L), Set.of(), Map.of("a", 10.0, "b", 1.0), 0.5));
        assertThat(split.get("a")).as("capped at its host's cores").isEqualTo(2000L);
        assertThat(total(split)).isEqualTo(total(quotas));
        assertThat(split.get("b")).isGreaterThan(100L);
    }

    @Test
    void aNodeThatMustNotLendKeepsItsQuota()
    {
        Map<String, Long> quotas = Map.of("a", 200L, "b", 200L, "c", 200L);
        Map<String, Long> split = new java.util.HashMap<>(quotas);
        split.putAll(CpuBudget.split(quotas, Map.of(), Set.of("c"), Map.of("a", 1.0), 0.5));
        assertThat(split.get("c")).isEqualTo(200L);
        assertThat(split.get("b")).isEqualTo(100L);
        assertThat(split.get("a")).isEqualTo(300L);
    }

    @Test
    void randomBudgetsKeepTheirTotalAndEveryBound()
    {
        java.util.Random random = new java.util.Random(42);
        for (int run = 0; run < 5000; run++)
        {
            int nodes = 2 + random.nextInt(8);
            Map<String, Long> quotas = new java.util.TreeMap<>(), ceilings = new java.util.TreeMap<>();
            Map<String, Double> load = new java.util.TreeMap<>();
            Set<String> keep = new java.util.TreeSet<>();
            for (int i = 0; i < nodes; i++)
            {
                String n = "n" + i;
                long q = Knob.MIN_CPU_QUOTA + random.nextInt(1900);
                quotas.put(n, q);
                ceilings.put(n, q + random.nextInt(3) * random.nextInt(1000));
                if (random.nextInt(3) > 0)
                    load.put(n, random.nextDouble() * 1000);
                if (random.nextInt(5) == 0)
                    keep.add(n);
            }
            Map<String, Long> split = new java.util.TreeMap<>(quotas);
            split.putAll(CpuBudget.split(quotas, ceilings, keep, load, 0.05 + random.nextDouble() * 0.85));
            assertThat(total(split)).as("run %d", run).isEqualTo(total(quotas));
            for (Map.Entry<String, Long> e : split.entrySet())
            {
                assertThat(e.getValue()).as("run %d %s", run, e.getKey()).isBetween(keep.contains(e.getKey()) ? quotas.get(e.getKey()) : Knob.MIN_CPU_QUOTA,
                                                                                  ceilings.get(e.getKey()));
            }
        }
    }
}
