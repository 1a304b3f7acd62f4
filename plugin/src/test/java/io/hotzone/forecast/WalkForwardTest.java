package io.hotzone.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WalkForwardTest
{
    private static final int KEYS = 40, STEPS = 16 * 24;
    private SegmentSeries series;
    private EventSchedule events;

    /** 40 keys, hourly, daily cycle; every 2 days an announced campaign lifts 4 keys x6 for 8 hours. */
    private void campaigns()
    {
        int keys = KEYS, steps = STEPS;
        Random r = new Random(5);
        double[][] c = new double[keys][steps];
        List<String> names = new ArrayList<>();
        for (int k = 0; k < keys; k++)
        {
            names.add("k" + k);
            double level = 20 + r.nextInt(40);
            for (int i = 0; i < steps; i++)
                c[k][i] = Math.max(0, Math.round(level * (1 + 0.4 * Math.sin(2 * Math.PI * i / 24.0)) + r.nextGaussian() * 3));
        }
        SegmentSeries probe = new SegmentSeries(names, c, Instant.parse("2026-01-05T00:00:00Z"), Duration.ofHours(1));
        EventSchedule events = new EventSchedule();
        for (int start = 60, n = 0; start + 8 < steps; start += 48, n++)
        {
            Set<Integer> targets = Set.of(n % keys, (n + 7) % keys, (n + 13) % keys, (n + 21) % keys);
            for (int k : targets)
                for (int i = start; i < start + 8; i++)
                    c[k][i] *= 6;
            events.add("c" + n, probe.time(start), probe.time(start + 8), 6, targets, probe);
        }
        series = new SegmentSeries(names, c, probe.start(), probe.step());
        this.events = events;
    }

    @Test
    void announcedCampaignsAreForecastAheadAndBeatTheReactiveBaseline()
    {
        campaigns();
        int steps = STEPS;
        WalkForward.Settings settings = new WalkForward.Settings(6, 10, 9 * 24, steps, 48, 24, HotRule.defaults(),
                                                                 new TreeForecaster.Settings(8, 6, 3000, 1), false);
        WalkForward.Report report = new WalkForward(series, events, settings).run();
        assertThat(report.origins()).isEqualTo(steps - 9 * 24 - 6);
        assertThat(report.model().f1()).isGreaterThan(report.reactive().f1());
        assertThat(report.model().truePositives()).isPositive();
        // Campaigns are announced: the model sees them coming, on average more than one step ahead.
        assertThat(report.model().leadTime()).isGreaterThan(1.0);
        // Onsets: keys not hot at the origin that turn hot. Reactive names only keys hot now, so none; the model names
        // campaign starts ahead of time, and they are scored for every method apart.
        assertThat(report.onsets()).containsOnlyKeys("model", "seasonal-naive", "reactive", "blend", "served");
        assertThat(report.onsets().get("reactive").forecasts()).as("reactive onset zones").isZero();
        Scores modelOnsets = report.onsets().get("model");
        assertThat(modelOnsets.truePositives()).as("campaign starts the model named").isPositive();
        assertThat(modelOnsets.truePositives()).isLessThanOrEqualTo(report.model().truePositives());
        assertThat(modelOnsets.leadTime()).as("steps ahead of the onsets it named").isGreaterThan(1.0);
        assertThat(report.onsets().get("served").truePositives()).as("the served zones name onsets too").isPositive();
    }

    @Test
    void aCycleNamesTheEventAsReasonAndItsStartAsPredictedStart()
    {
        campaigns();
        // The campaign starting at step 348 (60 + 6 * 48) on keys 6, 13, 19, 27; forecast from 3 steps before.
        int origin = 345, horizon = 6;
        Features features = new Features(series, events, HotRule.defaults(), horizon);
        TreeForecaster model = TreeForecaster.train(series, features, horizon, 7 * 24, origin - horizon, new TreeForecaster.Settings(8, 6, 4000, 1));
        List<HotZone> zones = new ForecastCycle(series, events, HotRule.defaults(), horizon).run(model, new ResidualCalibrator(100), null, origin, 10, false).zones();
        HotZone zone = zones.stream().filter(z -> z.segment().equals("k6")).findFirst().orElseThrow();
        assertThat(zone.reason()).isEqualTo(HotZone.Reason.EVENT);
        assertThat(zone.predictedStart()).isEqualTo(series.time(348));
        assertThat(zone.predictedPeak()).isGreaterThanOrEqualTo(zone.threshold());
    }
}
