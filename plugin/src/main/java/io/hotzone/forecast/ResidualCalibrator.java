package io.hotzone.forecast;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Confidence from the model's own past errors: residuals {@code log1p(actual) - log1p(predicted)} of forecasts whose
 * horizon has passed, kept per band of predicted level (small counts err more in log scale) and per state (whether
 * the segment was already hot at the origin: hot spells persist, so their errors differ). The confidence that a
 * segment turns hot is the share of past residuals that would lift this prediction to the threshold: an empirical,
 * conformal-style probability rather than the forest's own spread.
 */
public final class ResidualCalibrator
{
    private static final double[] BANDS = { 1.5, 3, 4.5 };
    private final int capacity;
    private final Deque<Double>[] residuals;
    private double[][] sorted;

    @SuppressWarnings("unchecked")
    public ResidualCalibrator(int capacity)
    {
        this.capacity = capacity;
        this.residuals = new Deque[2 * (BANDS.length + 1)];
        for (int b = 0; b < residuals.length; b++)
            residuals[b] = new ArrayDeque<>();
    }

    private static int band(double predictedLog, boolean hotNow)
    {
        int b = 0;
        while (b < BANDS.length && predictedLog >= BANDS[b])
            b++;
        return hotNow ? b + BANDS.length + 1 : b;
    }

    public void add(double predicted, double actual, boolean hotNow)
    {
        double p = Math.log1p(predicted);
        Deque<Double> d = residuals[band(p, hotNow)];
        d.addLast(Math.log1p(actual) - p);
        if (d.size() > capacity)
            d.removeFirst();
        sorted = null;
    }

    private double[] sortedBand(double predictedLog, boolean hotNow)
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
        int b = band(predictedLog, hotNow);
        // A band without enough history borrows from the not-hot bands, then from lower ones.
        if (sorted[b].length < 30 && hotNow)
            b = band(predictedLog, false);
        while (sorted[b].length < 30 && b > 0)
            b--;
        return sorted[b];
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
    public double confidence(double predicted, double threshold, boolean hotNow)
    {
        double p = Math.log1p(predicted);
        double[] r = sortedBand(p, hotNow);
        if (r.length == 0)
            return predicted >= threshold ? 0.5 : 0;
        double needed = Math.log1p(threshold) - p;
        int below = lowerBound(r, needed);
        return (r.length - below) / (double) r.length;
    }

    /** Residual quantile for an interval around a prediction. */
    public double quantile(double predicted, double q, boolean hotNow)
    {
        double[] r = sortedBand(Math.log1p(predicted), hotNow);
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
