package io.hotzone.forecast;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Walk-forward evaluation: at every origin, each method forecasts from the past only; forecasts are scored once their
 * horizon has passed. The model is retrained on a schedule; a freshly trained challenger replaces the champion only
 * if it scores a better F1 on the most recent origins it was not trained on.
 */
public final class WalkForward
{
    public static final class Settings
    {
        private final int horizon;
        private final int topK;
        private final int from;
        private final int to;
        private final int retrainEvery;
        private final int validation;
        private final HotRule rule;
        private final TreeForecaster.Settings tree;
        private final boolean spikes;

        /**
         * @param from first origin scored (step index)
         * @param to last step of the trace used (exclusive bound for targets)
         * @param retrainEvery steps between retrainings
         * @param validation recent origins the champion and challenger are compared on
         */
        public Settings(int horizon, int topK, int from, int to, int retrainEvery, int validation, HotRule rule,
                        TreeForecaster.Settings tree, boolean spikes)
        {
            this.horizon = horizon;
            this.topK = topK;
            this.from = from;
            this.to = to;
            this.retrainEvery = retrainEvery;
            this.validation = validation;
            this.rule = rule;
            this.tree = tree;
            this.spikes = spikes;
        }

        public int horizon()
        {
            return horizon;
        }

        public int topK()
        {
            return topK;
        }

        /** first origin scored (step index) */
        public int from()
        {
            return from;
        }

        /** last step of the trace used (exclusive bound for targets) */
        public int to()
        {
            return to;
        }

        /** steps between retrainings */
        public int retrainEvery()
        {
            return retrainEvery;
        }

        /** recent origins the champion and challenger are compared on */
        public int validation()
        {
            return validation;
        }

        public HotRule rule()
        {
            return rule;
        }

        public TreeForecaster.Settings tree()
        {
            return tree;
        }

