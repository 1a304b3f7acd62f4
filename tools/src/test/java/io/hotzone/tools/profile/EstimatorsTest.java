package io.hotzone.tools.profile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EstimatorsTest
{
    @Test
    void distinctCountsAreExactWhenSmallAndWithinThreeStandardErrorsWhenLarge()
    {
        DistinctCounter small = new DistinctCounter();
        for (int i = 0; i < 1000; i++)
            small.add("k" + (i % 100));
        assertThat(small.estimate()).isBetween(98L, 102L);
        DistinctCounter large = new DistinctCounter();
        for (int i = 0; i < 500_000; i++)
            large.add("key-" + i);
        assertThat((double) large.estimate()).isCloseTo(500_000, within(500_000 * 3 * DistinctCounter.relativeError()));
    }

    @Test
    void sampleSizeFollowsFromTheErrorBoundAndConfidence()
    {
        assertThat(SampleSize.z(0.95)).isCloseTo(1.959964, within(1e-5));
        assertThat(SampleSize.z(0.99)).isCloseTo(2.575829, within(1e-5));
        assertThat(SampleSize.forError(0.02, 0.95)).isEqualTo(2401);
        assertThat(SampleSize.forError(0.01, 0.95)).isEqualTo(9604);
        assertThat(SampleSize.errorOf(2401, 0.95)).isCloseTo(0.02, within(1e-4));
        assertThatThrownBy(() -> SampleSize.forError(0, 0.95)).hasMessageContaining("--error");
        assertThatThrownBy(() -> SampleSize.z(1.5)).hasMessageContaining("--confidence");
    }

    @Test
    void theReservoirIsAUniformSampleOfTheWholeStream()
    {
        int[] picked = new int[10];
        for (int run = 0; run < 2000; run++)
        {
            Reservoir<Integer> r = new Reservoir<>(10, run);
            for (int i = 0; i < 100; i++)
                r.offer(i);
            assertThat(r.items()).hasSize(10);
            assertThat(r.seen()).isEqualTo(100);
            for (int item : r.items())
                picked[item / 10]++;
        }
        // each tenth of the stream holds a tenth of the sample: 2000 expected per decile
        for (int count : picked)
            assertThat(count).isBetween(1800, 2200);
    }
}
