package io.hotzone.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.forecast.EventSchedule;
import io.hotzone.forecast.Features;
import io.hotzone.forecast.ForecastScoring;
import io.hotzone.forecast.HotRule;
import io.hotzone.forecast.SegmentSeries;
import io.hotzone.forecast.TreeForecaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Champion/challenger on the leader: a scheduled retraining serves only if it names the recent zones better. */
class ModelTrainerTest
{
    private static final TableRef TABLE = new TableRef("shop", "orders");
    private static final int SEGMENTS = 20, DAY = 24, H = 1, TOP_K = 10;
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z"), NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration RETRAIN_EVERY = Duration.ofHours(6);

    private final ForecastScoring scoring = new ForecastScoring();
    private final ModelTrainer trainer = new ModelTrainer(HotRule.defaults(), RETRAIN_EVERY, 1.0, TOP_K, scoring, (m, e) -> fail(m, e),
                                                              new io.hotzone.forecast.TreeForecaster.Settings(4, 8, 2_000, 7)); // small forests: the logic, not the model, is tested

    @AfterEach
    void stopTrainer()
    {
        trainer.stop();
    }

    /**
     * The first {@code days} of 24 days of hourly counts near {@code level} (the same noise whatever {@code days}); from
     * day {@code peaksFrom} to {@code peaksTo} the even segments are at 5x at noon.
     */
    private static SegmentSeries series(int days, int peaksFrom, int peaksTo, double level)
    {
        return series(days, peaksFrom, peaksTo, level, -1);
    }

    /** As above, and on day {@code oddPeakDay} the odd segments are at 5x at 15:00. */
    private static SegmentSeries series(int days, int peaksFrom, int peaksTo, double level, int oddPeakDay)
    {
        Random r = new Random(11);
        double[][] c = new double[SEGMENTS][];
        List<String> names = new ArrayList<>();
        for (int s = 0; s < SEGMENTS; s++)
        {
            names.add("k" + s);
            double[] all = new double[24 * DAY];
            for (int i = 0; i < all.length; i++)
            {
                boolean peak = s % 2 == 0 && i % DAY == 12 && i / DAY >= peaksFrom && i / DAY < peaksTo
                               || s % 2 == 1 && i % DAY == 15 && i / DAY == oddPeakDay;
                all[i] = Math.round(level * (peak ? 5 : 1) * (1 + 0.05 * r.nextGaussian()));
            }
            c[s] = Arrays.copyOf(all, days * DAY);
        }
        return new SegmentSeries(names, c, START, Duration.ofHours(1));
    }

    private ModelTrainer.Trained trainAndWait(SegmentSeries series, int origin, Instant now, ModelTrainer.Trained before) throws InterruptedException
    {
        return trainAndWait(trainer, series, origin, now, before);
    }

    private static ModelTrainer.Trained trainAndWait(ModelTrainer trainer, SegmentSeries series, int origin, Instant now, ModelTrainer.Trained before)
        throws InterruptedException
    {
        Features features = new Features(series, EventSchedule.none(), HotRule.defaults(), H);
        assertThat(trainer.maybeTrain(TABLE, series, features, H, 0, origin, DAY, now)).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (trainer.current(TABLE) == before || trainer.isTraining(TABLE))
        {
            if (System.nanoTime() > deadline)
                fail("no model trained within 120 s");
            Thread.sleep(20);
        }
        return trainer.current(TABLE);
    }

    /** The first model of ten days of {@code first}, then a scheduled retraining on {@code later} up to {@code origin}. */
    private ModelTrainer.Trained[] firstThenRetrained(SegmentSeries first, SegmentSeries later, int origin) throws InterruptedException
    {
        ModelTrainer.Trained champion = trainAndWait(first, 10 * DAY - 1, NOW, null);
        assertThat(scoring.retrainings()).as("a first model is not compared").isEmpty();
        return new ModelTrainer.Trained[]{ champion, trainAndWait(later, origin, NOW.plus(RETRAIN_EVERY).plusSeconds(1), champion) };
    }

