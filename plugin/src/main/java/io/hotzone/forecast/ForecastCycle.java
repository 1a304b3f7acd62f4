package io.hotzone.forecast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One forecast pass at an origin: every segment predicted, thresholds applied, zones chosen by calibrated confidence
 * (the model's decision rule in {@link WalkForward}), each with its reason and predicted start. What the leader runs
 * every cycle, and what {@code bin/hotzone bench forecast} times.
 */
public final class ForecastCycle
{
    private final SegmentSeries series;
    private final EventSchedule events;
    private final HotRule rule;
    private final int horizon;

    public ForecastCycle(SegmentSeries series, EventSchedule events, HotRule rule, int horizon)
    {
        this.series = series;
        this.events = events;
        this.rule = rule;
        this.horizon = horizon;
    }

    /** Ranked zones (most confident first), at most {@code topK}. {@code spikes} may be null. */
    public List<HotZone> run(TreeForecaster model, ResidualCalibrator calibrator, SpikeDetector spikes, int origin, int topK)
    {
        int[] all = IntStream.range(0, series.size()).toArray();
        double[] predicted = model.predictAll(all, origin);
        double[] threshold = new double[all.length], confidence = new double[all.length];
        HotZone.Reason[] reason = new HotZone.Reason[all.length];
        Predictor seasonal = Predictor.seasonalNaive(series, horizon);
        boolean calibrated = calibrator.size() >= 100;
        for (int s : all)
        {
            threshold[s] = rule.threshold(series, s, origin);
            if (spikes != null && spikes.isSpike(s, origin) && predicted[s] < series.at(s, origin))
            {
                predicted[s] = series.at(s, origin);
                reason[s] = HotZone.Reason.ANOMALY;
            }
            confidence[s] = calibrated ? calibrator.confidence(predicted[s], threshold[s]) : (predicted[s] >= threshold[s] ? 0.5 : 0);
            if (reason[s] == null)
                reason[s] = events.within(s, origin, horizon) != null ? HotZone.Reason.EVENT
                            : seasonal.predict(s, origin) >= threshold[s] ? HotZone.Reason.SEASONAL : HotZone.Reason.TREND;
        }
        boolean[] chosen = WalkForward.modelZones(predicted, threshold, confidence, calibrated, topK);
        List<HotZone> zones = new ArrayList<>();
        for (int s : all)
            if (chosen[s])
                zones.add(new HotZone(series.segment(s), predicted[s], threshold[s], series.time(start(s, origin, threshold[s], reason[s])),
                                      confidence[s], reason[s]));
        zones.sort(Comparator.comparingDouble(HotZone::confidence).reversed());
        return zones;
    }

    /** The first step expected hot: the event's start, the first seasonal step over the threshold, else the next step. */
    private int start(int s, int origin, double threshold, HotZone.Reason reason)
    {
        if (reason == HotZone.Reason.ANOMALY)
            return origin;
        if (reason == HotZone.Reason.EVENT)
            return Math.max(origin + 1, events.within(s, origin, horizon).start());
        if (reason == HotZone.Reason.SEASONAL)
        {
            int season = series.stepsPerDay() > 1 ? series.stepsPerDay() : 7;
            for (int h = 1; h <= horizon; h++)
                if (series.at(s, origin + h - season) >= threshold)
                    return origin + h;
        }
        return origin + 1;
    }
}
