package io.hotzone.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
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
 */
public final class TreeForecaster implements Predictor
{
    /** Training settings: trees, depth, rows sampled, seed. */
    public record Settings(int trees, int maxDepth, int maxRows, long seed)
    {
        public static Settings defaults()
        {
            return new Settings(16, 8, 6_000, 7);
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

    private final Model<Regressor> model;
    private final Features features;

    private TreeForecaster(Model<Regressor> model, Features features)
    {
        this.model = model;
        this.features = features;
    }

    /** Trains on origins {@code [from, to]}: every target lies at or before {@code to + horizon}, which callers keep in the past. */
    public static TreeForecaster train(SegmentSeries series, Features features, int horizon, int from, int to, Settings settings)
    {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("hotzone-history", factory), factory);
        long rows = (long) Math.max(0, to - from + 1) * series.size();
        double keep = rows <= settings.maxRows() ? 1 : settings.maxRows() / (double) rows;
        SplittableRandom random = new SplittableRandom(settings.seed() + to);
        for (int i = Math.max(0, from); i <= to; i++)
        {
            for (int s = 0; s < series.size(); s++)
            {
                if (i < series.firstSeen(s) || (keep < 1 && random.nextDouble() >= keep))
                    continue;
                double target = Math.log1p(series.maxAhead(s, i, horizon));
                data.add(new ArrayExample<>(new Regressor("log_max", target), Features.NAMES, features.of(s, i)));
            }
        }
        if (data.size() == 0)
            throw new IllegalStateException("no training rows in origins " + from + ".." + to);
        // Exhaustive splits on a sample of rows: Tribuo 4.3.2's random-split (ExtraTrees) regression trainer crashes on
        // some nodes ("bound must be positive"), and exhaustive splits on every row cost minutes per forest on 2 cores.
        CARTRegressionTrainer cart = new CARTRegressionTrainer(settings.maxDepth(), 5f, 0f, 0.5f, false, new MeanSquaredError(), settings.seed());
        RandomForestTrainer<Regressor> forest = new RandomForestTrainer<>(cart, new AveragingCombiner(), settings.trees(), settings.seed());
        return new TreeForecaster(forest.train(data), features);
    }

    /** The same trained model on another series (features bound to it): the model is global, segments may change. */
    public TreeForecaster on(Features other)
    {
        return new TreeForecaster(model, other);
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

    /** Predictions for many segments at one origin, batched through Tribuo. */
    public double[] predictAll(int[] segments, int i)
    {
        List<org.tribuo.Example<Regressor>> batch = new ArrayList<>(segments.length);
        for (int s : segments)
            batch.add(new ArrayExample<>(new Regressor("log_max", Double.NaN), Features.NAMES, features.of(s, i)));
        double[] out = new double[segments.length];
        int k = 0;
        for (org.tribuo.Prediction<Regressor> p : model.predict(batch))
            out[k++] = Math.max(0, Math.expm1(p.getOutput().getValues()[0]));
        return out;
    }
}
