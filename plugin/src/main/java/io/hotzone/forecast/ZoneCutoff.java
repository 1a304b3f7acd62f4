package io.hotzone.forecast;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;

/**
 * The confidence a segment needs to be named a zone, learned from forecasts already scored: the cutoff that would have
 * given the best F1 over the last {@code window} origins. A fixed 0.5 ("more likely hot than not") maximises accuracy,
 * not F1: where hot spells are rare the F1-optimal cutoff of calibrated probabilities is about half the F1 reached
 * (Lipton, Elkan and Naryanaswamy, "Thresholding Classifiers to Maximize F1", 2014), so 0.5 forgoes recall that costs
 * little precision. Only the past decides, so walk-forward scores stay honest; 0.5 serves until {@value #MIN_HOT} hot
 * outcomes are known. The same kept candidates teach what a raw confidence means ({@link PlattScaling}): the cutoff
 * stays on the raw scale, and zones carry the rescaled value.
 */
public final class ZoneCutoff
{
    static final double FALLBACK = 0.5;
    static final int MIN_HOT = 20;
    private static final double[] CANDIDATES = { 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9 };

    /** What the scored forecasts taught, at one moment: the cutoff (raw scale) and what a raw confidence means. */
    public static final class Learned
    {
        private final double cutoff;
        private final PlattScaling scaling;

        public Learned(double cutoff, PlattScaling scaling)
        {
            this.cutoff = cutoff;
            this.scaling = scaling;
        }

        public static final Learned UNTRAINED = new Learned(FALLBACK, PlattScaling.IDENTITY);

        /** The share of such candidates that turned hot; the raw value until {@value #MIN_HOT} hot outcomes are known. */
        public double calibrated(double raw)
        {
            return scaling.apply(raw);
        }

        public double cutoff()
        {
            return cutoff;
        }

        public PlattScaling scaling()
        {
            return scaling;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Learned))
                return false;
            Learned that = (Learned) o;
            return Double.compare(cutoff, that.cutoff) == 0 && Objects.equals(scaling, that.scaling);
        }

        @Override
        public int hashCode()
        {
            int h = Double.hashCode(cutoff);
            h = 31 * h + Objects.hashCode(scaling);
            return h;
        }

        @Override
        public String toString()
        {
            return "Learned[cutoff=" + cutoff + ", scaling=" + scaling + "]";
        }
    }

    /** One scored origin: the confidences of its top-K candidates (descending), whether each turned hot, and all hot outcomes. */
    private static final class Origin
    {
        private final double[] confidence;
        private final boolean[] hot;
        private final int hotOutcomes;

        private Origin(double[] confidence, boolean[] hot, int hotOutcomes)
        {
            this.confidence = confidence;
            this.hot = hot;
            this.hotOutcomes = hotOutcomes;
        }

        public double[] confidence()
        {
            return confidence;
        }

        public boolean[] hot()
        {
            return hot;
        }

        public int hotOutcomes()
        {
            return hotOutcomes;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Origin))
                return false;
            Origin that = (Origin) o;
            return Objects.equals(confidence, that.confidence) && Objects.equals(hot, that.hot)
                   && hotOutcomes == that.hotOutcomes;
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(confidence);
            h = 31 * h + Objects.hashCode(hot);
            h = 31 * h + hotOutcomes;
            return h;
        }

        @Override
        public String toString()
        {
            return "Origin[confidence=" + confidence + ", hot=" + hot + ", hotOutcomes=" + hotOutcomes + "]";
        }
    }

    private final int window;
    private final Deque<Origin> origins = new ArrayDeque<>();
    private double cutoff = FALLBACK;
    private PlattScaling scaling = PlattScaling.IDENTITY;

    public ZoneCutoff(int window)
    {
        this.window = window;
    }

    /**
     * Records what happened after one origin: every segment's confidence at that origin and whether it turned hot.
     * Only the {@code topK} most confident can ever be zones, so only they are kept.
     */
    public void add(double[] confidence, boolean[] hot, int topK)
    {
        Integer[] order = new Integer[confidence.length];
        int hotOutcomes = 0;
        for (int s = 0; s < order.length; s++)
        {
            order[s] = s;
            if (hot[s])
                hotOutcomes++;
        }
        Arrays.sort(order, (a, b) -> Double.compare(confidence[b], confidence[a]));
        int n = Math.min(topK, order.length);
        double[] c = new double[n];
        boolean[] h = new boolean[n];
        for (int k = 0; k < n; k++)
        {
            c[k] = confidence[order[k]];
            h[k] = hot[order[k]];
        }
        origins.addLast(new Origin(c, h, hotOutcomes));
        while (origins.size() > window)
            origins.removeFirst();
        // Too few hot outcomes say nothing yet about either
        boolean enough = origins.stream().mapToInt(Origin::hotOutcomes).sum() >= MIN_HOT;
        cutoff = enough ? best() : FALLBACK;
        scaling = enough ? scaling() : PlattScaling.IDENTITY;
    }

    private PlattScaling scaling()
    {
        int n = origins.stream().mapToInt(o -> o.confidence().length).sum();
        double[] c = new double[n];
        boolean[] h = new boolean[n];
        int k = 0;
        for (Origin o : origins)
            for (int j = 0; j < o.confidence().length; j++, k++)
            {
                c[k] = o.confidence()[j];
                h[k] = o.hot()[j];
            }
        return PlattScaling.fit(c, h, n);
    }

    /** The cutoff to use now. */
    public double cutoff()
    {
        return cutoff;
    }

    /** The cutoff and the scaling to use now. */
    public Learned learned()
    {
        return new Learned(cutoff, scaling);
    }

    private double best()
    {
        double best = FALLBACK, bestF1 = f1(FALLBACK);
        for (double c : CANDIDATES)
        {
            double f1 = f1(c);
            // strictly better only: among equals the higher cutoff (fewer zones to prepare) wins
            if (f1 > bestF1 + 1e-9 || (Math.abs(f1 - bestF1) <= 1e-9 && c > best))
            {
                best = c;
                bestF1 = f1;
            }
        }
        return best;
    }

    /** Micro-averaged F1 of the zones the cutoff would have named over the kept origins. */
    double f1(double c)
    {
        long tp = 0, zones = 0, hot = 0;
        for (Origin o : origins)
        {
            hot += o.hotOutcomes();
            for (int k = 0; k < o.confidence().length && o.confidence()[k] >= c; k++)
            {
                zones++;
                if (o.hot()[k])
                    tp++;
            }
        }
        return tp == 0 ? 0 : 2.0 * tp / (zones + hot);
    }
}
