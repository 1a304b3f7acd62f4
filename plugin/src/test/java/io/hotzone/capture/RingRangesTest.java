package io.hotzone.capture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingRangesTest
{
    @Test
    void subRangesTileTheRing()
    {
        RingRanges r = new RingRanges(256);
        assertThat(r.start(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(r.end(255)).isEqualTo(Long.MAX_VALUE);
        for (int i = 0; i < 255; i++)
            assertThat(r.end(i) + 1).isEqualTo(r.start(i + 1));
        for (int i = 0; i < 256; i++)
        {
            assertThat(r.indexOf(r.start(i))).isEqualTo(i);
            assertThat(r.indexOf(r.end(i))).isEqualTo(i);
        }
        assertThat(r.indexOf(0)).isEqualTo(128);
    }

    @Test
    void coverageWrapsAroundTheRing()
    {
        RingRanges r = new RingRanges(4);
        long[] counts = new long[4];
        r.addCovered(counts, r.start(1), r.end(2));
        assertThat(counts).containsExactly(0, 1, 1, 0);
        r.addCovered(counts, r.start(3), r.end(0));
        assertThat(counts).containsExactly(1, 1, 1, 1);
        r.addCovered(counts, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(counts).containsExactly(2, 2, 2, 2);
    }

    @Test
    void onlyPowersOfTwo()
    {
        assertThatThrownBy(() -> new RingRanges(100)).hasMessageContaining("power of two");
        assertThat(new RingRanges(1).indexOf(123)).isZero();
    }
}
