package io.hotzone.resources;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.hotzone.server.Knob;
import io.hotzone.server.NodeCounters;
import io.hotzone.server.NodeResources;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationApplierTest
{
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    /** A node whose knobs are plain values; compaction throughput starts at 64, read concurrency at 32. */
    private static final class FakeNode implements NodeResources
    {
        final Map<Knob, Long> values = new EnumMap<>(Knob.class);
        final List<String> sets = new ArrayList<>();
        boolean refuseSets;

        FakeNode()
        {
            for (Knob k : Knob.values())
                values.put(k, 1L);
            values.put(Knob.COMPACTION_THROUGHPUT, 64L);
            values.put(Knob.READ_CONCURRENCY, 32L);
        }

        @Override public long current(Knob knob) { return values.get(knob); }
        @Override public long ceiling(Knob knob) { return knob == Knob.CONCURRENT_COMPACTORS ? 2 : knob.max(); }
        @Override public Optional<String> unavailable(Knob knob) { return knob == Knob.ROW_CACHE ? Optional.of("no row cache") : Optional.empty(); }
        @Override public void set(Knob knob, long value)
        {
            if (refuseSets)
                throw new IllegalStateException("cgroup gone");
            values.put(knob, value);
            sets.add(knob.key() + "=" + value);
        }
        @Override public NodeCounters counters() { return new NodeCounters(0, 0, 0, 0, 0, 0, 0, 0, 0); }
    }

    private final FakeNode node = new FakeNode();
    private List<Reservation> stored = new ArrayList<>();
    private boolean readable = true;
    private Instant now = T0;
    private final List<List<KnobState>> reports = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private Map<Knob, long[]> recorded = Map.of();
    private final ReservationApplier applier = new ReservationApplier("10.0.0.1", at -> {
        if (!readable)
            throw new IllegalStateException("no quorum");
        return stored;
    }, (states, at) -> reports.add(states), () -> {
        if (!readable)
            throw new IllegalStateException("no quorum");
        return recorded;
    }, node, Duration.ofSeconds(30), () -> now, (what, e) -> errors.add(what));

    private static Reservation reserve(Knob knob, long value)
    {
        return new Reservation("10.0.0.1", knob, value, T0.plusSeconds(600), Reservation.MANUAL, "test");
    }

    private KnobState state(Knob knob)
    {
        return applier.states().stream().filter(s -> s.knob() == knob).findFirst().orElseThrow();
    }

    @Test
    void appliesAReservationAndRestoresTheBaselineWhenItIsGone()
    {
        stored = List.of(reserve(Knob.COMPACTION_THROUGHPUT, 8));
        applier.poll();
        assertThat(node.values.get(Knob.COMPACTION_THROUGHPUT)).isEqualTo(8);
        assertThat(state(Knob.COMPACTION_THROUGHPUT).baseline()).isEqualTo(64);
        assertThat(state(Knob.COMPACTION_THROUGHPUT).applied()).isEqualTo(8);
        assertThat(reports).hasSize(1);

        applier.poll(); // unchanged: applied once, not reported again within the minute
        assertThat(node.sets).containsExactly("compaction_throughput=8");
        assertThat(reports).hasSize(1);

        stored = List.of();
        applier.poll();
        assertThat(node.values.get(Knob.COMPACTION_THROUGHPUT)).isEqualTo(64);
        assertThat(state(Knob.COMPACTION_THROUGHPUT).applied()).isNull();
        assertThat(state(Knob.COMPACTION_THROUGHPUT).status()).startsWith("restored");
        assertThat(reports).hasSize(2);
    }

    @Test
    void aNewValueKeepsTheFirstBaseline()
    {
        stored = List.of(reserve(Knob.READ_CONCURRENCY, 48));
        applier.poll();
        stored = List.of(reserve(Knob.READ_CONCURRENCY, 64));
        applier.poll();
        assertThat(node.values.get(Knob.READ_CONCURRENCY)).isEqualTo(64);
        stored = List.of();
        applier.poll();
        assertThat(node.values.get(Knob.READ_CONCURRENCY)).isEqualTo(32);
    }

    @Test
    void unreadableReservationsRestoreTheBaselineOnlyOnceStale()
    {
        stored = List.of(reserve(Knob.COMPACTION_THROUGHPUT, 8));
        applier.poll();
        readable = false;
        now = T0.plusSeconds(29);
        applier.poll();
        assertThat(node.values.get(Knob.COMPACTION_THROUGHPUT)).as("still within stale_after").isEqualTo(8);
        now = T0.plusSeconds(30);
        applier.poll();
        assertThat(node.values.get(Knob.COMPACTION_THROUGHPUT)).isEqualTo(64);
        assertThat(state(Knob.COMPACTION_THROUGHPUT).status()).contains("unreadable");
        assertThat(errors).hasSize(1);

        readable = true; // readable again: the reservation applies again
        applier.poll();
        assertThat(node.values.get(Knob.COMPACTION_THROUGHPUT)).isEqualTo(8);
    }

    @Test
    void refusesWhatTheNodeCannotTakeAndStillAppliesTheRest()
    {
        stored = List.of(reserve(Knob.CONCURRENT_COMPACTORS, 3), reserve(Knob.ROW_CACHE, 16), reserve(Knob.READ_CONCURRENCY, 40));
        applier.poll();
        assertThat(node.values.get(Knob.CONCURRENT_COMPACTORS)).isEqualTo(1);
        assertThat(node.values.get(Knob.ROW_CACHE)).isEqualTo(1);
        assertThat(node.values.get(Knob.READ_CONCURRENCY)).isEqualTo(40);
        assertThat(state(Knob.CONCURRENT_COMPACTORS).status()).isEqualTo("refused: concurrent_compactors must be at most 2 threads on this node, got 3");
        assertThat(state(Knob.ROW_CACHE).status()).isEqualTo("unavailable: no row cache");
        assertThat(node.sets).containsExactly("read_concurrency=40");
    }

    @Test
    void aRestoreTheNodeRefusesIsTriedAgainUntilItWorks()
    {
        stored = List.of(reserve(Knob.COMPACTION_THROUGHPUT, 8));
        applier.poll();
        stored = List.of();
        node.refuseSets = true;
        applier.poll();
        applier.poll();
        assertThat(state(Knob.COMPACTION_THROUGHPUT).baseline()).as("the baseline is kept").isEqualTo(64);
        assertThat(state(Knob.COMPACTION_THROUGHPUT).status()).startsWith("failed to restore 64");
        assertThat(errors).as("reported once, not every poll").hasSize(1);
        node.refuseSets = false;
        applier.poll();
        assertThat(node.values.get(Knob.COMPACTION_THROUGHPUT)).isEqualTo(64);
        assertThat(state(Knob.COMPACTION_THROUGHPUT).baseline()).isNull();
    }

    @Test
    void aSetTheNodeRefusesLeavesNoBaselineBehind()
    {
        node.refuseSets = true;
        stored = List.of(reserve(Knob.COMPACTION_THROUGHPUT, 8));
        applier.poll();
        assertThat(state(Knob.COMPACTION_THROUGHPUT).status()).startsWith("failed");
        node.refuseSets = false;
        node.values.put(Knob.COMPACTION_THROUGHPUT, 48L); // an operator's own change meanwhile
        applier.poll();
        stored = List.of();
        applier.poll();
        assertThat(node.values.get(Knob.COMPACTION_THROUGHPUT)).as("the value before the set that worked").isEqualTo(48);
    }

    @Test
    void aCgroupValueAppliedBeforeARestartIsRestoredOnceNothingWantsIt()
    {
        node.values.put(Knob.CPU_QUOTA, 1500L); // still in the cgroup after a kill -9
        recorded = Map.of(Knob.CPU_QUOTA, new long[]{ 1000, 1500 }, Knob.COMPACTION_THROUGHPUT, new long[]{ 64, 8 });
        readable = false; // the ring is still forming: nothing happens, nothing is reported
        stored = List.of(reserve(Knob.CPU_QUOTA, 1500));
        applier.poll();
        assertThat(errors).isEmpty();
        readable = true;
        stored = List.of();
        applier.poll();
        assertThat(node.values.get(Knob.CPU_QUOTA)).isEqualTo(1000);
        assertThat(node.sets).as("Cassandra's own knobs reset with the restart: left alone").containsExactly("cpu_quota=1000");
    }

    @Test
    void stoppingRestoresTheCgroupsKnobsOnly()
    {
        stored = List.of(reserve(Knob.CPU_QUOTA, 1500), reserve(Knob.READ_CONCURRENCY, 40));
        applier.poll();
        applier.restoreOsLevel();
        assertThat(node.values.get(Knob.CPU_QUOTA)).isEqualTo(1);
        assertThat(node.values.get(Knob.READ_CONCURRENCY)).isEqualTo(40);
    }
}
