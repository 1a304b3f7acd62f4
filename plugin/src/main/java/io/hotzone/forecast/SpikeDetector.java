package io.hotzone.forecast;

import java.util.SplittableRandom;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Spikes no forecast foresaw: a Tribuo one-class SVM learns what a segment's last step usually looks like relative to
 * its own past (level against median, step-to-step jump, against last season); a step outside that, and hot, becomes a
 * reactive zone at once.
 */
public final class SpikeDetector
{
    private static final String[] NAMES = { "vs_median", "jump", "vs_season" };

    static
    {
        libsvm.svm.svm_set_print_string_function(message -> { }); // libsvm prints its optimiser's progress to stdout
    }

    private final Model<Event> model;
    private final SegmentSeries series;
    private final HotRule rule;

    private SpikeDetector(Model<Event> model, SegmentSeries series, HotRule rule)
    {
        this.model = model;
        this.series = series;
        this.rule = rule;
    }

    private static double[] vector(SegmentSeries series, HotRule rule, int s, int i)
    {
        double now = Math.log1p(series.at(s, i));
        int season = series.stepsPerDay() > 1 ? series.stepsPerDay() : 7;
        return new double[]{ now - Math.log1p(series.trailingMedian(s, i, rule.medianWindow(series))),
                             now - Math.log1p(series.at(s, i - 1)),
                             now - Math.log1p(series.at(s, i - season)) };
    }

    /** Trains on a sample of steps {@code [from, to]} (past only). */
    public static SpikeDetector train(SegmentSeries series, HotRule rule, int from, int to, int maxRows, long seed)
    {
        AnomalyFactory factory = new AnomalyFactory();
        MutableDataset<Event> data = new MutableDataset<>(new SimpleDataSourceProvenance("hotzone-history", factory), factory);
        long rows = (long) Math.max(0, to - from + 1) * series.size();
        double keep = Math.min(1, maxRows / (double) Math.max(1, rows));
        SplittableRandom random = new SplittableRandom(seed + to);
        for (int i = Math.max(1, from); i <= to; i++)
            for (int s = 0; s < series.size(); s++)
                if (i > series.firstSeen(s) && random.nextDouble() < keep)
                    data.add(new ArrayExample<>(new Event(Event.EventType.EXPECTED), NAMES, vector(series, rule, s, i)));
        SVMParameters<Event> params = new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS), KernelType.RBF);
        params.setNu(0.02);
        params.setGamma(0.5);
        return new SpikeDetector(new LibSVMAnomalyTrainer(params, seed).train(data), series, rule);
    }

    /** The same trained model on another series (a later cycle's, whose segments and steps differ). */
    public SpikeDetector on(SegmentSeries other)
    {
        return new SpikeDetector(model, other, rule);
    }

    /** True when step {@code i} of segment {@code s} is hot and unlike the segment's usual behaviour. */
    public boolean isSpike(int s, int i)
    {
        if (series.at(s, i) < rule.threshold(series, s, i - 1))
            return false;
        ArrayExample<Event> example = new ArrayExample<>(new Event(Event.EventType.UNKNOWN), NAMES, vector(series, rule, s, i));
        return model.predict(example).getOutput().getType() == Event.EventType.ANOMALOUS;
    }
}
