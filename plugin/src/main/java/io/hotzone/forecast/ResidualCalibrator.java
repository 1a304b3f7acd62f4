package io.hotzone.forecast;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Confidence from the model's own past errors: residuals {@code log1p(actual) - log1p(predicted)} of forecasts whose
 * horizon has passed, kept per band of predicted level (small counts err more in log scale) and per {@link State} at
 * the origin (hot spells persist, and a silent segment's forecast is a guess about whether it wakes up, so their
 * errors differ from those of a segment in its usual activity). The confidence that a
 * segment turns hot is the share of past residuals that would lift this prediction to the threshold: an empirical,
 * conformal-style probability rather than the forest's own spread.
 */
public final class ResidualCalibrator
{
    private static final double[] BANDS = { 1.5, 3, 4.5 };
    /** Residuals a band needs before it speaks for itself. */
    private static final int MIN_BAND = 30;

    /** A segment's state at the forecast origin. */
    public enum State
    {
        ACTIVE, HOT, SILENT;

        public static State of(double now, double threshold)
        {
            return now >= threshold ? HOT : now == 0 ? SILENT : ACTIVE;
        }
    }

    private final int capacity;
    private final Deque<Double>[] residuals;
    private double[][] sorted;

    @SuppressWarnings("unchecked")
    public ResidualCalibrator(int capacity)
    {
        this.capacity = capacity;
        this.residuals = new Deque[State.values().length * (BANDS.length + 1)];
        for (int b = 0; b < residuals.length; b++)
            residuals[b] = new ArrayDeque<>();
    }

    private static int band(double predictedLog, State state)
    {
        int b = 0;
        while (b < BANDS.length && predictedLog >= BANDS[b])
            b++;
        return state.ordinal() * (BANDS.length + 1) + b;
    }

    public void add(double predicted, double actual, State state)
    {
        double p = Math.log1p(predicted);
        Deque<Double> d = residuals[band(p, state)];
        d.addLast(Math.log1p(actual) - p);
        if (d.size() > capacity)
            d.removeFirst();
        sorted = null;
    }

    private double[][] sorted()
    {
        if (sorted == null)
        {
            sorted = new double[residuals.length][];
            for (int b = 0; b < residuals.length; b++)
            {
                sorted[b] = residuals[b].stream().mapToDouble(Double::doubleValue).toArray();
                Arrays.sort(sorted[b]);
            }
        }
        return sorted;
    }

    private double[] sortedBand(double predictedLog, State state)
    {
        double[][] sorted = sorted();
        int b = band(predictedLog, state);
        // A band without enough history borrows from the active state's band, then from lower ones.
        if (sorted[b].length < MIN_BAND && state != State.ACTIVE)
            b = band(predictedLog, State.ACTIVE);
        while (sorted[b].length < MIN_BAND && b > 0)
            b--;
        return sorted[b];
    }

    /**
     * Whether this state has errors of its own at this predicted level. A silent segment's outcome is whether it wakes
     * up, not an error around its level, so the active segments' errors it would borrow say nothing about it.
     */
    public boolean knows(double predicted, State state)
    {
        return sorted()[band(Math.log1p(predicted), state)].length >= MIN_BAND;
    }

    /** Residuals known. */
    public int size()
    {
        int n = 0;
        for (Deque<Double> d : residuals)
            n += d.size();
        return n;
    }

    /** P(actual >= threshold) given the prediction; 0.5 before any residual is known. */
    public double confidence(double predicted, double threshold, State state)
    {
        double p = Math.log1p(predicted);
        double[] r = sortedBand(p, state);
        if (r.length == 0)
            return predicted >= threshold ? 0.5 : 0;
        double needed = Math.log1p(threshold) - p;
        int below = lowerBound(r, needed);
        return (r.length - below) / (double) r.length;
    }

    /** Residual quantile for an interval around a prediction. */
    public double quantile(double predicted, double q, State state)
    {
        double[] r = sortedBand(Math.log1p(predicted), state);
        if (r.length == 0)
            return 0;
        return r[Math.min(r.length - 1, (int) Math.floor(q * r.length))];
    }

    private static int lowerBound(double[] a, double x)
    {
        int lo = 0, hi = a.length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
