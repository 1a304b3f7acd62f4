package io.hotzone.forecast;

import java.util.Locale;

/** Hot-zone precision/recall/F1 (micro-averaged over origins), MAE of log counts, lead time of hits. */
public final class Scores
{
    private long truePositives, falsePositives, falseNegatives, maeCount, hits;
    private double maeSum, leadSum;
    private long forecasts;

    public void add(boolean predictedHot, boolean actuallyHot)
    {
        if (predictedHot && actuallyHot) truePositives++;
        else if (predictedHot) falsePositives++;
        else if (actuallyHot) falseNegatives++;
    }

    public void addError(double predicted, double actual)
    {
        maeSum += Math.abs(Math.log1p(predicted) - Math.log1p(actual));
        maeCount++;
    }

    /** A hit made {@code lead} steps before the first hot step. */
    public void addLead(int lead)
    {
        leadSum += lead;
        hits++;
    }

    public double precision()
    {
        return truePositives + falsePositives == 0 ? 0 : truePositives / (double) (truePositives + falsePositives);
    }

    public double recall()
    {
        return truePositives + falseNegatives == 0 ? 0 : truePositives / (double) (truePositives + falseNegatives);
    }

    public double f1()
    {
        double p = precision(), r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double maeLog()
    {
        return maeCount == 0 ? 0 : maeSum / maeCount;
    }

    public double leadTime()
    {
        return hits == 0 ? 0 : leadSum / hits;
    }

    public long truePositives()
    {
        return truePositives;
    }

    /** Forecasts scored into this. */
    public long forecasts()
    {
        return forecasts;
    }

    /** The sum of several scores (micro-averaged). */
    public static Scores sum(Iterable<Scores> parts)
    {
        Scores total = new Scores();
        for (Scores p : parts)
        {
            total.truePositives += p.truePositives;
            total.falsePositives += p.falsePositives;
            total.falseNegatives += p.falseNegatives;
            total.maeCount += p.maeCount;
            total.maeSum += p.maeSum;
            total.leadSum += p.leadSum;
            total.hits += p.hits;
            total.forecasts += Math.max(1, p.forecasts);
        }
        return total;
    }

    /** Precision, recall, F1 and lead time, as JSON (onsets have no error of their own worth reporting). */
    public String zonesJson()
    {
        return String.format(Locale.ROOT, "{\"precision\": %.4f, \"recall\": %.4f, \"f1\": %.4f, \"lead_time_steps\": %.3f}", precision(), recall(), f1(), leadTime());
    }

    public String json()
    {
        return String.format(Locale.ROOT, "{\"precision\": %.4f, \"recall\": %.4f, \"f1\": %.4f, \"mae_log\": %.4f}", precision(), recall(), f1(), maeLog());
    }
}