        public boolean spikes()
        {
            return spikes;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Settings))
                return false;
            Settings that = (Settings) o;
            return horizon == that.horizon && topK == that.topK && from == that.from && to == that.to
                   && retrainEvery == that.retrainEvery && validation == that.validation
                   && Objects.equals(rule, that.rule) && Objects.equals(tree, that.tree) && spikes == that.spikes;
        }

        @Override
        public int hashCode()
        {
            int h = horizon;
            h = 31 * h + topK;
            h = 31 * h + from;
            h = 31 * h + to;
            h = 31 * h + retrainEvery;
            h = 31 * h + validation;
            h = 31 * h + Objects.hashCode(rule);
            h = 31 * h + Objects.hashCode(tree);
            h = 31 * h + Boolean.hashCode(spikes);
            return h;
        }

        @Override
        public String toString()
        {
            return "Settings[horizon=" + horizon + ", topK=" + topK + ", from=" + from + ", to=" + to
                   + ", retrainEvery=" + retrainEvery + ", validation=" + validation + ", rule=" + rule
                   + ", tree=" + tree + ", spikes=" + spikes + "]";
        }
    }

    /** Confidence bins of predicted zones: how many, and how many really turned hot. */
    public static final class Reliability
    {
        private final int[] zones;
        private final int[] hot;

        public Reliability(int[] zones, int[] hot)
        {
            this.zones = zones;
            this.hot = hot;
        }

        public double observed(int bin)
        {
            return zones[bin] == 0 ? Double.NaN : hot[bin] / (double) zones[bin];
        }

        public int[] zones()
        {
            return zones;
        }

        public int[] hot()
        {
            return hot;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Reliability))
                return false;
            Reliability that = (Reliability) o;
            return Objects.equals(zones, that.zones) && Objects.equals(hot, that.hot);
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(zones);
            h = 31 * h + Objects.hashCode(hot);
            return h;
        }

        @Override
        public String toString()
        {
            return "Reliability[zones=" + zones + ", hot=" + hot + "]";
        }
    }

    public static final class Report
    {
        private final int segments;
        private final int origins;
        private final Scores model;
        private final Scores seasonalNaive;
        private final Scores reactive;
        private final Reliability reliability;
        private final double coverage;
        private final double highConfidencePrecision;
        private final int highConfidenceZones;
        private final int retrains;
        private final int swaps;
        private final int spikes;
        private final double trainSeconds;
        private final Scores blend, served;
        private final Map<String, Scores> onsets;
        private final Map<String, Integer> servedBy, servedRatesBy;

        public Report(int segments, int origins, Scores model, Scores seasonalNaive, Scores reactive,
                      Reliability reliability, double coverage, double highConfidencePrecision, int highConfidenceZones,
                      int retrains, int swaps, int spikes, double trainSeconds, Scores blend, Scores served,
                      Map<String, Scores> onsets, Map<String, Integer> servedBy, Map<String, Integer> servedRatesBy)
        {
            this.blend = blend;
            this.served = served;
            this.onsets = onsets;
            this.servedBy = servedBy;
            this.servedRatesBy = servedRatesBy;
            this.segments = segments;
            this.origins = origins;
            this.model = model;
            this.seasonalNaive = seasonalNaive;
            this.reactive = reactive;
            this.reliability = reliability;
            this.coverage = coverage;
            this.highConfidencePrecision = highConfidencePrecision;
            this.highConfidenceZones = highConfidenceZones;
            this.retrains = retrains;
            this.swaps = swaps;
            this.spikes = spikes;
            this.trainSeconds = trainSeconds;
        }

        public int segments()
        {
            return segments;
        }

        public int origins()
        {
            return origins;
        }

        public Scores model()
        {
            return model;
        }

        public Scores seasonalNaive()
        {
            return seasonalNaive;
        }

        public Scores reactive()
        {
            return reactive;
        }

        public Reliability reliability()
        {
            return reliability;
        }

        public double coverage()
        {
            return coverage;
        }

        public double highConfidencePrecision()
        {
            return highConfidencePrecision;
        }

        public int highConfidenceZones()
        {
            return highConfidenceZones;
        }

        public int retrains()
        {
            return retrains;
        }

        public int swaps()
        {
            return swaps;
        }

        public int spikes()
        {
            return spikes;
        }

        public double trainSeconds()
        {
            return trainSeconds;
        }

        /** The model's zones united with reactive's where the model's confidence reaches the best cutoff of the window. */
        public Scores blend()
        {
            return blend;
        }

        /** What the serving choice served at each origin ({@link ServingChoice}): its zones and its rate forecast. */
        public Scores served()
        {
            return served;
        }

        /** Per method (model, seasonal-naive, reactive, blend, served): its zones scored on keys not hot at the origin only. */
        public Map<String, Scores> onsets()
        {
            return onsets;
        }

        /** Per zone method, at how many scored origins it was served. */
        public Map<String, Integer> servedBy()
        {
            return servedBy;
        }

        /** Per rate method, at how many scored origins its rate forecast was served. */
        public Map<String, Integer> servedRatesBy()
        {
            return servedRatesBy;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Report))
                return false;
            Report that = (Report) o;
            return segments == that.segments && origins == that.origins && Objects.equals(model, that.model)
                   && Objects.equals(seasonalNaive, that.seasonalNaive) && Objects.equals(reactive, that.reactive)
                   && Objects.equals(reliability, that.reliability) && Double.compare(coverage, that.coverage) == 0
                   && Double.compare(highConfidencePrecision, that.highConfidencePrecision) == 0
                   && highConfidenceZones == that.highConfidenceZones && retrains == that.retrains
                   && swaps == that.swaps && spikes == that.spikes
                   && Double.compare(trainSeconds, that.trainSeconds) == 0 && Objects.equals(blend, that.blend)
                   && Objects.equals(served, that.served) && Objects.equals(onsets, that.onsets)
                   && Objects.equals(servedBy, that.servedBy) && Objects.equals(servedRatesBy, that.servedRatesBy);
        }

        @Override
        public int hashCode()
        {
            int h = segments;
            h = 31 * h + origins;
            h = 31 * h + Objects.hashCode(model);
            h = 31 * h + Objects.hashCode(seasonalNaive);
            h = 31 * h + Objects.hashCode(reactive);
            h = 31 * h + Objects.hashCode(reliability);
            h = 31 * h + Double.hashCode(coverage);
            h = 31 * h + Double.hashCode(highConfidencePrecision);
            h = 31 * h + highConfidenceZones;
            h = 31 * h + retrains;
            h = 31 * h + swaps;
            h = 31 * h + spikes;
            h = 31 * h + Double.hashCode(trainSeconds);
            h = 31 * h + Objects.hash(blend, served, onsets, servedBy, servedRatesBy);
            return h;
        }

        @Override
        public String toString()
        {
            return "Report[segments=" + segments + ", origins=" + origins + ", model=" + model
                   + ", seasonalNaive=" + seasonalNaive + ", reactive=" + reactive + ", reliability=" + reliability
                   + ", coverage=" + coverage + ", highConfidencePrecision=" + highConfidencePrecision
                   + ", highConfidenceZones=" + highConfidenceZones + ", retrains=" + retrains + ", swaps=" + swaps
                   + ", spikes=" + spikes + ", trainSeconds=" + trainSeconds + ", blend=" + blend + ", served=" + served
                   + ", onsets=" + onsets + ", servedBy=" + servedBy + ", servedRatesBy=" + servedRatesBy + "]";
        }
    }

    /** Values kept per segment of a forecast until its horizon has passed: predicted, actual, state at the origin, confidence, threshold. */
    private static final int RECORD = 5;

    private final SegmentSeries series;
    private final EventSchedule events;
    private final Settings settings;

    public WalkForward(SegmentSeries series, EventSchedule events, Settings settings)
    {
        this.series = series;
        this.events = events;
        this.settings = settings;
    }

    /** The predicted hot set of one method at one origin: candidates over their threshold, the top K by ratio. */
    static boolean[] hotZones(double[] predicted, double[] threshold, int topK)
    {
        double[] ratio = new double[predicted.length];
        for (int s = 0; s < ratio.length; s++)
            ratio[s] = predicted[s] / threshold[s];
        return top(ratio, 1.0, topK);
    }

    /** Segments whose score reaches {@code floor}, the {@code topK} highest. */
    static boolean[] top(double[] score, double floor, int topK)
    {
        Integer[] candidates = IntStream.range(0, score.length).filter(s -> score[s] >= floor).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(candidates, (a, b) -> Double.compare(score[b], score[a]));
        boolean[] hot = new boolean[score.length];
        for (int k = 0; k < Math.min(topK, candidates.length); k++)
            hot[candidates[k]] = true;
        return hot;
    }

    /**
     * The model's zones: segments whose calibrated confidence reaches the cutoff ({@link ZoneCutoff}), the top K by
     * confidence (ties by predicted ratio). A point forecast regresses to the typical level; the calibrated probability
     * keeps the spread of its past errors, which is what says whether a spike is likely. Until errors are known, the
     * point forecast decides.
     */
    static boolean[] modelZones(double[] predicted, double[] threshold, double[] confidence, boolean calibrated, double cutoff, int topK)
    {
        if (!calibrated)
            return hotZones(predicted, threshold, topK);
        double[] score = new double[predicted.length];
        for (int s = 0; s < score.length; s++)
            score[s] = confidence[s] + 1e-6 * Math.min(1, predicted[s] / threshold[s] / 1000);
        return top(score, cutoff, topK);
    }

    private double[] thresholds(int i)
    {
        double[] t = new double[series.size()];
        for (int s = 0; s < t.length; s++)
            t[s] = settings.rule().threshold(series, s, i);
        return t;
    }

    /** Every candidate's forecasts at one origin and what happened, kept until the horizon has passed. */
    private static final class Forecasts
    {
        final int origin;
        final boolean[][] zones;
        final boolean[] hot;
        final double[][] rates;
        final double[] actual;

        Forecasts(int origin, boolean[][] zones, boolean[] hot, double[][] rates, double[] actual)
        {
            this.origin = origin;
            this.zones = zones;
            this.hot = hot;
            this.rates = rates;
            this.actual = actual;
        }
    }

    /** Blend candidates: reactive's zones the model gives at least this confidence join the model's (top K by confidence). */
    private static final double[] BLEND_CUTOFFS = { 0.0, 0.25, 0.5 };
    /** Resolved origins the serving choice looks at, in validation windows: long, a short one chases noise. */
    private static final int SERVING_WINDOWS = 8;

    /** How many resolved origins the serving choice looks back on. */
    public int servingWindow()
    {
        return SERVING_WINDOWS * settings.validation();
    }

    public Report run()
    {
        int h = settings.horizon();
        int minHistory = Math.max(7, 7 * series.stepsPerDay());
        int needed = minHistory + settings.validation() + 2 * h - 1; // the rate forest's training origins end h steps before the validation ones
        if (settings.from() < needed)
            throw new IllegalArgumentException("need at least " + needed + " steps of history before the first scored origin");
        int window = servingWindow();
        Features features = new Features(series, events, settings.rule(), h);
        Predictor seasonal = Predictor.seasonalNaive(series, h), reactive = Predictor.reactive(series);
        Scores model = new Scores(), seasonalScores = new Scores(), reactiveScores = new Scores(), blendScores = new Scores(), servedScores = new Scores();
        // Reactive is the reference: once a validation window of outcomes is known, another method serves only while it
        // does better by a margin (never worse than it); the first blend serves until then (reactive names no onset).
        // Not seasonal-naive: on the NYC development window, chosen on short windows, it served F1 0.22-0.25 against
        // reactive's 0.34 (docs/evaluation.md); it is scored beside the others.
        List<String> zoneMethods = new java.util.ArrayList<>(List.of("reactive", "model"));
        for (double c : BLEND_CUTOFFS)
            zoneMethods.add(String.format(Locale.ROOT, "blend>=%.2f", c));
        List<String> rateMethods = List.of("model", "reactive", "seasonal-naive");
        ServingChoice choice = new ServingChoice(zoneMethods, rateMethods, window, settings.validation(), 2);
        ServingChoice blendChoice = new ServingChoice(zoneMethods.subList(2, 2 + BLEND_CUTOFFS.length), rateMethods, window, settings.validation(), 0);
        Map<String, Scores> onsets = new LinkedHashMap<>();
        for (String m : List.of("model", "seasonal-naive", "reactive", "blend", "served"))
            onsets.put(m, new Scores());
        Map<String, Integer> servedBy = new LinkedHashMap<>(), servedRatesBy = new LinkedHashMap<>();
        Deque<Forecasts> unresolved = new ArrayDeque<>(); // to the serving choice once their horizon has passed
        ResidualCalibrator calibrator = new ResidualCalibrator(20_000);
        ZoneCutoff cutoff = new ZoneCutoff(settings.validation() * 4);
        Deque<double[]> pending = new ArrayDeque<>(); // origin, then RECORD values per segment; released once the horizon passed
        int bins = 10;
        int[] zoneBins = new int[bins], hotBins = new int[bins];
        long covered = 0, intervals = 0;
        int retrains = 0, spikes = 0, highZones = 0, highHot = 0;
        double trainSeconds = 0;
        Champion<TreeForecaster> champion = new Champion<>();
        TreeForecaster serving = null;
        SpikeDetector detector = null;
        int lastTrain = Integer.MIN_VALUE;
        int[] all = IntStream.range(0, series.size()).toArray();
        int origins = 0;
        for (int i = settings.from(); i + h < settings.to(); i++)
        {
            if (champion.current() == null || i - lastTrain >= settings.retrainEvery())
            {
                long t0 = System.nanoTime();
                int trainTo = i - h, validationFrom = trainTo - settings.validation() + 1;
                TreeForecaster challenger = TreeForecaster.train(series, features, h, minHistory, TreeForecaster.lastRateOrigin(validationFrom, h), trainTo,
                                                                 settings.tree());
                champion.offer(challenger, m -> Champion.zoneF1(m, series, settings.rule(), all, validationFrom, trainTo, h, settings.topK()));
                serving = champion.current().withHotForestOf(challenger); // the hot forest has no challenger: always the newest
                if (settings.spikes())
                    detector = SpikeDetector.train(series, settings.rule(), minHistory, i, 4000, settings.tree().seed());
                trainSeconds += (System.nanoTime() - t0) / 1e9;
                retrains++;
                lastTrain = i;
            }
            while (!pending.isEmpty() && pending.peekFirst()[0] + h <= i)
            {
                double[] done = pending.removeFirst();
                int n = (done.length - 1) / RECORD;
                double[] doneConfidence = new double[n];
                boolean[] doneHot = new boolean[n];
                for (int s = 0; s < n; s++)
                {
                    int k = 1 + RECORD * s;
                    if (series.firstSeen(s) <= done[0]) // a segment unknown at the origin says nothing of the model's errors
                        calibrator.add(done[k], done[k + 1], ResidualCalibrator.State.values()[(int) done[k + 2]]);
                    doneConfidence[s] = done[k + 3];
                    doneHot[s] = done[k + 1] >= done[k + 4];
                }
                cutoff.add(doneConfidence, doneHot, settings.topK());
            }
            while (!unresolved.isEmpty() && unresolved.peekFirst().origin + h <= i)
            {
                Forecasts done = unresolved.removeFirst();
                choice.resolved(done.zones, done.hot, done.rates, done.actual);
                blendChoice.resolved(java.util.Arrays.copyOfRange(done.zones, 2, 2 + BLEND_CUTOFFS.length), done.hot, done.rates, done.actual);
            }
            double[] t = thresholds(i);
            TreeForecaster.Batch batch = serving.predictBoth(all, i);
            double[] pm = batch.rate();
            double[] actual = new double[all.length], ps = new double[all.length], pr = new double[all.length];
            for (int s : all)
            {
                actual[s] = series.maxAhead(s, i, h);
                ps[s] = seasonal.predict(s, i);
                pr[s] = reactive.predict(s, i);
                if (series.firstSeen(s) > i)
                    pm[s] = 0; // not seen yet: at this origin nobody knows it exists (the baselines say 0 as well)
                if (detector != null && detector.isSpike(s, i) && pm[s] < series.at(s, i))
                {
                    pm[s] = series.at(s, i);
                    spikes++;
                }
            }
            double[] confidence = new double[all.length];
            ResidualCalibrator.State[] state = new ResidualCalibrator.State[all.length];
            for (int s : all)
            {
                state[s] = ResidualCalibrator.State.of(series.at(s, i), t[s]);
                confidence[s] = TreeForecaster.hotConfidence(calibrator, pm[s], t[s], state[s], batch.hotProbability()[s]);
            }
            ZoneCutoff.Learned learned = cutoff.learned();
            boolean[] hm = modelZones(pm, t, confidence, calibrator.size() >= 100, learned.cutoff(), settings.topK());
            boolean[] hs = hotZones(ps, t, settings.topK()), hr = hotZones(pr, t, settings.topK());
            boolean[][] zones = new boolean[zoneMethods.size()][];
            zones[0] = hr;
            zones[1] = hm;
            for (int b = 0; b < BLEND_CUTOFFS.length; b++)
                zones[2 + b] = blend(hm, hr, confidence, BLEND_CUTOFFS[b], settings.topK());
            boolean[] hot = new boolean[all.length];
            for (int s : all)
                hot[s] = actual[s] >= t[s];
            double[][] rates = { pm, pr, ps };
            unresolved.addLast(new Forecasts(i, zones, hot, rates, actual));
            double[] record = new double[1 + RECORD * all.length];
            record[0] = i;
            for (int s : all)
            {
                int k = 1 + RECORD * s;
                record[k] = pm[s];
                record[k + 1] = actual[s];
                record[k + 2] = state[s].ordinal();
                record[k + 3] = confidence[s];
                record[k + 4] = t[s];
            }
            pending.addLast(record);

            boolean[] hb = zones[2 + blendChoice.zones()], hv = zones[choice.zones()];
            double[] pv = rates[choice.rates()];
            servedBy.merge(choice.zoneMethod(), 1, Integer::sum);
            servedRatesBy.merge(choice.rateMethod(), 1, Integer::sum);
            for (int s : all)
            {
                score(model, hm[s], hot[s], pm[s], actual[s], s, i, t[s]);
                score(seasonalScores, hs[s], hot[s], ps[s], actual[s], s, i, t[s]);
                score(reactiveScores, hr[s], hot[s], pr[s], actual[s], s, i, t[s]);
                score(blendScores, hb[s], hot[s], pm[s], actual[s], s, i, t[s]);
                score(servedScores, hv[s], hot[s], pv[s], actual[s], s, i, t[s]);
                if (series.at(s, i) < t[s]) // not hot at the origin: an onset if it turns hot
                {
                    score(onsets.get("model"), hm[s], hot[s], pm[s], actual[s], s, i, t[s]);
                    score(onsets.get("seasonal-naive"), hs[s], hot[s], ps[s], actual[s], s, i, t[s]);
                    score(onsets.get("reactive"), hr[s], hot[s], pr[s], actual[s], s, i, t[s]);
                    score(onsets.get("blend"), hb[s], hot[s], pm[s], actual[s], s, i, t[s]);
                    score(onsets.get("served"), hv[s], hot[s], pv[s], actual[s], s, i, t[s]);
                }
                if (hm[s])
                {
                    double claimed = learned.calibrated(confidence[s]);
                    int bin = Math.min(bins - 1, (int) (claimed * bins));
                    zoneBins[bin]++;
                    if (hot[s]) hotBins[bin]++;
                    if (claimed >= 0.8)
                    {
                        highZones++;
                        if (hot[s]) highHot++;
                    }
                }
                double lo = Math.log1p(pm[s]) + calibrator.quantile(pm[s], 0.1, state[s]), hi = Math.log1p(pm[s]) + calibrator.quantile(pm[s], 0.9, state[s]);
                double a = Math.log1p(actual[s]);
                if (calibrator.size() > 0)
                {
                    intervals++;
                    if (a >= lo && a <= hi) covered++;
                }
            }
            origins++;
        }
        return new Report(series.size(), origins, model, seasonalScores, reactiveScores, new Reliability(zoneBins, hotBins),
                          intervals == 0 ? 0 : covered / (double) intervals, highZones == 0 ? Double.NaN : highHot / (double) highZones,
                          highZones, retrains, champion.replacements(), spikes, trainSeconds, blendScores, servedScores, onsets, servedBy, servedRatesBy);
    }

    /**
     * The model's zones and the reactive rule's (keys hot now) to which the model gives at least {@code floor} of
     * confidence, the top K of them by confidence: persistence where the model agrees it may go on, the model's
     * onsets beside it.
     */
    static boolean[] blend(boolean[] model, boolean[] reactive, double[] confidence, double floor, int topK)
    {
        double[] score = new double[model.length];
        for (int s = 0; s < score.length; s++)
            score[s] = model[s] || reactive[s] && confidence[s] >= floor ? confidence[s] + (model[s] ? 1e-9 : 0) : -1;
        return top(score, 0, topK);
    }

    private void score(Scores scores, boolean predicted, boolean hot, double p, double a, int s, int i, double threshold)
    {
        scores.add(predicted, hot);
        scores.addError(p, a);
        if (predicted && hot)
            for (int k = 1; k <= settings.horizon(); k++)
                if (series.at(s, i + k) >= threshold)
                {
                    scores.addLead(k);
                    break;
                }
    }

    public static String reliabilityTable(Reliability r)
    {
        StringBuilder b = new StringBuilder("Confidence  Zones  Turned hot\n");
        for (int bin = 0; bin < r.zones().length; bin++)
            if (r.zones()[bin] > 0)
                b.append(String.format(Locale.ROOT, "%.1f-%.1f   %6d  %6.1f %%%n", bin / 10.0, (bin + 1) / 10.0, r.zones()[bin], 100 * r.observed(bin)));
        return b.toString();
    }
}
