package io.hotzone.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CalibrationSampleTest
{
    @Test
    void everySegmentWhileSmallAnEvenSpreadBeyond()
    {
        assertThat(ModelTrainer.calibrationSample(100, 10)).hasSize(100).startsWith(0, 1, 2).endsWith(99);

        int[] spread = ModelTrainer.calibrationSample(10_000, 90);
        assertThat(spread.length * 90).isLessThanOrEqualTo(20_000);
        assertThat(spread).hasSize(222).startsWith(0).isSorted().doesNotHaveDuplicates();
        assertThat(spread[spread.length - 1]).isBetween(9_900, 9_999);

        assertThat(ModelTrainer.calibrationSample(5, 100_000)).as("at least one").containsExactly(0);
    }
}
