package io.hotzone.dtests.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.hotzone.dtests.trace.TraceGenerator;
import io.hotzone.forecast.EventSchedule;
import io.hotzone.forecast.Features;
import io.hotzone.forecast.ForecastCycle;
import io.hotzone.forecast.HotRule;
import io.hotzone.forecast.HotZone;
import io.hotzone.forecast.ResidualCalibrator;
import io.hotzone.forecast.SegmentSeries;
import io.hotzone.forecast.TreeForecaster;

/**
 * {@code bin/hotzone bench forecast [--segments 100000] [--days 14] [--runs 5]}: the time of one forecast cycle over many
 * segments (predict every segment, threshold, calibrated confidence, ranking), with a model trained beforehand as the
 * leader keeps one between retrainings. Prints each run, then one JSON line.
 */
final class BenchForecastCommand
{
    int run(List<String> options) throws Exception
    {
        Options o = Options.parse(options, Set.of("--segments", "--days", "--runs"), Set.of());
        int segments = o.integer("--segments", 100_000), days = o.integer("--days", 14), runs = o.integer("--runs", 5);
        System.out.printf("Generating %d segments x %d days of hourly counts ...%n", segments, days);
        TraceGenerator.Trace trace = new TraceGenerator(segments, days, Duration.ofHours(1), 3).generate();
        List<String> names = new ArrayList<>(segments);
        double[][] counts = new double[segments][];
        for (int s = 0; s < segments; s++)
        {
            names.add(TraceGenerator.key(s));
            counts[s] = Arrays.stream(trace.counts()[s]).asDoubleStream().toArray();
            trace.counts()[s] = null;
        }
        SegmentSeries series = new SegmentSeries(names, counts, trace.start(), trace.step());
        int horizon = 6, origin = series.steps() - horizon - 1;
        HotRule rule = HotRule.defaults();
        EventSchedule events = EventSchedule.none();
        long t0 = System.nanoTime();
        TreeForecaster model = TreeForecaster.train(series, new Features(series, events, rule, horizon), horizon, 7 * 24, origin - horizon,
                                                    TreeForecaster.Settings.defaults());
        System.out.printf(Locale.ROOT, "Model trained in %.1f s (not part of a cycle)%n", (System.nanoTime() - t0) / 1e9);
        ResidualCalibrator calibrator = new ResidualCalibrator(20_000);
        for (int k = 0; k < 2000; k++)
            calibrator.add(10 + k % 50, 8 + k % 61, ResidualCalibrator.State.values()[k % 3]);
        ForecastCycle cycle = new ForecastCycle(series, events, rule, horizon);
        double[] seconds = new double[runs];
        int zones = 0;
        for (int r = 0; r < runs; r++)
        {
            long start = System.nanoTime();
            List<HotZone> result = cycle.run(model, calibrator, null, origin - r, 1000, false).zones();
            seconds[r] = (System.nanoTime() - start) / 1e9;
            zones = result.size();
            System.out.printf(Locale.ROOT, "cycle %d: %.2f s, %d zones%n", r + 1, seconds[r], zones);
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = sorted[runs / 2];
        System.out.printf(Locale.ROOT, "{\"bench\": \"forecast_cycle\", \"segments\": %d, \"steps\": %d, \"runs\": %d, \"median_seconds\": %.3f, "
                                       + "\"max_seconds\": %.3f, \"zones\": %d}%n", segments, series.steps(), runs, median, sorted[runs - 1], zones);
        return 0;
    }
}