    private static double[] rates(ModelTrainer.Trained trained, SegmentSeries series, int origin)
    {
        return batch(trained, series, origin).rate();
    }

    private static TreeForecaster.Batch batch(ModelTrainer.Trained trained, SegmentSeries series, int origin)
    {
        Features features = new Features(series, EventSchedule.none(), HotRule.defaults(), H);
        return trained.model().on(features).predictBoth(IntStream.range(0, SEGMENTS).toArray(), origin);
    }

    private static double oddSum(double[] p)
    {
        double sum = 0;
        for (int s = 1; s < p.length; s += 2)
            sum += p[s];
        return sum;
    }

    @Test
    void aChallengerThatNamesTheRecentZonesBetterReplacesTheChampion() throws Exception
    {
        // Trained on ten flat days, the champion never names a zone; then the even segments start peaking at noon.
        SegmentSeries peaks = series(24, 11, 24, 100);
        ModelTrainer.Trained[] t = firstThenRetrained(series(10, 99, 99, 100), peaks, 23 * DAY - 1);

        assertThat(scoring.retrainings().get(TABLE)).isEqualTo(new ForecastScoring.Retrainings(1, 1));
        int beforeNoon = 22 * DAY + 11;
        assertThat(rates(t[1], peaks, beforeNoon)[0]).as("even segment before noon, challenger serving").isGreaterThan(300);
        assertThat(rates(t[0], peaks, beforeNoon)[0]).as("the old champion").isLessThan(200);
        // Noon peaks at a horizon of one hour: "hot now" names each an hour late, the model on time.
        assertThat(t[1].served()).as("served; %s", t[1].servedWhy()).isEqualTo("model");
        assertThat(t[1].servedWhy()).contains("reactive 0.000");
    }

    @Test
    void aChallengerNoBetterLeavesTheChampionsRateForestServingWithTheNewHotForest() throws Exception
    {
        // The noon peaks go on, and on the last day the odd segments peak at 15:00 too, which no rate forest was trained
        // on (the last day is the validation): both name the same zones (same F1), so the champion's rate forest
        // stays; the hot forest, trained on every known outcome, has seen the new peaks.
        SegmentSeries history = series(24, 0, 24, 100, 22);
        int origin = 23 * DAY - 1;
        ModelTrainer.Trained[] t = firstThenRetrained(series(10, 0, 24, 100), history, origin);

        assertThat(scoring.retrainings().get(TABLE)).isEqualTo(new ForecastScoring.Retrainings(1, 0));
        assertThat(rates(t[1], history, origin)).containsExactly(rates(t[0], history, origin));
        int before15 = 22 * DAY + 14;
        assertThat(oddSum(batch(t[1], history, before15).hotProbability())).as("the hot forest is the challenger's")
                                                                          .isGreaterThan(oddSum(batch(t[0], history, before15).hotProbability()));
    }

    @Test
    void withNothingHotToJudgeOnTheNewerModelServes() throws Exception
    {
        // Trained on peaks; the last days are flat: no hot outcome to compare on, the newer model serves.
        SegmentSeries history = series(24, 0, 12, 100);
        int origin = 23 * DAY - 1;
        ModelTrainer.Trained[] t = firstThenRetrained(series(10, 0, 12, 100), history, origin);

        assertThat(scoring.retrainings().get(TABLE)).isEqualTo(new ForecastScoring.Retrainings(1, 1));
        assertThat(rates(t[1], history, origin)).isNotEqualTo(rates(t[0], history, origin));
    }

    @Test
    void aModelWhoseHistoryChangedIsReplacedWithoutComparison() throws Exception
    {
        ModelTrainer.Trained first = trainAndWait(series(10, 99, 99, 100), 10 * DAY - 1, NOW, null);
        assertThat(first.served()).as("nothing ever turned hot: the model's zones with the keys hot now").isEqualTo("model+reactive");
        // The same days now hold twice the counts (an import): retrained at once, not held against the old model.
        SegmentSeries imported = series(10, 99, 99, 200);
        ModelTrainer.Trained retrained = trainAndWait(imported, 10 * DAY - 1, NOW.plusSeconds(1), first);
        assertThat(scoring.retrainings()).isEmpty();
        assertThat(Arrays.stream(rates(retrained, imported, 10 * DAY - 1)).min().orElseThrow()).as("the new rate forest serves").isGreaterThan(150);
        assertThat(Arrays.stream(rates(first, imported, 10 * DAY - 1)).max().orElseThrow()).as("the old one").isLessThan(150);
    }

