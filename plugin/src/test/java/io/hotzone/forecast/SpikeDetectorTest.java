package io.hotzone.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpikeDetectorTest
{
    private static SegmentSeries noisy(int segments, int steps, long seed)
    {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> names = new ArrayList<>();
        double[][] counts = new double[segments][steps];
        for (int s = 0; s < segments; s++)
        {
            names.add("'k" + s + "'");
            for (int i = 0; i < steps; i++)
                counts[s][i] = 20 + random.nextInt(6);
        }
        return new SegmentSeries(names, counts, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(1));
    }

    @Test
    void aDetectorTrainedOnOneCycleJudgesALaterCycleWithMoreSegments()
    {
        SegmentSeries trainedOn = noisy(20, 200, 1);
        SpikeDetector detector = SpikeDetector.train(trainedOn, HotRule.defaults(), 0, 199, 1000, 7);

        SegmentSeries later = noisy(21, 200, 2);
        int last = 199;
        later.series(20)[last] = 600; // the new segment bursts
        SpikeDetector rebound = detector.on(later);

        assertThat(rebound.isSpike(20, last)).as("the new segment's burst").isTrue();
        assertThat(rebound.isSpike(3, last)).as("an ordinary step").isFalse();
    }
}
