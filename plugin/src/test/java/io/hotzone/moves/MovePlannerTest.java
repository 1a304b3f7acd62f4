package io.hotzone.moves;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MovePlannerTest
{
    private static final int SUB = 256;

    /** n nodes evenly spaced: node i ("n1".."nN") at position (i + 0.5) / n. */
    private static RingLayout even(int n)
    {
        Map<String, Long> tokens = new LinkedHashMap<>();
        for (int i = 0; i < n; i++)
            tokens.put("n" + (i + 1), tokenAt((i + 0.5) / n));
        return new RingLayout(tokens);
    }

    private static long tokenAt(double position)
    {
        return ((long) (position * 0x1.0p63) << 1) ^ Long.MIN_VALUE;
    }

    private static long[] uniform(long each)
    {
        long[] c = new long[SUB];
        java.util.Arrays.fill(c, each);
        return c;
    }

    @Test
    void uniformLoadSpreadsEvenlyAndNeedsNoMove()
    {
        RingLayout ring = even(4);
        RangeLoad load = new RangeLoad(uniform(10), uniform(5), 2);
        for (double l : load.perNode(ring))
            assertThat(l).isCloseTo(SUB * 10 / 4.0 + SUB * 5 * 2 / 4.0, within(1e-6)); // reads / rf, writes on both replicas
        MovePlan plan = new MovePlanner(4, 0.1).plan(ring, List.of(load));
        assertThat(plan.moves()).isEmpty();
        assertThat(plan.reason()).contains("under the 10 %");
    }

    @Test
    void aHotWriteRangeIsSplitOverMoreReplicaSetsThanRfByMovingNeighbours()
    {
        RingLayout ring = even(4);
        long[] writes = uniform(1);
        for (int i = 70; i < 90; i++) // inside n2's primary range (0.125, 0.375]
            writes[i] = 1000;
        RangeLoad load = new RangeLoad(uniform(0), writes, 2);
        double[] before = load.perNode(ring);
        assertThat(before[1]).isCloseTo(before[2], within(1e-6)); // n2 and n3 hold the range: every write lands on both
        MovePlan plan = new MovePlanner(4, 0.1).plan(ring, List.of(load));

        // With RF 2, two primaries share a node; only three or more take every node below 100 % of the range's writes.
        assertThat(plan.moves()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(plan.moves().stream().map(Move::node).distinct().count()).as("a node moves once per plan").isEqualTo(plan.moves().size());
        assertThat(plan.maxAfter()).isLessThan(plan.maxBefore() * 0.75);
        RingLayout after = ring;
        for (Move m : plan.moves())
        {
            int j = after.indexOf(m.node());
            assertThat(m.from()).isEqualTo(after.token(j));
            assertThat(MovePlanner.strictlyBetween(after.token(j - 1), after.token(j + 1), m.to())).as("stays between its neighbours: %s", m).isTrue();
            after = after.moved(m.node(), m.to());
        }
        assertThat(load.byNode(after)).isEqualTo(plan.after());
        assertThat(plan.received()).isNotEmpty();
        assertThat(plan.received().values()).allSatisfy(f -> assertThat(f).isBetween(0.0, 1.0));
        assertThat(plan.reason()).contains("drops by");
    }

    @Test
    void nearlyTiedHotReplicasStillGetTheSplit()
    {
        // The two replicas of the hot range differ a little (reads on the next range): the first move, which evens the
        // load without lowering the maximum by 1 %, must still be taken for the second to relieve the busiest node.
        RingLayout ring = even(4);
        long[] writes = uniform(1), reads = uniform(0);
        for (int i = 70; i < 90; i++)
            writes[i] = 1000;
        for (int i = 100; i < 110; i++) // n3's primary range (0.375, 0.625]: replicas n3, n4
            reads[i] = 30;
        RangeLoad load = new RangeLoad(reads, writes, 2);
        double[] before = load.perNode(ring);
        assertThat(before[2]).isGreaterThan(before[1]).isLessThan(before[1] * 1.01);
        MovePlan plan = new MovePlanner(4, 0.1).plan(ring, List.of(load));
        assertThat(plan.moves()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(plan.maxAfter()).isLessThan(plan.maxBefore() * 0.8);
    }

    @Test
    void readsCountOncePerReadAndWritesOncePerReplica()
    {
        RingLayout ring = even(2);
        long[] reads = new long[SUB];
        reads[10] = 100; // in n1's primary (0.75, 0.25] wrapped: position 0.04
        RangeLoad load = new RangeLoad(reads, new long[SUB], 2);
        assertThat(load.perNode(ring)).containsExactly(50.0, 50.0);
        long[] writes = new long[SUB];
        writes[10] = 100;
        assertThat(new RangeLoad(new long[SUB], writes, 2).perNode(ring)).containsExactly(100.0, 100.0);
        assertThat(new RangeLoad(new long[SUB], writes, 1).perNode(ring)).containsExactly(100.0, 0.0);
    }

    @Test
    void movingABoundaryStreamsOnlyTheShiftedArcToItsNewReplicas()
    {
        RingLayout ring = even(4); // n1 .125, n2 .375, n3 .625, n4 .875
        RingLayout moved = ring.moved("n1", tokenAt(0.25)); // n1 takes (.125, .25] from n2's primary
        Map<String, Double> rf1 = MovePlanner.received(ring, moved, 1);
        assertThat(rf1).containsOnlyKeys("n1");
        assertThat(rf1.get("n1")).isCloseTo(0.125, within(1e-9));
        // RF 2: the arc's replicas were n2, n3 and become n1, n2: n1 gains it; n1's old arc (-.125, .125] keeps n1, n2
        Map<String, Double> rf2 = MovePlanner.received(ring, moved, 2);
        assertThat(rf2).containsOnlyKeys("n1");
        assertThat(rf2.get("n1")).isCloseTo(0.125, within(1e-9));
    }

    @Test
    void arcsWrapAroundTheRingStart()
    {
        assertThat(MovePlanner.strictlyBetween(100, -100, Long.MAX_VALUE)).isTrue();
        assertThat(MovePlanner.strictlyBetween(100, -100, Long.MIN_VALUE)).isTrue();
        assertThat(MovePlanner.strictlyBetween(100, -100, 0)).isFalse();
        assertThat(MovePlanner.strictlyBetween(-100, 100, 0)).isTrue();
        assertThat(MovePlanner.strictlyBetween(-100, 100, 100)).isFalse();
        assertThat(MovePlanner.strictlyBetween(5, 5, 6)).isTrue(); // two nodes: anywhere but the other's token
        assertThat(MovePlanner.strictlyBetween(5, 5, 5)).isFalse();
        RingLayout ring = even(4);
        assertThat(MovePlanner.candidates(ring, 0, SUB)).allSatisfy(t -> assertThat(MovePlanner.strictlyBetween(ring.token(3), ring.token(1), t)).isTrue());
        assertThat(MovePlanner.candidates(ring, 0, SUB)).hasSize(SUB * 4 / 2 - 2); // half the ring's quarter points, minus the neighbours' own
    }
}
