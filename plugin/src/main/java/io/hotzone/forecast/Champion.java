package io.hotzone.forecast;

import java.util.function.ToDoubleFunction;

/**
 * Champion/challenger: a newly trained model replaces the serving one only if it scores strictly better on recent
 * history that neither was trained on. Ties keep the champion (no churn for nothing). {@link #zoneF1} is what both
 * the offline walk-forward and the leader compare them on.
 */
public final class Champion<M>
{
    private M current;
    private int replacements;

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
        if (score.applyAsDouble(challenger) > score.applyAsDouble(current))
        {
            current = challenger;
            replacements++;
            return true;
        }
        return false;
    }

    /**
     * The F1 of the zones a model's rate forecast names (predicted peak over the threshold, the top K by ratio) among
     * {@code segments} at origins {@code [from, to]}, against what happened.
     */
    public static double zoneF1(TreeForecaster model, SegmentSeries series, HotRule rule, int[] segments, int from, int to, int horizon, int topK)
    {
        Scores scores = new Scores();
        for (int i = Math.max(0, from); i <= to; i++)
        {
            double[] t = new double[segments.length];
            for (int k = 0; k < segments.length; k++)
                t[k] = rule.threshold(series, segments[k], i);
            boolean[] predicted = WalkForward.hotZones(model.predictAll(segments, i), t, topK);
            for (int k = 0; k < segments.length; k++)
                scores.add(predicted[k], series.maxAhead(segments[k], i, horizon) >= t[k]);
        }
        return scores.f1();
    }
}