    @Test
    void aTrainingIsHeldToItsShareOfACoreAndPacingChangesNoTree() throws Exception
    {
        // Bigger forests than the tests above: a second or two of CPU, paced after each of 2 x 8 trees.
        io.hotzone.forecast.TreeForecaster.Settings forests = new io.hotzone.forecast.TreeForecaster.Settings(8, 8, 2_000, 7);
        SegmentSeries history = series(24, 11, 24, 100);
        int origin = 23 * DAY - 1;
        ModelTrainer paced = new ModelTrainer(HotRule.defaults(), RETRAIN_EVERY, 0.3, TOP_K, new ForecastScoring(), (m, e) -> fail(m, e), forests);
        ModelTrainer unpaced = new ModelTrainer(HotRule.defaults(), RETRAIN_EVERY, 1.0, TOP_K, new ForecastScoring(), (m, e) -> fail(m, e), forests);
        try
        {
            ModelTrainer.Trained slow = trainAndWait(paced, history, origin, NOW, null), fast = trainAndWait(unpaced, history, origin, NOW, null);
            ModelTrainer.Cost cost = paced.cost(TABLE);
            assertThat(cost.cpuNanos).as("CPU time of the training thread").isPositive();
            assertThat(cost.sleptNanos).as("paced").isPositive();
            assertThat(cost.paces).as("paced after each of the 2 x 8 trees and each of the %d validation steps", DAY).isGreaterThanOrEqualTo(2 * 8 + DAY);
            assertThat(cost.share()).as("share of one core over the training (%d ms CPU in %d ms)", cost.cpuNanos / 1_000_000, cost.wallNanos / 1_000_000)
                                    .isLessThanOrEqualTo(0.3);
            assertThat(unpaced.cost(TABLE).sleptNanos).as("a share of 1 never sleeps").isZero();
            assertThat(rates(slow, history, origin)).as("the same trees").containsExactly(rates(fast, history, origin));
        }
        finally
        {
            paced.stop();
            unpaced.stop();
        }
    }

    /**
     * The leader's cycle never waits for a training: maybeTrain hands it to the trainer's thread and returns while it
     * runs (the cycle then forecasts with the baselines and the reactive and anomaly rules, LeaderLoop), and a second
     * call for the same table neither waits nor starts another.
     */
    @Test
    void aTrainingRunsOffTheCallersThreadAndASecondRequestDoesNotWaitForIt() throws Exception
    {
        // paced to 5 % of a core: a training of even these small forests takes seconds of wall time
        ModelTrainer slow = new ModelTrainer(HotRule.defaults(), RETRAIN_EVERY, 0.05, TOP_K, scoring, (m, e) -> fail(m, e),
                                             new io.hotzone.forecast.TreeForecaster.Settings(4, 8, 2_000, 7));
        try
        {
            SegmentSeries series = series(10, 3, 10, 40);
            Features features = new Features(series, EventSchedule.none(), HotRule.defaults(), H);
            assertThat(slow.maybeTrain(TABLE, series, features, H, 0, 10 * DAY - 1, DAY, NOW)).as("started").isTrue();
            assertThat(slow.isTraining(TABLE)).as("still training when the call returned").isTrue();
            assertThat(slow.current(TABLE)).as("no model yet: the cycle serves the baselines meanwhile").isNull();
            assertThat(slow.maybeTrain(TABLE, series, features, H, 0, 10 * DAY - 1, DAY, NOW)).as("one training per table at a time").isFalse();
            assertThat(slow.isTraining(TABLE)).isTrue();
        }
        finally
        {
            slow.stop();
        }
    }
}
