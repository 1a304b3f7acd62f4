package io.hotzone.forecast;

import java.util.function.ToDoubleFunction;

/**
 * Champion/challenger: a newly trained model replaces the serving one only if it scores strictly better on recent
 * history that neither was trained on. Ties keep the champion (no churn for nothing); a score of NaN (nothing to
 * judge on: no hot outcome in the window) lets the newer model serve, so that a model trained on a quiet table's
 * first hours is not kept forever for want of evidence. {@link #zoneF1} is what both the offline walk-forward and
 * the leader compare them on.
 */
public final class Champion<M>
{
    private M current;
    private int replacements;

    public Champion()
    {
    }

    /** Starts with a serving model (the leader's, rebound to the latest history). */
    public Champion(M current)
    {
        this.current = current;
    }

    public M current()
    {
        return current;
    }

    public int replacements()
    {
        return replacements;
    }

    /** Returns true if the challenger became the champion. */
    public boolean offer(M challenger, ToDoubleFunction<M> score)
    {
        if (current == null)
        {
            current = challenger;
            return true;
        }
        double challengerScore = score.applyAsDouble(challenger);
        if (Double.isNaN(challengerScore) || challengerScore > score.applyAsDouble(current))
        {
            current = challenger;
            replacements++;
            return true;
        }
        return false;
    }

    /**
     * The F1 of the zones a model's rate forecast names (predicted peak over the threshold, the top K by ratio) among
     * {@code segments} at origins {@code [from, to]}, against what happened; NaN when nothing turned hot there.
     */
    public static double zoneF1(TreeForecaster model, SegmentSeries series, HotRule rule, int[] segments, int from, int to, int horizon, int topK)
    {
        Scores scores = new Scores();
        boolean anyHot = false;
        for (int i = Math.max(0, from); i <= to; i++)
        {
            double[] t = new double[segments.length];
            for (int k = 0; k < segments.length; k++)
                t[k] = rule.threshold(series, segments[k], i);
            boolean[] predicted = WalkForward.hotZones(model.predictAll(segments, i), t, topK);
            for (int k = 0; k < segments.length; k++)
            {
                boolean hot = series.maxAhead(segments[k], i, horizon) >= t[k];
                anyHot |= hot;
                scores.add(predicted[k], hot);
            }
        }
        return anyHot ? scores.f1() : Double.NaN;
    }
}
