package io.hotzone.forecast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ZoneCutoffTest
{
    /** One origin of 10 segments: confidences 0.9 .. 0.0; the first {@code hot} of them turned hot. */
    private static void origin(ZoneCutoff cutoff, int hot)
    {
        double[] confidence = new double[10];
        boolean[] turned = new boolean[10];
        for (int s = 0; s < 10; s++)
        {
            confidence[s] = (9 - s) / 10.0;
            turned[s] = s < hot;
        }
        cutoff.add(confidence, turned, 10);
    }

    @Test
    void halfServesUntilEnoughHotOutcomesAreKnown()
    {
        ZoneCutoff cutoff = new ZoneCutoff(30);
        for (int k = 0; k < 3; k++)
            origin(cutoff, 6); // 18 hot outcomes: fewer than needed
        assertThat(cutoff.cutoff()).isEqualTo(ZoneCutoff.FALLBACK);
        origin(cutoff, 6);
        // Segments with confidence 0.4 and 0.5 turned hot too: naming them raises F1, so the cutoff comes down to 0.4.
        assertThat(cutoff.cutoff()).isEqualTo(0.4);
        assertThat(cutoff.f1(0.4)).isEqualTo(1.0);
        assertThat(cutoff.f1(0.5)).isLessThan(1.0);
    }

    @Test
    void risesWhenOnlyTheMostConfidentTurnHotAndForgetsOldOrigins()
    {
        ZoneCutoff cutoff = new ZoneCutoff(12);
        for (int k = 0; k < 12; k++)
            origin(cutoff, 8);
        assertThat(cutoff.cutoff()).isEqualTo(0.2);
        for (int k = 0; k < 15; k++)
            origin(cutoff, 2); // only 0.9 and 0.8 turn hot now; the window of 12 origins forgets the earlier ones
        assertThat(cutoff.cutoff()).isEqualTo(0.8);
    }

    @Test
    void onlyTheTopKCanBeZones()
    {
        ZoneCutoff cutoff = new ZoneCutoff(10);
        for (int k = 0; k < 10; k++)
        {
            double[] confidence = { 0.9, 0.3, 0.3, 0.3 };
            boolean[] hot = { true, true, true, true };
            cutoff.add(confidence, hot, 1);
        }
        // With one zone per origin, lowering the cutoff names no more segments: equal F1, the higher cutoff is kept.
        assertThat(cutoff.f1(0.3)).isEqualTo(cutoff.f1(0.5));
        assertThat(cutoff.cutoff()).isEqualTo(0.9);
    }

    @Test
    void confidencesAreScaledToWhatTheKeptCandidatesDidOnceEnoughTurnedHot()
    {
        ZoneCutoff cutoff = new ZoneCutoff(30);
        origin(cutoff, 2);
        assertThat(cutoff.learned().calibrated(0.9)).as("raw until enough hot outcomes").isEqualTo(0.9);
        for (int k = 0; k < 20; k++)
            origin(cutoff, 1); // only the 0.9 candidate turns hot, every time
        assertThat(cutoff.learned().calibrated(0.9)).isGreaterThan(0.9);
        assertThat(cutoff.learned().calibrated(0.7)).as("0.8 and 0.7 never turned hot").isLessThan(0.3);
        assertThat(cutoff.cutoff()).as("the cutoff stays on the raw scale").isEqualTo(0.9);
    }
}
