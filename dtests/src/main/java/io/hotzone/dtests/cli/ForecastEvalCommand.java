package io.hotzone.dtests.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.hotzone.config.Durations;
import io.hotzone.dtests.cli.HotZoneCli.UsageException;
import io.hotzone.events.EventParser;
import io.hotzone.forecast.EventSchedule;
import io.hotzone.forecast.HotRule;
import io.hotzone.forecast.Scores;
import io.hotzone.forecast.SegmentSeries;
import io.hotzone.forecast.TraceReader;
import io.hotzone.forecast.TreeForecaster;
import io.hotzone.forecast.WalkForward;

/**
 * {@code bin/hotzone forecast-eval --trace FILE [--events FILE] --step 1d|1h|10m --horizon H --top K [--from T --to T]}:
 * walks forward through a trace, training only on the past, and scores the model against both baselines.
 */
final class ForecastEvalCommand
{
    int run(List<String> args) throws Exception
    {
        Options o = Options.parse(args, Set.of("--trace", "--events", "--step", "--horizon", "--top", "--from", "--to", "--retrain", "--seed", "--trees", "--rows"), Set.of());
        Path trace = o.text("--trace", null) == null ? null : Path.of(o.text("--trace", null));
        Path events = o.text("--events", null) == null ? null : Path.of(o.text("--events", null));
        Duration step = o.duration("--step", Duration.ofHours(1));
        int horizon = o.integer("--horizon", 6), top = o.integer("--top", 20);
        String from = o.text("--from", null), to = o.text("--to", null);
        Integer retrain = o.text("--retrain", null) == null ? null : o.integer("--retrain", 0);
        TreeForecaster.Settings forest = TreeForecaster.Settings.defaults();
        long seed = o.number("--seed", forest.seed());
        int trees = o.integer("--trees", forest.trees()), rows = o.integer("--rows", forest.maxRows());
        if (trace == null)
            throw new UsageException("forecast-eval needs --trace FILE");
        if (!Files.isRegularFile(trace))
            throw new IllegalArgumentException("no such trace file: " + trace);
        if (horizon < 1 || top < 1 || trees < 1 || rows < 1)
            throw new UsageException("--horizon, --top, --trees and --rows must be at least 1");
        SegmentSeries series = TraceReader.read(trace, step);
        EventSchedule schedule = events == null ? EventSchedule.none() : TraceReader.events(events, series);
        int perDay = series.stepsPerDay();
        int first = from == null ? series.steps() / 2 : series.indexOf(EventParser.time("--from", "from", from));
        int last = to == null ? series.steps() : series.indexOf(EventParser.time("--to", "to", to)) + 1;
        int retrainEvery = retrain != null ? retrain : Math.max(7, perDay);
        int validation = Math.max(7, perDay);
        HotRule rule = HotRule.defaults();
        WalkForward.Settings settings = new WalkForward.Settings(horizon, top, first, Math.min(last, series.steps()), retrainEvery, validation, rule,
                                                                 new TreeForecaster.Settings(trees, forest.maxDepth(), rows, seed), true);
        long t0 = System.nanoTime();
        WalkForward walk = new WalkForward(series, schedule, settings);
        WalkForward.Report r = walk.run();
        double seconds = (System.nanoTime() - t0) / 1e9;

        System.out.printf("Trace %s: %d keys, %d steps of %s from %s; scored %d origins from %s, horizon %d, top %d%n", trace, series.size(),
                          series.steps(), Durations.format(step), series.start(), r.origins(), series.time(first), horizon, top);
        System.out.printf("Hot: largest count within the horizon >= max(%.0f, %.1f x the key's median over the last %d days), same rule for every method%n",
                          rule.minCount(), rule.multiple(), rule.medianDays());
        System.out.printf("%-15s %9s %9s %9s %9s   %-30s%n", "Method", "Precision", "Recall", "F1", "MAE(log)", "Onsets: precision recall F1 lead");
        row("model", r.model(), r.onsets().get("model"));
        row("seasonal-naive", r.seasonalNaive(), r.onsets().get("seasonal-naive"));
        row("reactive", r.reactive(), r.onsets().get("reactive"));
        row("blend", r.blend(), r.onsets().get("blend"));
        row("served", r.served(), r.onsets().get("served"));
        System.out.printf(Locale.ROOT, "Served zones (origins): %s; served rates: %s. Each origin serves what did best over the %d origins before it whose outcome was known%n",
                          counts(r.servedBy()), counts(r.servedRatesBy()), walk.servingWindow());
        System.out.printf(Locale.ROOT, "Lead time of model hits: %.2f steps; retrains %d (champion replaced %d times, %.1f s, %.2f s per retraining); spike zones %d; %.1f s in all%n",
                          r.model().leadTime(), r.retrains(), r.swaps(), r.trainSeconds(), r.trainSeconds() / Math.max(1, r.retrains()), r.spikes(), seconds);
        System.out.printf(Locale.ROOT, "Calibration: 80%% interval coverage %.3f; zones with confidence >= 0.8: %d, of which %.1f %% turned hot%n",
                          r.coverage(), r.highConfidenceZones(), 100 * r.highConfidencePrecision());
        System.out.print(WalkForward.reliabilityTable(r.reliability()));
        System.out.printf(Locale.ROOT, "{\"trace\": \"%s\", \"events\": %s, \"step\": \"%s\", \"horizon\": %d, \"top\": %d, \"keys\": %d, \"steps_scored\": %d, "
                                       + "\"model\": %s, \"seasonal_naive\": %s, \"reactive\": %s, \"blend\": %s, \"served\": %s, \"served_by\": %s, \"served_rates_by\": %s, "
                                       + "\"lead_time_steps\": %.3f, "
                                       + "\"calibration\": {\"coverage\": %.4f, \"high_confidence_precision\": %.4f, \"high_confidence_zones\": %d}, "
                                       + "\"retrains\": %d, \"champion_swaps\": %d, \"seconds_per_retraining\": %.2f, \"spike_zones\": %d, \"seconds\": %.1f}%n",
                          trace, events == null ? "null" : "\"" + events + "\"", Durations.format(step), horizon, top, series.size(), r.origins(),
                          json(r.model(), r.onsets().get("model")), json(r.seasonalNaive(), r.onsets().get("seasonal-naive")),
                          json(r.reactive(), r.onsets().get("reactive")), json(r.blend(), r.onsets().get("blend")), json(r.served(), r.onsets().get("served")),
                          countsJson(r.servedBy()), countsJson(r.servedRatesBy()), r.model().leadTime(), r.coverage(),
                          Double.isNaN(r.highConfidencePrecision()) ? 0 : r.highConfidencePrecision(), r.highConfidenceZones(), r.retrains(), r.swaps(),
                          r.trainSeconds() / Math.max(1, r.retrains()), r.spikes(), seconds);
        return 0;
    }

    private static void row(String name, Scores s, Scores onset)
    {
        System.out.printf(Locale.ROOT, "%-15s %9.3f %9.3f %9.3f %9.3f   %9.3f %6.3f %6.3f %5.2f%n", name, s.precision(), s.recall(), s.f1(), s.maeLog(),
                          onset.precision(), onset.recall(), onset.f1(), onset.leadTime());
    }

    /** A method's scores with its onset scores inside: {@code {"precision": …, "onset": {…}}}. */
    private static String json(Scores s, Scores onset)
    {
        String all = s.json();
        return all.substring(0, all.length() - 1) + ", \"onset\": " + onset.zonesJson() + "}";
    }

    private static String counts(Map<String, Integer> counts)
    {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    private static String countsJson(Map<String, Integer> counts)
    {
        return counts.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue()).collect(java.util.stream.Collectors.joining(", ", "{", "}"));
    }
}
