package io.hotzone.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;

import static org.assertj.core.api.Assertions.assertThat;

class ForecastScoringTest
{
    private static final TableRef T = new TableRef("ks", "t");

    @Test
    void aForecastIsScoredOnceItsHorizonHasPassed()
    {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ForecastScoring scoring = new ForecastScoring();
        // At origin step 2 (horizon 3): 'a' named a zone (predicted 50, threshold 20), 'b' not (5 vs 20), 'c' not (8 vs 20).
        scoring.made(T, t0.plusSeconds(120), t0.plusSeconds(300), Map.of("'a'", new double[]{ 50, 20, 0.9 }, "'b'", new double[]{ 5, 20, 0.1 },
                                                                         "'c'", new double[]{ 8, 20, 0.3 }), Set.of("'a'"), 20);
        SegmentSeries early = new SegmentSeries(List.of("'a'", "'b'", "'c'"), new double[][]{ { 1, 1, 1, 1 }, { 3, 3, 3, 3 }, { 1, 1, 1, 1 } },
                                                t0, Duration.ofMinutes(1));
        scoring.score(T, early, t0.plusSeconds(240));
        assertThat(scoring.summary()).isEmpty(); // horizon not over yet

        SegmentSeries later = new SegmentSeries(List.of("'a'", "'b'", "'c'"),
                                                new double[][]{ { 1, 1, 1, 10, 30, 12 }, { 3, 3, 3, 3, 3, 3 }, { 1, 1, 1, 25, 1, 1 } },
                                                t0, Duration.ofMinutes(1));
        scoring.score(T, later, t0.plusSeconds(360));
        Scores s = scoring.summary().get(T);
        assertThat(s.forecasts()).isEqualTo(1);
        assertThat(s.precision()).isEqualTo(1.0);
        assertThat(s.recall()).isEqualTo(0.5); // 'c' turned hot unforeseen
        assertThat(s.leadTime()).isEqualTo(2.0); // 'a' first reached 20 two steps after the origin
        assertThat(scoring.overall().f1()).isEqualTo(s.f1());
    }

    @Test
    void scoredForecastsTeachTheTableItsZoneCutoffAndConfidenceScale()
    {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ForecastScoring scoring = new ForecastScoring();
        assertThat(scoring.cutoff(T)).isEqualTo(ZoneCutoff.Learned.UNTRAINED);
        // Every step 'c' was forecast with confidence 0.3, not named, and turned hot each time (as did 'a', named at 0.9).
        int steps = 30;
        double[][] counts = new double[3][steps];
        for (int i = 0; i < steps; i++)
        {
            counts[0][i] = 40;
            counts[1][i] = 1;
            counts[2][i] = 40;
        }
        SegmentSeries series = new SegmentSeries(List.of("'a'", "'b'", "'c'"), counts, t0, Duration.ofMinutes(1));
        for (int i = 0; i < steps - 1; i++)
            scoring.made(T, series.time(i), series.time(i + 1), Map.of("'a'", new double[]{ 40, 20, 0.9 }, "'b'", new double[]{ 1, 20, 0.05 },
                                                                       "'c'", new double[]{ 40, 20, 0.3 }), Set.of("'a'"), 20);
        scoring.score(T, series, series.time(steps - 1));
        assertThat(scoring.summary().get(T).recall()).isEqualTo(0.5);
        assertThat(scoring.cutoff(T).cutoff()).isEqualTo(0.3);
        assertThat(scoring.cutoff(T).calibrated(0.3)).as("a 0.3 of this table turned hot every time").isGreaterThan(0.8);
        assertThat(scoring.cutoff(T).calibrated(0.05)).as("a 0.05 never did").isLessThan(0.05);
        assertThat(scoring.cutoff(new TableRef("ks", "other"))).isEqualTo(ZoneCutoff.Learned.UNTRAINED);
    }
}
