package io.hotzone.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

import io.hotzone.capture.TableRef;
import io.hotzone.forecast.Champion;
import io.hotzone.forecast.CpuPacer;
import io.hotzone.forecast.Features;
import io.hotzone.forecast.ForecastScoring;
import io.hotzone.forecast.HotRule;
import io.hotzone.forecast.ResidualCalibrator;
import io.hotzone.forecast.SegmentSeries;
import io.hotzone.forecast.ServingChoice;
import io.hotzone.forecast.SpikeDetector;
import io.hotzone.forecast.TreeForecaster;

/**
 * Trains the leader's per-table models on a thread of its own, one table at a time, so that a first training on a big
 * table (tens of seconds on 2 cores) never holds up the cycle: meanwhile every table is forecast with the model it
 * has, or with the baselines, and a burst is still boosted within a cycle.
 * <p>
 * A scheduled retraining is a challenger: its rate forest replaces the serving one only if it names zones with a
 * better F1 over the latest validation steps, which neither was trained on ({@link Champion}). The hot forest is
 * always the newest (it has no validation steps to be compared on), and the calibration is redone for whichever rate
 * forest serves. A first model, or one whose history changed under it, is not compared: the old one learned from
 * history that is no longer true.
 */
final class ModelTrainer
{
    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(ModelTrainer.class);
    private static final int CALIBRATION_PREDICTIONS = 20_000;

    /** A table's model, and the history it learned from: per-step totals up to its origin, to notice backfills. */
    static final class Trained
    {
        private final TreeForecaster model;
        private final ResidualCalibrator calibrator;
        private final SpikeDetector spikes;
        private final Instant at;
        private final Instant firstStep;
        private final double[] totals;
        private final String served;
        private final String servedWhy;

        Trained(TreeForecaster model, ResidualCalibrator calibrator, SpikeDetector spikes, Instant at,
                Instant firstStep, double[] totals, String served, String servedWhy)
        {
            this.served = served;
            this.servedWhy = servedWhy;
            this.model = model;
            this.calibrator = calibrator;
            this.spikes = spikes;
            this.at = at;
            this.firstStep = firstStep;
            this.totals = totals;
        }

        /**
         * Whether the same steps now hold notably different counts (an import, or flushes that were late): a model
         * trained on half-imported history would otherwise stay until retrain_every.
         */
        boolean historyChanged(SegmentSeries series, int origin)
        {
            double then = 0, now = 0;
            for (int i = 0; i <= origin; i++)
            {
                long j = Duration.between(firstStep, series.time(i)).toMillis() / series.step().toMillis();
                if (j < 0 || j >= totals.length)
                    continue;
                then += totals[(int) j];
                now += total(series, i);
            }
            return Math.abs(now - then) > 0.1 * Math.max(then, 100);
        }

        public TreeForecaster model()
        {
            return model;
        }

        public ResidualCalibrator calibrator()
        {
            return calibrator;
        }

        public SpikeDetector spikes()
        {
            return spikes;
        }

        public Instant at()
        {
            return at;
        }

        public Instant firstStep()
        {
            return firstStep;
        }

        public double[] totals()
        {
            return totals;
        }

        /** Which of {@link ServingChoice#LEADER_METHODS}' zones the table is served with this model. */
        public String served()
        {
            return served;
        }

