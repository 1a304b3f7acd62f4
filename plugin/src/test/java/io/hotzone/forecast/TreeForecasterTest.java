package io.hotzone.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TreeForecasterTest
{
    @Test
    void oneModelForecastsEverySegmentAtItsOwnLevel()
    {
        // 40 segments whose usual levels span 5 to 50 000 a step, with noise; hourly for 10 days.
        int segments = 40, steps = 240;
        Random r = new Random(3);
        double[][] c = new double[segments][steps];
        List<String> names = new ArrayList<>();
        double[] level = new double[segments];
        for (int s = 0; s < segments; s++)
        {
            names.add("k" + s);
            level[s] = 5 * Math.pow(10, 4.0 * s / (segments - 1));
            for (int i = 0; i < steps; i++)
                c[s][i] = Math.round(level[s] * (1 + 0.1 * r.nextGaussian()));
        }
        SegmentSeries series = new SegmentSeries(names, c, Instant.parse("2026-01-05T00:00:00Z"), Duration.ofHours(1));
        Features features = new Features(series, EventSchedule.none(), HotRule.defaults(), 1);
        TreeForecaster model = TreeForecaster.train(series, features, 1, 24, 200, new TreeForecaster.Settings(8, 6, 3000, 1));
        int[] all = java.util.stream.IntStream.range(0, segments).toArray();
        double[] predicted = model.predictAll(all, 220);
        for (int s = 0; s < segments; s++)
        {
            assertThat(predicted[s]).as("segment %d, level %.0f", s, level[s]).isBetween(level[s] * 0.8, level[s] * 1.6);
            assertThat(Math.expm1(model.predictLog(s, 220))).isCloseTo(predicted[s], org.assertj.core.data.Offset.offset(1e-6 * predicted[s] + 1e-9));
        }
    }

    @Test
    void hotForestTellsWhichSegmentsCrossTheirOwnThreshold()
    {
        // 40 segments at the same level; the even ones jump to 5x at 12:00 every day, the odd ones stay flat. Their
        // rates before noon look alike, so only what sets them apart (yesterday's noon) says which turn hot.
        int segments = 40, steps = 24 * 12;
        Random r = new Random(5);
        double[][] c = new double[segments][steps];
        List<String> names = new ArrayList<>();
        for (int s = 0; s < segments; s++)
        {
            names.add("k" + s);
            for (int i = 0; i < steps; i++)
                c[s][i] = Math.round(100 * (s % 2 == 0 && i % 24 == 12 ? 5 : 1) * (1 + 0.05 * r.nextGaussian()));
        }
        SegmentSeries series = new SegmentSeries(names, c, Instant.parse("2026-01-05T00:00:00Z"), Duration.ofHours(1));
        Features features = new Features(series, EventSchedule.none(), HotRule.defaults(), 1);
        TreeForecaster model = TreeForecaster.train(series, features, 1, 24, 24 * 10, new TreeForecaster.Settings(8, 6, 3000, 1));
        int[] all = java.util.stream.IntStream.range(0, segments).toArray();
        int beforeNoon = 24 * 11 + 11;
        TreeForecaster.Batch batch = model.predictBoth(all, beforeNoon);
        assertThat(batch.rate()).as("rates of both forests' batch").containsExactly(model.predictAll(all, beforeNoon));
        for (int s = 0; s < segments; s++)
        {
            if (s % 2 == 0)
                assertThat(batch.hotProbability()[s]).as("segment %d peaks at noon", s).isGreaterThan(0.8);
            else
                assertThat(batch.hotProbability()[s]).as("segment %d stays flat", s).isLessThan(0.2);
        }
        TreeForecaster.Batch afterNoon = model.predictBoth(all, beforeNoon + 1);
        for (int s = 0; s < segments; s += 2)
            assertThat(afterNoon.hotProbability()[s]).as("segment %d, 13:00 is back to usual", s).isLessThan(0.2);
        assertThat(TreeForecaster.hotConfidence(0.9, 0.5)).isEqualTo(0.7);
    }

    @Test
    void theRateForestsLastTargetsEndBeforeTheValidationTargetsBegin()
    {
        for (int h : new int[]{ 1, 6, 24 })
        {
            int validationFrom = 500, last = TreeForecaster.lastRateOrigin(validationFrom, h);
            assertThat(last + h).as("last training target, h=%d", h).isLessThan(validationFrom + 1); // first validation target
            assertThat(last + 1 + h).as("one origin later would share a target step, h=%d", h).isEqualTo(validationFrom + 1);
        }
    }

    @Test
    void rowsBeforeASegmentAppearedDoNotCountAgainstTheRowBudget()
    {
        // 100 segments over 100 steps, 90 of which appear only at the last step: 10 x 100 + 90 rows exist, not 10 000.
        int segments = 100, steps = 100;
        double[][] c = new double[segments][steps];
        List<String> names = new ArrayList<>();
        for (int s = 0; s < segments; s++)
        {
            names.add("k" + s);
            for (int i = s < 10 ? 0 : steps - 1; i < steps; i++)
                c[s][i] = 10;
        }
        SegmentSeries series = new SegmentSeries(names, c, Instant.parse("2026-01-05T00:00:00Z"), Duration.ofDays(1));
        assertThat(TreeForecaster.keepRate(series, 0, steps - 1, 6000)).isEqualTo(1.0);
        assertThat(TreeForecaster.keepRate(series, 0, steps - 1, 545)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(TreeForecaster.keepRate(series, 50, steps - 1, 6000)).isEqualTo(1.0);
        assertThat(TreeForecaster.keepRate(series, 50, steps - 1, 295)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    }
}
