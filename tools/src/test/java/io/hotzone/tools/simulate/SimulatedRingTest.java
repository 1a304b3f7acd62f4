package io.hotzone.tools.simulate;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token ownership and NetworkTopologyStrategy's placement, as Cassandra computes them. */
class SimulatedRingTest
{
    @Test
    void aSingleTokenRingIsEvenAndAKeyBelongsToTheFirstTokenAtOrAfterIt()
    {
        SimulatedRing ring = SimulatedRing.of(4, 1, 1, 1);
        // tokens at MIN, MIN + 2^62, 0, 2^62: a token just past node 0's belongs to node 1, then clockwise
        assertThat(ring.replicas(Long.MIN_VALUE + 1, 2, 0)).containsExactly(1, 2);
        assertThat(ring.replicas(0, 3, 0)).containsExactly(2, 3, 0);
        assertThat(ring.replicas(Long.MAX_VALUE, 2, 0)).as("past the last token: wraps to the first").containsExactly(0, 1);
        assertThat(ring.replicas(5, 9, 0)).as("RF above the DC's size: every node once").hasSize(4);
    }

    @Test
    void replicasStayInTheirDataCenterAndAreDistinct()
    {
        SimulatedRing ring = SimulatedRing.of(30, 3, 16, 7);
        for (long token : new long[]{ Long.MIN_VALUE, -42, 0, 99_999, Long.MAX_VALUE })
            for (int dc = 0; dc < 3; dc++)
            {
                int[] replicas = ring.replicas(token, 3, dc);
                assertThat(replicas).hasSize(3);
                assertThat(Arrays.stream(replicas).map(ring::dcOf).distinct().toArray()).containsExactly(dc);
                Set<Integer> distinct = new HashSet<>();
                Arrays.stream(replicas).forEach(distinct::add);
                assertThat(distinct).hasSize(3);
            }
        assertThat(ring.dcSize(0) + ring.dcSize(1) + ring.dcSize(2)).isEqualTo(30);
    }

    @Test
    void anImpossibleRingIsRefused()
    {
        assertThatThrownBy(() -> SimulatedRing.of(2, 3, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatedRing.of(3, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