        /** Why: each method's F1 over the validation steps the choice looked at. */
        public String servedWhy()
        {
            return servedWhy;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Trained))
                return false;
            Trained that = (Trained) o;
            return Objects.equals(model, that.model) && Objects.equals(calibrator, that.calibrator)
                   && Objects.equals(spikes, that.spikes) && Objects.equals(at, that.at)
                   && Objects.equals(firstStep, that.firstStep) && Objects.equals(totals, that.totals) && Objects.equals(served, that.served)
                   && Objects.equals(servedWhy, that.servedWhy);
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(model);
            h = 31 * h + Objects.hashCode(calibrator);
            h = 31 * h + Objects.hashCode(spikes);
            h = 31 * h + Objects.hashCode(at);
            h = 31 * h + Objects.hashCode(firstStep);
            h = 31 * h + Objects.hashCode(totals);
            h = 31 * h + Objects.hashCode(served);
            h = 31 * h + Objects.hashCode(servedWhy);
            return h;
        }

        @Override
        public String toString()
        {
            return "Trained[model=" + model + ", calibrator=" + calibrator + ", spikes=" + spikes + ", at=" + at
                   + ", firstStep=" + firstStep + ", totals=" + totals + ", served=" + served + ", servedWhy=" + servedWhy + "]";
        }
    }

    private final HotRule rule;
    private final Duration retrainEvery;
    private final double cpuShare;
    private final int topK;
    private final ForecastScoring scoring;
    private final BiConsumer<String, Throwable> onError;
    private final Map<TableRef, TreeForecaster> champions = new ConcurrentHashMap<>(); // each table's serving rate forest
    private final Map<TableRef, Trained> models = new ConcurrentHashMap<>();
    private final Map<TableRef, ServingChoice> choices = new ConcurrentHashMap<>(); // touched by the trainer's thread only
    private final Map<TableRef, Instant> choiceFedTo = new ConcurrentHashMap<>();
    private final Set<TableRef> training = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor;
    private final TreeForecaster.Settings forests;
    private volatile boolean cycleOverrun;
    private final Map<TableRef, Cost> costs = new ConcurrentHashMap<>();

    /** @param cpuShare share of one core the training thread may use (forecast.cpu_budget) */
    ModelTrainer(HotRule rule, Duration retrainEvery, double cpuShare, int topK, ForecastScoring scoring, BiConsumer<String, Throwable> onError)
    {
        this(rule, retrainEvery, cpuShare, topK, scoring, onError, TreeForecaster.Settings.defaults());
    }

    /** With other forest settings: tests of the champion/challenger logic train small forests. */
    ModelTrainer(HotRule rule, Duration retrainEvery, double cpuShare, int topK, ForecastScoring scoring, BiConsumer<String, Throwable> onError,
                 TreeForecaster.Settings forests)
    {
        if (!(cpuShare > 0 && cpuShare <= 1))
            throw new IllegalArgumentException("cpuShare must be in (0, 1], got " + cpuShare);
        this.forests = forests;
        this.rule = rule;
        this.retrainEvery = retrainEvery;
        this.cpuShare = cpuShare;
        this.topK = topK;
        this.scoring = scoring;
        this.onError = onError;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "HotZone-trainer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether a training of the table is under way. */
    boolean isTraining(TableRef table)
    {
        return training.contains(table);
    }

    /** Drops the models of tables no longer forecast (dropped, or without history or events for forecast.history). */
    void retain(Set<TableRef> tables)
    {
        models.keySet().retainAll(tables);
        champions.keySet().retainAll(tables);
        choices.keySet().retainAll(tables);
        choiceFedTo.keySet().retainAll(tables);
        costs.keySet().retainAll(tables);

    }

    /** The table's latest model, or null while it has none. */
    Trained current(TableRef table)
    {
        return models.get(table);
    }

    /** Whether the last cycle took longer than a cycle: if so the next scheduled retraining is skipped (a changed history still retrains). */
    void cycleOverrun(boolean over)
    {
        cycleOverrun = over;
    }

    /** What the table's last training cost: its thread's CPU time, its wall time and how long it was paced. */
    static final class Cost
    {
        final long cpuNanos, wallNanos, sleptNanos;
        final int paces;

        Cost(long cpuNanos, long wallNanos, long sleptNanos, int paces)
        {
            this.cpuNanos = cpuNanos;
            this.wallNanos = wallNanos;
            this.sleptNanos = sleptNanos;
            this.paces = paces;
        }

        /** The share of one core the training used over its run. */
        double share()
        {
            return wallNanos == 0 ? 0 : cpuNanos / (double) wallNanos;
        }
    }

    /** The table's last training's cost, or null before one ended. */
    Cost cost(TableRef table)
    {
        return costs.get(table);
    }

    /**
     * Starts a training of the table's model in the background when it has none, when the history it learned from
     * changed, or when retrain_every has passed; at most one per table at a time. Returns whether one was started.
     *
     * @param origin     the last complete step: the rate forest trains on targets before the validation origins' and
     *                   those calibrate it; the hot forest trains on every target up to {@code origin}
     * @param validation steps kept out of training to calibrate the confidence on
     */
    boolean maybeTrain(TableRef table, SegmentSeries series, Features features, int horizon, int dataFrom, int origin, int validation, Instant now)
    {
        Trained trained = models.get(table);
        String why = trained == null ? "first model" : trained.historyChanged(series, origin) ? "history changed"
                     : trained.at().plus(retrainEvery).isBefore(now) ? "retrain_every passed" : null;
        if ("retrain_every passed".equals(why) && cycleOverrun)
            return false;
        if (why == null || !training.add(table))
            return false;
        try
        {
            executor.execute(() -> {
                long started = System.nanoTime();
                try
                {
                    CpuPacer pacer = CpuPacer.ofThread(cpuShare).start();
                    Trained model = train(table, "retrain_every passed".equals(why), series, features, horizon, dataFrom, origin, validation, now, pacer);
                    pacer.pace();
                    Cost cost = new Cost(pacer.cpuNanos(), System.nanoTime() - started, pacer.sleptNanos(), pacer.paces());
                    costs.put(table, cost);
                    models.put(table, model);
                    logger.info("HotZone: trained the model of {} ({}): {} segments, {} steps, in {} ms ({}; forecast.cpu_budget {})", table, why,
                                series.size(), origin + 1, cost.wallNanos / 1_000_000,
                                pacer.measures() ? String.format(java.util.Locale.ROOT, "%d ms CPU: %.2f of a core", cost.cpuNanos / 1_000_000, cost.share())
                                                 : "CPU time not measurable on this JVM: unpaced", cpuShare);
                }
                catch (java.util.concurrent.CancellationException stopped)
                {
                    // the trainer stops
                }
                catch (RuntimeException e)
                {
                    onError.accept("training the model of " + table + " failed", e);
                }
                finally
                {
                    training.remove(table);
                }
            });
            return true;
        }
        catch (RejectedExecutionException stopped)
        {
            training.remove(table);
            return false;
        }
    }

    private Trained train(TableRef table, boolean challenge, SegmentSeries series, Features features, int h, int dataFrom, int origin, int validation,
                          Instant now, CpuPacer pacer)
    {
        int from = origin - h - validation + 1, to = origin - h;
        TreeForecaster challenger = TreeForecaster.train(series, features, h, dataFrom, TreeForecaster.lastRateOrigin(from, h), to, forests, pacer);
        // A sample of segments, predicted in batches: one prediction per segment and step costs minutes on a big table.
        int[] sample = calibrationSample(series.size(), validation);
        TreeForecaster previous = challenge ? champions.get(table) : null;
        Champion<TreeForecaster> champion = previous == null ? new Champion<>() : new Champion<>(previous.on(features));
        // On a sample, zones are the same share of the segments as on the whole table.
        int sampleTopK = (int) Math.max(1, Math.round(topK * (double) sample.length / series.size()));
        double[] f1 = { Double.NaN, Double.NaN };
        boolean replaced = champion.offer(challenger, m -> {
            double score = Champion.zoneF1(m, series, rule, sample, from, to, h, sampleTopK);
            f1[m == challenger ? 0 : 1] = score;
            pacer.pace();
            return score;
        });
        TreeForecaster model = champion.current().withHotForestOf(challenger);
        ResidualCalibrator calibrator = new ResidualCalibrator(20_000);
        // The serving choice learns from the same validation steps, each step once across retrainings (a rolling window).
        ServingChoice choice = choices.computeIfAbsent(table, t -> new ServingChoice(ServingChoice.LEADER_METHODS, java.util.List.of("model"),
                                                                                     4 * validation, validation, ServingChoice.LEADER_NO_EVIDENCE));
        Instant fedTo = choiceFedTo.get(table);
        for (int i = from; i <= to; i++)
        {
            double[] predicted = model.predictAll(sample, i);
            double[] threshold = new double[sample.length], current = new double[sample.length], actual = new double[sample.length];
            boolean[] hot = new boolean[sample.length];
            for (int k = 0; k < sample.length; k++)
            {
                int s = sample[k];
                threshold[k] = rule.threshold(series, s, i);
                actual[k] = series.maxAhead(s, i, h);
                current[k] = series.at(s, i);
                hot[k] = actual[k] >= threshold[k];
                calibrator.add(predicted[k], actual[k], ResidualCalibrator.State.of(current[k], threshold[k]));
            }
            if (fedTo == null || series.time(i).isAfter(fedTo))
                choice.resolved(ServingChoice.leaderZones(predicted, current, threshold, sampleTopK), hot, new double[][]{ predicted }, actual);
            pacer.pace();
        }
        choiceFedTo.put(table, series.time(to));
        SpikeDetector spikes = SpikeDetector.train(series, rule, dataFrom, origin, 1000, forests.seed());
        pacer.pace();
        double[] totals = new double[origin + 1];
        for (int i = 0; i <= origin; i++)
            totals[i] = total(series, i);
        // Committed only now: a training that failed half-way leaves the champion and the record as they were.
        champions.put(table, champion.current());
        if (previous != null)
        {
            scoring.retrained(table, replaced);
            logger.info("HotZone: {} model retrained: challenger F1 {} vs champion {} over the last {} steps, {}", table, format(f1[0]),
                        format(f1[1]), validation, replaced ? "challenger serves" : "champion kept (with the new hot forest)");
        }
        return new Trained(model, calibrator, spikes, now, series.time(0), totals, choice.zoneMethod(), choice.summary());
    }

    private static String format(double f1)
    {
        return Double.isNaN(f1) ? "n/a (nothing turned hot)" : String.format(java.util.Locale.ROOT, "%.3f", f1);
    }

    /** At most {@value #CALIBRATION_PREDICTIONS} predictions over the validation steps: every segment, or an even spread. */
    static int[] calibrationSample(int segments, int steps)
    {
        int size = Math.max(1, Math.min(segments, CALIBRATION_PREDICTIONS / Math.max(1, steps)));
        int[] sample = new int[size];
        for (int k = 0; k < size; k++)
            sample[k] = (int) ((long) k * segments / size);
        return sample;
    }

    private static double total(SegmentSeries series, int i)
    {
        double sum = 0;
        for (int s = 0; s < series.size(); s++)
            sum += series.at(s, i);
        return sum;
    }

    /** Stops the trainer's thread; a training under way is not waited for. */
    void stop()
    {
        executor.shutdownNow();
    }
}
