package io.hotzone.forecast;

/**
 * The feature vector of a segment at a forecast origin {@code i}. Reads only counts at steps {@code <= i} (and events,
 * which are announced ahead), never the future: {@code FeaturesTest} proves it by corrupting every later step.
 */
public final class Features
{
    public static final String[] NAMES = {
        "lag0", "lag1", "lag2", "mean6", "season_day", "season_week", "tod_sin", "tod_cos", "dow_sin", "dow_cos",
        "trend", "rolling_mean", "rolling_max_day", "ratio_to_median", "threshold", "event_ahead", "event_multiplier",
        "event_steps_to_start", "event_active", "age", "zero_run", "active_share" };

    private final SegmentSeries series;
    private final EventSchedule events;
    private final HotRule rule;
    private final int horizon;

    public Features(SegmentSeries series, EventSchedule events, HotRule rule, int horizon)
    {
        this.series = series;
        this.events = events;
        this.rule = rule;
        this.horizon = horizon;
    }

    /** The rule that says when a segment counts as hot (its threshold is a feature, and the target of the hot forest). */
    public HotRule rule()
    {
        return rule;
    }

    /** Whether segment {@code s} had appeared by step {@code i}. */
    public boolean seen(int s, int i)
    {
        return series.firstSeen(s) <= i;
    }

    private static double log(double x)
    {
        return Math.log1p(Math.max(0, x));
    }

    public double[] of(int s, int i)
    {
        int day = series.stepsPerDay();
        int week = 7 * day;
        double[] f = new double[NAMES.length];
        f[0] = log(series.at(s, i));
        f[1] = log(series.at(s, i - 1));
        f[2] = log(series.at(s, i - 2));
        double sum = 0;
        for (int k = 0; k < 6; k++)
            sum += series.at(s, i - k);
        f[3] = log(sum / 6);
        // Seasonal lags of the target steps: the same steps one day / one week back, all at or before the origin.
        f[4] = day >= horizon && day > 1 ? log(maxBack(s, i, day)) : f[0];
        f[5] = week >= horizon ? log(maxBack(s, i, week)) : f[0];
        double tod = (i + 1) % day / (double) day, dow = ((i + 1) / day) % 7 / 7.0;
        f[6] = Math.sin(2 * Math.PI * tod);
        f[7] = Math.cos(2 * Math.PI * tod);
        f[8] = Math.sin(2 * Math.PI * dow);
        f[9] = Math.cos(2 * Math.PI * dow);
        f[10] = trend(s, i, Math.min(24, Math.max(6, day)));
        int window = rule.medianWindow(series);
        double rsum = 0, rmax = 0;
        int from = Math.max(0, i - window + 1);
        for (int k = from; k <= i; k++)
            rsum += series.at(s, k);
        for (int k = Math.max(0, i - day + 1); k <= i; k++)
            rmax = Math.max(rmax, series.at(s, k));
        f[11] = log(rsum / (i - from + 1));
        f[12] = log(rmax);
        double threshold = rule.threshold(series, s, i);
        f[13] = f[0] - log(threshold / rule.multiple());
        f[14] = log(threshold);
        EventSchedule.Window w = events.within(s, i, horizon);
        f[15] = w == null ? 0 : 1;
        f[16] = w == null ? 0 : Math.log(w.multiplier());
        f[17] = w == null ? horizon + 1 : Math.max(0, w.start() - i);
        f[18] = Math.log(events.activeAt(s, i));
        f[19] = log(i - series.firstSeen(s));
        // Partitions go quiet (a tenant stops writing, a sensor is off): how long it has been silent, and how much of the
        // recent window it was active, tell a dormant segment from one with a quiet day.
        int zeros = 0;
        while (zeros < window && i - zeros >= 0 && series.at(s, i - zeros) == 0)
            zeros++;
        f[20] = log(zeros);
        int active = 0;
        for (int k = from; k <= i; k++)
            if (series.at(s, k) > 0)
                active++;
        f[21] = active / (double) (i - from + 1);
        return f;
    }

    private double maxBack(int s, int i, int lag)
    {
        double max = 0;
        for (int h = 1; h <= horizon; h++)
            max = Math.max(max, series.at(s, i + h - lag));
        return max;
    }

    /** Least-squares slope of log counts over the last {@code n} steps, per step. */
    private double trend(int s, int i, int n)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int k = 0; k < n; k++)
        {
            double x = k, y = log(series.at(s, i - n + 1 + k));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? 0 : (n * sxy - sx * sy) / d;
    }
}
