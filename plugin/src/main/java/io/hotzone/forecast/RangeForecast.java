package io.hotzone.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.hotzone.capture.RingRanges;
import io.hotzone.capture.TableRef;
import io.hotzone.events.Event;
import io.hotzone.history.HistoryRow;

/**
 * Forecasts hot token ranges of one table from the capture's per-sub-range counts, reads and writes apart, the way
 * partitions are forecast: the same hot rule (a sub-range is hot at {@code multiple} times its own trailing median),
 * the same reasons (event, seasonal, trend, anomaly) and announced events that target a token range. The
 * predictor is the baseline that serves partitions before a model exists (the larger of now and a season back): 256
 * sub-ranges per table are too coarse for a model to learn more from. Its confidence is calibrated on the table's own
 * recent history (the baseline's residuals over the last day of origins before this one), so a range that is
 * "hot" every other step gets a low one. Adjacent hot sub-ranges of one kind form one range. Events that name keys
 * are left to the partition forecast (how much of its sub-range a key is, the counts do not say), and so are events
 * on the whole table: they heat every range alike, which no move or range mirror changes.
 */
public final class RangeForecast
{
    private static final int MAX_CALIBRATION_ORIGINS = 288;

    private final RingRanges ranges;
    private final HotRule rule;
    private final int horizon;
    private final int topK;

    /**
     * @param subRanges the capture's sub-ranges per table (capture.ranges)
     * @param horizon   steps ahead a forecast looks
     * @param topK      sub-ranges per kind, at most, beyond those an event or an anomaly names
     */
    public RangeForecast(int subRanges, HotRule rule, int horizon, int topK)
    {
        this.ranges = new RingRanges(subRanges);
        this.rule = rule;
        this.horizon = horizon;
        this.topK = topK;
    }

    /** One series per sub-range of the table's reads or writes, nodes summed, steps of {@code step} from {@code from}. */
    public SegmentSeries series(List<HistoryRow> rows, HotRange.Kind kind, Instant from, Instant to, Duration step)
    {
        StepGrid grid = new StepGrid(from, to, step);
        int steps = grid.steps;
        double[][] counts = new double[ranges.count()][steps];
        for (HistoryRow row : rows)
        {
            int i = grid.index(row.startMillis());
            long[] c = kind == HotRange.Kind.READS ? row.snapshot().rangeReads() : row.snapshot().rangeWrites();
            if (i < 0 || c.length != ranges.count())
                continue; // outside the window, or written under another capture.ranges
            for (int s = 0; s < c.length; s++)
                counts[s][i] += c[s];
        }
        List<String> names = new ArrayList<>();
        for (int s = 0; s < ranges.count(); s++)
            names.add(Integer.toString(s));
        return new SegmentSeries(names, counts, grid.startInstant(), step);
    }

    /**
     * Hot ranges of both kinds, most confident first.
     *
     * @param rows         the table's access-log rows from {@code from} on
     * @param events       the table's announced events
     * @param historyDelay how long after a step ends until every node has written it: the last such step is the origin
     */
    public List<HotRange> forecast(TableRef table, List<HistoryRow> rows, List<Event> events, Instant from, Instant now, Duration step, Duration historyDelay)
    {
        List<HotRange> out = new ArrayList<>();
        for (HotRange.Kind kind : HotRange.Kind.values())
            out.addAll(forecast(table, kind, series(rows, kind, from, now, step), events, now, historyDelay));
        out.sort(Comparator.comparingDouble(HotRange::confidence).reversed().thenComparing(Comparator.comparingDouble(HotRange::predictedPeak).reversed()));
        return out;
    }

