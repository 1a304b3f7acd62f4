package io.hotzone.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * The global model: one random forest of CART regression trees over every segment, on log-scaled targets (the
 * largest count within the horizon). Why a forest: hot spots come from interactions (an event on a segment that is
 * already in its daily peak, a trend crossing a level) that trees capture without feature scaling or tuning, it is
 * robust to the heavy-tailed counts, and on a sample of a few thousand rows it trains in seconds here. Its own ensemble variance is not used as a
 * confidence (broken in Tribuo 4.3.2); {@link ResidualCalibrator} calibrates on past errors instead.
 * <p>
 * Beside it, on the same rows and more recent ones ({@link #train(SegmentSeries, Features, int, int, int, int, Settings)}), a probability forest: regression trees on whether the segment turned hot (0 or 1), so
 * each leaf holds the share of hot outcomes among similar past cases. The rate forest is fitted to counts, and its
 * residuals pooled by level say little about which segment of a level crosses its own threshold; the hot forest
 * learns exactly that. {@link #hotConfidence} pools the two.
 */
public final class TreeForecaster implements Predictor
{
    /** Training settings: trees, depth, rows sampled, seed. */
    public static final class Settings
    {
        private final int trees;
        private final int maxDepth;
        private final int maxRows;
        private final long seed;

        public Settings(int trees, int maxDepth, int maxRows, long seed)
        {
            this.trees = trees;
            this.maxDepth = maxDepth;
            this.maxRows = maxRows;
            this.seed = seed;
        }

        public static Settings defaults()
        {
            return new Settings(8, 8, 3_000, 7);
        }

        public int trees()
        {
            return trees;
        }

        public int maxDepth()
        {
            return maxDepth;
        }

        public int maxRows()
        {
            return maxRows;
        }

        public long seed()
        {
            return seed;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Settings))
                return false;
            Settings that = (Settings) o;
            return trees == that.trees && maxDepth == that.maxDepth && maxRows == that.maxRows && seed == that.seed;
        }

        @Override
        public int hashCode()
        {
            int h = trees;
            h = 31 * h + maxDepth;
            h = 31 * h + maxRows;
            h = 31 * h + Long.hashCode(seed);
            return h;
        }

        @Override
        public String toString()
        {
            return "Settings[trees=" + trees + ", maxDepth=" + maxDepth + ", maxRows=" + maxRows + ", seed=" + seed
                   + "]";
        }
    }

    /** Tribuo logs every tree it builds at INFO; keep the logger (and its level) alive. */
    private static final java.util.logging.Logger BAGGING_LOG = quiet(org.tribuo.ensemble.BaggingTrainer.class);

    static java.util.logging.Logger quiet(Class<?> owner)
    {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(owner.getName());
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }

    /** Predictions of many segments at one origin: the largest count within the horizon, and P(hot) of the hot forest. */
    public static final class Batch
    {
        private final double[] rate;
        private final double[] hotProbability;

        public Batch(double[] rate, double[] hotProbability)
        {
            this.rate = rate;
            this.hotProbability = hotProbability;
        }

        public double[] rate()
        {
            return rate;
        }

        public double[] hotProbability()
        {
            return hotProbability;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Batch))
                return false;
            Batch that = (Batch) o;
            return Objects.equals(rate, that.rate) && Objects.equals(hotProbability, that.hotProbability);
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(rate);
            h = 31 * h + Objects.hashCode(hotProbability);
            return h;
        }

        @Override
        public String toString()
        {
            return "Batch[rate=" + rate + ", hotProbability=" + hotProbability + "]";
        }
    }

    private final Model<Regressor> model;
    private final Model<Regressor> hot;
    private final Features features;

    private TreeForecaster(Model<Regressor> model, Model<Regressor> hot, Features features)
    {
        this.model = model;
        this.hot = hot;
        this.features = features;
    }

    private static MutableDataset<Regressor> dataset(RegressionFactory factory)
    {
        return new MutableDataset<>(new SimpleDataSourceProvenance("hotzone-history", factory), factory);
    }

    /** Trains both forests on origins {@code [from, to]}: every target lies at or before {@code to + horizon}, which callers keep in the past. */
    public static TreeForecaster train(SegmentSeries series, Features features, int horizon, int from, int to, Settings settings)
    {
        return train(series, features, horizon, from, to, to, settings);
    }

    /**
     * Trains the rate forest on origins {@code [from, to]} and the hot forest on {@code [from, hotTo]}. The rate forest
     * leaves the origins after {@code to} to the champion's comparison and the residual calibration; the hot forest has
     * neither, so it learns from every outcome already known.
     */
    public static TreeForecaster train(SegmentSeries series, Features features, int horizon, int from, int to, int hotTo, Settings settings)
    {
        return train(series, features, horizon, from, to, hotTo, settings, CpuPacer.unpaced());
    }

    /** As above, pacing the calling thread after each tree (the forests are the same as unpaced). */
    public static TreeForecaster train(SegmentSeries series, Features features, int horizon, int from, int to, int hotTo, Settings settings,
                                       CpuPacer pacer)
    {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = dataset(factory), hotData = dataset(factory);
        int last = Math.max(to, hotTo);
        double keep = keepRate(series, from, last, settings.maxRows());
        SplittableRandom random = new SplittableRandom(settings.seed() + to);
        for (int i = Math.max(0, from); i <= last; i++)
        {
            for (int s = 0; s < series.size(); s++)
            {
                if (i < series.firstSeen(s) || (keep < 1 && random.nextDouble() >= keep))
                    continue;
                double max = series.maxAhead(s, i, horizon);
                double[] f = features.of(s, i);
                if (i <= to)
                    data.add(new ArrayExample<>(new Regressor("log_max", Math.log1p(max)), Features.NAMES, f));
                if (i <= hotTo)
                    hotData.add(new ArrayExample<>(new Regressor("hot", max >= features.rule().threshold(series, s, i) ? 1 : 0), Features.NAMES, f));
            }
        }
        if (data.size() == 0 || hotData.size() == 0)
            throw new IllegalStateException("no training rows in origins " + from + ".." + to);
        // Exhaustive splits on a sample of rows: Tribuo 4.3.2's random-split (ExtraTrees) regression trainer crashes on
        // some nodes ("bound must be positive"), and exhaustive splits on every row cost minutes per forest on 2 cores.
        CARTRegressionTrainer cart = new CARTRegressionTrainer(settings.maxDepth(), 5f, 0f, 0.5f, false, new MeanSquaredError(), settings.seed());
        RandomForestTrainer<Regressor> forest = new PacedForestTrainer(cart, settings.trees(), settings.seed(), pacer);
        return new TreeForecaster(forest.train(data), forest.train(hotData), features);
    }

    /**
     * The last origin the rate forest may train on when origins from {@code validationFrom} on judge and calibrate it:
     * its targets (the {@code horizon} steps after an origin) then end where the first validation origin's begin, so
     * no target step is both learned and judged on.
     */
    public static int lastRateOrigin(int validationFrom, int horizon)
    {
        return validationFrom - horizon;
    }

    /**
     * The share of training rows (segment × origin in {@code [from, last]}) to sample so that at most {@code maxRows}
     * remain. Only rows that exist count: a segment has none before it first appeared, and on a table whose segments
     * come and go, counting every segment at every origin would throw away rows for a budget they never used.
     */
    static double keepRate(SegmentSeries series, int from, int last, int maxRows)
    {
        long rows = 0;
        for (int s = 0; s < series.size(); s++)
            rows += Math.max(0, last - Math.max(Math.max(0, from), series.firstSeen(s)) + 1);
        return rows <= maxRows ? 1 : maxRows / (double) rows;
    }

    /** Tribuo's random forest with a pause after each tree: the same trees, in the same order, from the same seeds. */
    private static final class PacedForestTrainer extends RandomForestTrainer<Regressor>
    {
        private final CpuPacer pacer;

        PacedForestTrainer(CARTRegressionTrainer cart, int trees, long seed, CpuPacer pacer)
        {
            super(cart, new AveragingCombiner(), trees, seed);
            this.pacer = pacer;
        }

        @Override
        protected Model<Regressor> trainSingleModel(Dataset<Regressor> examples, ImmutableFeatureMap featureIDs, ImmutableOutputInfo<Regressor> labelIDs,
                                                    int randInt, java.util.Map<String, Provenance> runProvenance, int invocationCount)
        {
            Model<Regressor> tree = super.trainSingleModel(examples, featureIDs, labelIDs, randInt, runProvenance, invocationCount);
            pacer.pace();
            return tree;
        }
    }

    /** This rate forest with the hot forest of {@code newer}: a champion kept on its rates still learns from the latest outcomes. */
    public TreeForecaster withHotForestOf(TreeForecaster newer)
    {
        return new TreeForecaster(model, newer.hot, features);
    }

    /** The same trained model on another series (features bound to it): the model is global, segments may change. */
    public TreeForecaster on(Features other)
    {
        return new TreeForecaster(model, hot, other);
    }

    /** Log-scale prediction. */
    public double predictLog(int s, int i)
    {
        ArrayExample<Regressor> example = new ArrayExample<>(new Regressor("log_max", Double.NaN), Features.NAMES, features.of(s, i));
        return model.predict(example).getOutput().getValues()[0];
    }

    @Override
    public double predict(int s, int i)
    {
        return Math.max(0, Math.expm1(predictLog(s, i)));
    }

    /** Rates of many segments at one origin, batched through Tribuo. */
    public double[] predictAll(int[] segments, int i)
    {
        return rates(model.predict(examples(segments, i)));
    }

    /**
     * Rates and hot probabilities of many segments at one origin, from one set of feature vectors. A segment not seen
     * yet at the origin gets probability 0: nothing at that origin says it exists.
     */
    public Batch predictBoth(int[] segments, int i)
    {
        List<org.tribuo.Example<Regressor>> batch = examples(segments, i);
        double[] p = new double[segments.length];
        int k = 0;
        for (org.tribuo.Prediction<Regressor> prediction : hot.predict(batch))
        {
            p[k] = features.seen(segments[k], i) ? Math.max(0, Math.min(1, prediction.getOutput().getValues()[0])) : 0;
            k++;
        }
        return new Batch(rates(model.predict(batch)), p);
    }

    /**
     * The confidence that a segment turns hot: the mean of two estimates of that probability, the rate forecast's
     * calibrated residuals ({@link ResidualCalibrator}) and the hot forest's share of hot outcomes. Each errs in its own
     * way (pooled residuals ignore what sets one segment apart from others of its level; forest leaves shrink toward
     * the base rate), and averaging probabilities keeps the result a probability: only a case both find likely reaches
     * a high confidence. A segment silent at the origin whose state has no errors of its own at this level yet gets the
     * hot forest's probability alone: the residuals it would borrow are those of active segments, which say it
     * resumes at the predicted rate, while the forest learned from outcomes how often silent segments wake up.
     */
    public static double hotConfidence(ResidualCalibrator calibrator, double predicted, double threshold, ResidualCalibrator.State state, double hotProbability)
    {
        if (state == ResidualCalibrator.State.SILENT && !calibrator.knows(predicted, state))
            return hotProbability;
        return hotConfidence(calibrator.confidence(predicted, threshold, state), hotProbability);
    }

    static double hotConfidence(double calibrated, double hotProbability)
    {
        return (calibrated + hotProbability) / 2;
    }

    private List<org.tribuo.Example<Regressor>> examples(int[] segments, int i)
    {
        List<org.tribuo.Example<Regressor>> batch = new ArrayList<>(segments.length);
        for (int s : segments)
            batch.add(new ArrayExample<>(new Regressor("log_max", Double.NaN), Features.NAMES, features.of(s, i)));
        return batch;
    }

    private static double[] rates(List<org.tribuo.Prediction<Regressor>> predictions)
    {
        double[] out = new double[predictions.size()];
        int k = 0;
        for (org.tribuo.Prediction<Regressor> p : predictions)
            out[k++] = Math.max(0, Math.expm1(p.getOutput().getValues()[0]));
        return out;
    }
}
