package io.hotzone.forecast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * One forecast pass at an origin: every segment predicted, thresholds applied, zones chosen by calibrated confidence
 * (the model's decision rule in {@link WalkForward}), each with its reason and predicted start. What the leader runs
 * every cycle, and what {@code bin/hotzone bench forecast} times.
 */
public final class ForecastCycle
{
    /** How far over its own median a segment hot now must be to count as a burst in reactive mode. */
    static final int REACTIVE_JUMP = 4;

    private final SegmentSeries series;
    private final EventSchedule events;
    private final HotRule rule;
    private final int horizon;
    private final int eventHorizon;

    public ForecastCycle(SegmentSeries series, EventSchedule events, HotRule rule, int horizon)
    {
        this(series, events, rule, horizon, horizon);
    }

    /**
     * @param eventHorizon how many steps after the origin an announced event counts, at least {@code horizon}. On the
     *                     cluster the origin trails the clock (the last step every node has written), but an announced
     *                     event is known whatever history says: its window is measured from the clock, so preparing a
     *                     campaign does not lose the history delay.
     */
    public ForecastCycle(SegmentSeries series, EventSchedule events, HotRule rule, int horizon, int eventHorizon)
    {
        if (eventHorizon < horizon)
            throw new IllegalArgumentException("event horizon " + eventHorizon + " is shorter than the horizon " + horizon);
        this.eventHorizon = eventHorizon;
        this.series = series;
        this.events = events;
        this.rule = rule;
        this.horizon = horizon;
    }

    /** The zones of one pass, and every segment's predicted peak, threshold and raw confidence (what feedback scores later). */
    public static final class Result
    {
        private final List<HotZone> zones;
        private final double[] predicted;
        private final double[] threshold;
        private final double[] confidence;

        public Result(List<HotZone> zones, double[] predicted, double[] threshold, double[] confidence)
        {
            this.zones = zones;
            this.predicted = predicted;
            this.threshold = threshold;
            this.confidence = confidence;
        }

        public List<HotZone> zones()
        {
            return zones;
        }

        public double[] predicted()
        {
            return predicted;
        }

        public double[] threshold()
        {
            return threshold;
        }

        public double[] confidence()
        {
            return confidence;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Result))
                return false;
            Result that = (Result) o;
            return Objects.equals(zones, that.zones) && Objects.equals(predicted, that.predicted)
                   && Objects.equals(threshold, that.threshold) && Objects.equals(confidence, that.confidence);
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(zones);
            h = 31 * h + Objects.hashCode(predicted);
            h = 31 * h + Objects.hashCode(threshold);
            h = 31 * h + Objects.hashCode(confidence);
            return h;
        }

        @Override
        public String toString()
        {
            return "Result[zones=" + zones + ", predicted=" + predicted + ", threshold=" + threshold
                   + ", confidence=" + confidence + "]";
        }
    }

    /**
     * Ranked zones (most confident first), at most {@code topK}. {@code spikes} may be null. With {@code eventPrior},
     * a segment with an announced event ahead is expected at least at its usual level (or, new, the table's typical
     * level) times the event's multiplier: an operator's announcement counts even before history has taught the
     * model what events do.
     */
    public Result run(Predictor model, ResidualCalibrator calibrator, SpikeDetector spikes, int origin, int topK, boolean eventPrior)
    {
        return run(model, calibrator, spikes, origin, topK, eventPrior, false, ZoneCutoff.Learned.UNTRAINED);
    }

    /**
     * @param reactive also flag as anomalies, whatever the spike detector says (or when there is none yet), segments hot
     *                 now at {@value #REACTIVE_JUMP} times their own median; and keep every anomaly and every hot
     *                 segment of an announced event as a zone, beyond topK. The on-cluster cycle uses it so that a sudden burst is boosted at once.
     * @param learned  the raw confidence a segment needs to be a zone, and what a raw confidence means: zones carry the
     *                 calibrated value ({@link ZoneCutoff} learns both from scored forecasts)
     */
    public Result run(Predictor model, ResidualCalibrator calibrator, SpikeDetector spikes, int origin, int topK, boolean eventPrior, boolean reactive,
                      ZoneCutoff.Learned learned)
    {
        return run(model, calibrator, spikes, origin, topK, eventPrior, reactive, learned, "model");
    }

    /**
     * As above, naming the zones of {@code served}, one of {@link ServingChoice#LEADER_METHODS}: the model's (by
     * calibrated confidence), the keys hot now, or both together; anomalies and announced events join whichever serves.
     */
    public Result run(Predictor model, ResidualCalibrator calibrator, SpikeDetector spikes, int origin, int topK, boolean eventPrior, boolean reactive,
                      ZoneCutoff.Learned learned, String served)
    {
        if (!ServingChoice.LEADER_METHODS.contains(served))
            throw new IllegalArgumentException("no such forecast method: " + served + "; one of " + ServingChoice.LEADER_METHODS);
        int[] all = IntStream.range(0, series.size()).toArray();
        double[] predicted, hotProbability = null;
        if (model instanceof TreeForecaster)
        {
            TreeForecaster.Batch batch = ((TreeForecaster) model).predictBoth(all, origin);
            predicted = batch.rate();
            hotProbability = batch.hotProbability();
        }
        else
        {
            predicted = new double[all.length];
            for (int s : all)
                predicted[s] = model.predict(s, origin);
        }
        if (eventPrior && !events.isEmpty())
        {
            double typical = typicalLevel(origin);
            for (int s : all)
            {
                EventSchedule.Window w = events.within(s, origin, eventHorizon);
                if (w != null)
                {
                    double usual = series.firstSeen(s) <= origin ? Math.max(1, series.trailingMedian(s, origin, rule.medianWindow(series))) : typical;
                    predicted[s] = Math.max(predicted[s], usual * w.multiplier());
                }
            }
        }
        double[] threshold = new double[all.length], confidence = new double[all.length];
        HotZone.Reason[] reason = new HotZone.Reason[all.length];
        boolean calibrated = calibrator.size() >= 100;
        for (int s : all)
        {
            threshold[s] = rule.threshold(series, s, origin);
            double now = series.at(s, origin);
            boolean jump = reactive && now >= threshold[s]
                           && now >= REACTIVE_JUMP * Math.max(1, series.trailingMedian(s, origin, rule.medianWindow(series)));
            if ((spikes != null && spikes.isSpike(s, origin) && predicted[s] < now) || jump)
            {
                // a burst is hot already, whatever the model makes of it now that its lags show it
                predicted[s] = Math.max(predicted[s], now);
                reason[s] = HotZone.Reason.ANOMALY;
            }
            if (reason[s] == null)
                reason[s] = events.within(s, origin, eventHorizon) != null ? HotZone.Reason.EVENT
                            : seasonalStep(s, origin, threshold[s]) > 0 ? HotZone.Reason.SEASONAL : HotZone.Reason.TREND;
        }
        boolean[] chosen = null;
        if (!served.equals("model"))
        {
            double[] now = new double[all.length];
            for (int s : all)
                now[s] = series.at(s, origin);
            chosen = ServingChoice.leaderZones(predicted, now, threshold, topK)[ServingChoice.LEADER_METHODS.indexOf(served)];
            for (int s : all)
                if (chosen[s]) // what the rule that named it predicts: the key stays as hot as now
                    predicted[s] = Math.max(predicted[s], now[s]);
        }
        for (int s : all)
        {
            if (!calibrated)
                confidence[s] = predicted[s] >= threshold[s] ? 0.5 : 0;
            else
            {
                ResidualCalibrator.State state = ResidualCalibrator.State.of(series.at(s, origin), threshold[s]);
                confidence[s] = hotProbability == null ? calibrator.confidence(predicted[s], threshold[s], state)
                                : TreeForecaster.hotConfidence(calibrator, predicted[s], threshold[s], state, hotProbability[s]);
            }
        }
        if (chosen == null)
            chosen = WalkForward.modelZones(predicted, threshold, confidence, calibrated, learned.cutoff(), topK);
        if (reactive)
            for (int s : all)
                // Spikes no model foresaw become (reactive) zones at once; an announced campaign is kept whole, so a
                // burst elsewhere in the same cycle cannot push some of its partitions past top_k.
                if ((reason[s] == HotZone.Reason.ANOMALY || reason[s] == HotZone.Reason.EVENT) && predicted[s] >= threshold[s])
                    chosen[s] = true;
        List<HotZone> zones = new ArrayList<>();
        for (int s : all)
            if (chosen[s])
                zones.add(new HotZone(series.segment(s), predicted[s], threshold[s], series.time(start(s, origin, threshold[s], reason[s])),
                                      calibrated ? learned.calibrated(confidence[s]) : confidence[s], reason[s]));
        zones.sort(Comparator.comparingDouble(HotZone::confidence).reversed());
        return new Result(zones, predicted, threshold, confidence);
    }

    /**
     * Whether segment {@code s} is expected hot only for an announced event that starts after {@code origin + horizon}
     * (events count up to the event horizon): a forecast scored over the horizon must leave it out, or the event would
     * read as a confident miss.
     */
    public boolean eventBeyondHorizon(int s, int origin)
    {
        return eventHorizon > horizon && events.within(s, origin, horizon) == null && events.within(s, origin, eventHorizon) != null;
    }

    /** Median of the segments' own medians (those that exist at the origin); at least 1. */
    private double typicalLevel(int origin)
    {
        double[] levels = IntStream.range(0, series.size()).filter(s -> series.firstSeen(s) <= origin)
                                   .mapToDouble(s -> series.trailingMedian(s, origin, rule.medianWindow(series))).sorted().toArray();
        return levels.length == 0 ? 1 : Math.max(1, levels[levels.length / 2]);
    }

    /**
     * The first step of the horizon (1-based) whose count a day or a week earlier reached the threshold, or 0. Both
     * seasons, so that a weekly peak is told from a trend (the seasonal-naive baseline itself stays daily).
     */
    private int seasonalStep(int s, int origin, double threshold)
    {
        int day = series.stepsPerDay(), week = 7 * day;
        for (int h = 1; h <= horizon; h++)
            if ((day > 1 && series.at(s, origin + h - day) >= threshold) || series.at(s, origin + h - week) >= threshold)
                return h;
        return 0;
    }

    /** The first step expected hot: the event's start, the first seasonal step over the threshold, else the next step. */
    private int start(int s, int origin, double threshold, HotZone.Reason reason)
    {
        if (reason == HotZone.Reason.ANOMALY)
            return origin;
        if (reason == HotZone.Reason.EVENT)
            return Math.max(origin + 1, events.within(s, origin, eventHorizon).start());
        if (reason == HotZone.Reason.SEASONAL)
            return origin + seasonalStep(s, origin, threshold);
        return origin + 1;
    }
}