    List<HotRange> forecast(TableRef table, HotRange.Kind kind, SegmentSeries series, List<Event> events, Instant now,
                            Duration historyDelay)
    {
        int origin = series.indexOf(now.minus(historyDelay)) - 1;
        if (origin < 1)
            return List.of();
        EventSchedule schedule = schedule(events, series);
        Predictor seasonal = Predictor.seasonalNaive(series, horizon);
        Predictor baseline = (s, i) -> Math.max(series.at(s, i), seasonal.predict(s, i));
        ResidualCalibrator calibrator = new ResidualCalibrator(20_000);
        // Each sub-range's threshold at the origin stands for the day before it: a trailing median per origin and
        // sub-range would cost a sort of a week of steps each, every cycle.
        double[] threshold = new double[series.size()];
        for (int s = 0; s < series.size(); s++)
            threshold[s] = rule.threshold(series, s, origin);
        for (int o = Math.max(1, origin - horizon - Math.min(MAX_CALIBRATION_ORIGINS, Math.max(1, series.stepsPerDay()))); o <= origin - horizon; o++)
            for (int s = 0; s < series.size(); s++)
                calibrator.add(baseline.predict(s, o), series.maxAhead(s, o, horizon), ResidualCalibrator.State.of(series.at(s, o), threshold[s]));
        int clock = Math.max(origin, series.indexOf(now));
        int eventHorizon = horizon + clock - origin;
        ForecastCycle cycle = new ForecastCycle(series, schedule, rule, horizon, eventHorizon);
        ForecastCycle.Result result = cycle.run(baseline, calibrator, null, origin, topK, true, true, ZoneCutoff.Learned.UNTRAINED);
        Instant horizonEnd = series.time(clock + 1 + horizon);
        HotZone[] bySubRange = new HotZone[series.size()];
        for (HotZone z : result.zones())
            bySubRange[Integer.parseInt(z.segment())] = z;
        List<HotRange> out = new ArrayList<>();
        for (int s = 0; s < bySubRange.length; s++)
        {
            if (bySubRange[s] == null)
                continue;
            // Announced and merely forecast sub-ranges stay apart: the planner boosts announced ranges only, and a
            // merged range would take the reason of its busiest part.
            boolean announced = bySubRange[s].reason() == HotZone.Reason.EVENT;
            int last = s;
            while (last + 1 < bySubRange.length && bySubRange[last + 1] != null && (bySubRange[last + 1].reason() == HotZone.Reason.EVENT) == announced)
                last++;
            out.add(merge(table, kind, bySubRange, s, last, schedule, series, origin, eventHorizon, horizonEnd));
            s = last;
        }
        return out;
    }

    /** One range of adjacent hot sub-ranges; it ends with its events (the latest), else with the horizon. */
    private HotRange merge(TableRef table, HotRange.Kind kind, HotZone[] zones, int first, int last, EventSchedule schedule, SegmentSeries series, int origin,
                           int eventHorizon, Instant horizonEnd)
    {
        double peak = 0, threshold = 0, confidence = 1;
        Instant start = null, end = null;
        HotZone top = zones[first];
        for (int s = first; s <= last; s++)
        {
            HotZone z = zones[s];
            peak += z.predictedPeak();
            threshold += z.threshold();
            confidence = Math.min(confidence, z.confidence());
            start = start == null || z.predictedStart().isBefore(start) ? z.predictedStart() : start;
            if (z.predictedPeak() > top.predictedPeak())
                top = z;
            EventSchedule.Window w = z.reason() == HotZone.Reason.EVENT ? schedule.within(s, origin, eventHorizon) : null;
            if (w != null && (end == null || series.time(w.end()).isAfter(end)))
                end = series.time(w.end());
        }
        if (end == null)
            end = horizonEnd;
        long startToken = first == 0 ? Long.MIN_VALUE : ranges.start(first) - 1;
        return new HotRange(table, kind, first, last, startToken, ranges.end(last), peak, threshold, start, end, confidence, top.reason());
    }

    /** Announced events that target a token range, by the sub-ranges it touches. */
    private EventSchedule schedule(List<Event> events, SegmentSeries series)
    {
        EventSchedule schedule = new EventSchedule();
        for (Event e : events)
        {
            Set<Integer> targets = new HashSet<>();
            if (e.tokenRange() != null)
            {
                long[] touched = new long[ranges.count()];
                ranges.addCovered(touched, e.tokenRange().start(), e.tokenRange().end());
                for (int s = 0; s < touched.length; s++)
                    if (touched[s] > 0)
                        targets.add(s);
            }
            if (!targets.isEmpty())
                schedule.add(e.name(), e.start(), e.end(), e.multiplier(), targets, series);
        }
        return schedule;
    }
}
