package io.hotzone.forecast;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Which method's zones, and which rate forecast, a table is served: the one that did best over the latest origins
 * whose outcome is known (a rolling validation window that only ever looks back, so it never overlaps what it is
 * scored on). Where "what is hot now stays hot" is the best forecast (daily counts close to a random walk) the
 * reactive rule serves; where the data has structure the model does.
 * <p>
 * Zones are chosen by F1 over the window, rates by the error of log counts. Once the window holds enough outcomes,
 * a method other than the first candidate (the simple rule) serves zones only while it beats it by {@link #MARGIN}
 * in F1; rates change only on a full window, by {@link #RATE_MARGIN} of the error: switching on noise costs
 * more than it gains. Ties go to the earlier method in the candidates'
 * order. While nothing in the window turned hot there is nothing to tell the methods apart, and a stated candidate
 * serves (the leader's: the model's zones with the keys hot now); the same candidate serves until the window holds
 * enough outcomes: the simple rule names no onset, and serving it through the warm-up lost the onsets of the first
 * validation window (onset recall 0.297 and 0.281 instead of 0.32 on two development traces).
 */
public final class ServingChoice
{
    /**
     * The leader's candidates, in this order: the simple rule first, the blend through the warm-up and while nothing turned hot. Not
     * seasonal-naive: chosen on short windows it served far below every method on the NYC development window.
     */
    public static final List<String> LEADER_METHODS = List.of("reactive", "model", "model+reactive");
    public static final int LEADER_NO_EVIDENCE = 2;

    /**
     * The leader's candidates' zones at one origin, in {@link #LEADER_METHODS} order: keys hot now (reactive), the
     * model's, both together; each at most {@code topK}, ranked by predicted/threshold (the model's on the cluster
     * by calibrated confidence: this judges its rate forecast, which both rankings follow).
     */
    public static boolean[][] leaderZones(double[] model, double[] now, double[] threshold, int topK)
    {
        double[] both = new double[model.length];
        boolean[] hm = WalkForward.hotZones(model, threshold, topK), hr = WalkForward.hotZones(now, threshold, topK);
        for (int s = 0; s < both.length; s++)
            both[s] = hm[s] || hr[s] ? Math.max(model[s], now[s]) : 0;
        return new boolean[][]{ hr, hm, WalkForward.hotZones(both, threshold, topK) };
    }

    /** Each zone method's F1 over the window, for people: "reactive 0.37, model 0.36, …". */
    public String summary()
    {
        StringBuilder b = new StringBuilder();
        for (int m = 0; m < zoneMethods.size(); m++)
            b.append(m == 0 ? "" : ", ").append(zoneMethods.get(m)).append(' ').append(String.format(java.util.Locale.ROOT, "%.3f", f1(m)));
        return b.append(" (F1 over the latest ").append(outcomes.size()).append(" validation steps)").toString();
    }

    /** F1 a challenger must gain over the serving method's, over the window, to replace it. */
    static final double MARGIN = 0.01;
    /** Share of the serving rate method's error a challenger must save, over the window, to replace it. */
    static final double RATE_MARGIN = 0.1;

    private final List<String> zoneMethods;
    private final List<String> rateMethods;
    private final int window;
    // One entry per resolved origin: per zone method tp, fp, fn; then per rate method the sum of absolute log errors and a count.
    private final Deque<long[]> outcomes = new ArrayDeque<>();
    private final Deque<double[]> errors = new ArrayDeque<>();
    private final int minOutcomes;
    private final int noEvidence;
    private int servedZones, servedRates;

    /**
     * @param zoneMethods the candidates for zones, in order of preference on a tie (the first is the simple
     *                    rule the others must beat)
     * @param rateMethods the candidates for the rate forecast, likewise
     * @param window      how many resolved origins the choice looks at
     * @param minOutcomes  how many it needs before the zones are chosen by F1
     * @param noEvidence   the zone method served until then, and while nothing in the window turned hot (no method
     *                     can be told apart from another there)
     */
    public ServingChoice(List<String> zoneMethods, List<String> rateMethods, int window, int minOutcomes, int noEvidence)
    {
        if (zoneMethods.isEmpty() || rateMethods.isEmpty() || window < 1 || minOutcomes > window || noEvidence < 0 || noEvidence >= zoneMethods.size())
            throw new IllegalArgumentException("a serving choice needs candidates, a window of at least one origin and at least minOutcomes, "
                                               + "and a candidate for when nothing turned hot");
        this.zoneMethods = List.copyOf(zoneMethods);
        this.rateMethods = List.copyOf(rateMethods);
        this.window = window;
        this.minOutcomes = minOutcomes;
        this.noEvidence = noEvidence;
        this.servedZones = noEvidence;
    }

    /**
     * One origin's outcome, once its horizon has passed: each zone method's predicted zones against what turned hot,
     * and each rate method's predictions against the actual largest counts.
     */
    public void resolved(boolean[][] zones, boolean[] hot, double[][] rates, double[] actual)
    {
        long[] counts = new long[3 * zoneMethods.size()];
        for (int m = 0; m < zoneMethods.size(); m++)
            for (int s = 0; s < hot.length; s++)
            {
                if (zones[m][s] && hot[s]) counts[3 * m]++;
                else if (zones[m][s]) counts[3 * m + 1]++;
                else if (hot[s]) counts[3 * m + 2]++;
            }
        double[] e = new double[rateMethods.size()];
        for (int m = 0; m < rateMethods.size(); m++)
            for (int s = 0; s < actual.length; s++)
                e[m] += Math.abs(Math.log1p(rates[m][s]) - Math.log1p(actual[s]));
        outcomes.addLast(counts);
        errors.addLast(e);
        while (outcomes.size() > window)
        {
            outcomes.removeFirst();
            errors.removeFirst();
        }
        long turnedHot = 0;
        for (long[] c : outcomes)
            turnedHot += c[0] + c[2];
        if (turnedHot == 0 || outcomes.size() < minOutcomes)
            servedZones = noEvidence;
        else
            servedZones = chooseZones(servedZones);
        // Rates only on a full window: errors of log counts differ by little from origin to origin, and a baseline
        // that wins a short stretch by chance serves worse than the model trained to minimize them.
        if (outcomes.size() >= window)
            servedRates = chooseRates(servedRates);
    }

    /**
     * The best method that beats the first (the simple rule) by the margin, else the first. The serving method stays
     * while it still beats the first and is within the margin of the best: no flapping between near equals.
     */
    private int chooseZones(int serving)
    {
        double floor = f1(0) + MARGIN;
        int best = 0;
        for (int m = 1; m < zoneMethods.size(); m++)
            if (f1(m) > floor && (best == 0 || f1(m) > f1(best))) // strictly: of equals, the earlier candidate
                best = m;
        if (serving != 0 && best != 0 && f1(serving) > floor && f1(serving) >= f1(best) - MARGIN)
            return serving;
        return best;
    }

    /** The zone method's F1 over the window; 0 where it named nothing and nothing turned hot. */
    public double f1(int method)
    {
        long tp = 0, fp = 0, fn = 0;
        for (long[] c : outcomes)
        {
            tp += c[3 * method];
            fp += c[3 * method + 1];
            fn += c[3 * method + 2];
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** Index of the zone method served now. */
    public int zones()
    {
        return servedZones;
    }

    /** Index of the rate method served now. */
    public int rates()
    {
        return servedRates;
    }

    private int chooseRates(int serving)
    {
        int choice = serving;
        double best = error(serving) * (1 - RATE_MARGIN);
        for (int m = 0; m < rateMethods.size(); m++)
            if (m != serving && error(m) < best)
            {
                best = error(m);
                choice = m;
            }
        return choice;
    }

    /** The rate method's summed absolute error of log counts over the window. */
    public double error(int method)
    {
        double sum = 0;
        for (double[] e : errors)
            sum += e[method];
        return sum;
    }

    public String zoneMethod()
    {
        return zoneMethods.get(servedZones);
    }

    public String rateMethod()
    {
        return rateMethods.get(servedRates);
    }

    /** Resolved origins in the window. */
    public int resolvedOrigins()
    {
        return outcomes.size();
    }
}
