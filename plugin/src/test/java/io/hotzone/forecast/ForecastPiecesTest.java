package io.hotzone.forecast;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForecastPiecesTest
{
    private static SegmentSeries of(double[]... rows)
    {
        List<String> names = new java.util.ArrayList<>();
        for (int s = 0; s < rows.length; s++)
            names.add("k" + s);
        return new SegmentSeries(names, rows, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(1));
    }

    @Test
    void hotMeansSeveralTimesTheSegmentsOwnMedianAndAboveTheFloor()
    {
        SegmentSeries s = of(new double[]{ 10, 10, 10, 12, 10, 10, 10, 30 }, new double[]{ 1, 1, 1, 1, 1, 1, 1, 5 });
        HotRule rule = HotRule.defaults();
        assertThat(rule.threshold(s, 0, 6)).isEqualTo(20);
        assertThat(s.maxAhead(0, 6, 1)).isEqualTo(30);
        assertThat(rule.threshold(s, 1, 6)).isEqualTo(10); // 2 x 1 is below the floor
    }

    @Test
    void aWeeklyPeakIsSeasonalAndStartsAtItsHourNotATrend()
    {
        int week = 7 * 24, peak = 4 * week; // hourly steps; the peak recurs every week at the same hour
        double[] weekly = new double[peak + 10], flat = new double[peak + 10];
        for (int i = 0; i < weekly.length; i++)
        {
            weekly[i] = i % week == 0 || i % week == 1 ? 900 : 40;
            flat[i] = 40;
        }
        SegmentSeries series = new SegmentSeries(List.of("'weekly'", "'flat'"), new double[][]{ weekly, flat },
                                                 Instant.parse("2026-01-01T00:00:00Z"), Duration.ofHours(1));
        int origin = peak - 3;
        ForecastCycle.Result r = new ForecastCycle(series, new EventSchedule(), HotRule.defaults(), 6)
            .run((s, i) -> series.maxAhead(s, i, 6), new ResidualCalibrator(1), null, origin, 20, false);

        assertThat(r.zones()).hasSize(1);
        HotZone z = r.zones().get(0);
        assertThat(z.segment()).isEqualTo("'weekly'");
        assertThat(z.reason()).isEqualTo(HotZone.Reason.SEASONAL);
        assertThat(z.predictedStart()).isEqualTo(series.time(peak));
    }

    @Test
    void eachServedMethodNamesItsOwnZonesAndAnnouncedEventsJoinWhicheverServes()
    {
        // 'hot' has been at 50 for the last 3 steps (2.5 times its median of 20: hot, not a burst); 'next' is flat but
        // the model says it will peak; 'event' is flat with a campaign ahead.
        double[][] rows = new double[4][48];
        for (double[] row : rows)
            java.util.Arrays.fill(row, 20);
        rows[0][45] = rows[0][46] = rows[0][47] = 50;
        SegmentSeries series = new SegmentSeries(List.of("'hot'", "'next'", "'event'", "'flat'"), rows, Instant.parse("2026-01-01T00:00:00Z"),
                                                 Duration.ofHours(1));
        EventSchedule events = new EventSchedule();
        events.add("campaign", series.time(49), series.time(52), 10, java.util.Set.of(2), series);
        Predictor model = (s, i) -> s == 1 ? 200 : 20; // the model does not expect 'hot' to stay hot
        ForecastCycle cycle = new ForecastCycle(series, events, HotRule.defaults(), 6);
        java.util.function.Function<String, List<String>> zones = method -> cycle.run(model, new ResidualCalibrator(1), null, 47, 20, true, true,
                                                                                       ZoneCutoff.Learned.UNTRAINED, method)
                                                                                  .zones().stream().map(HotZone::segment).sorted().collect(java.util.stream.Collectors.toList());

        assertThat(zones.apply("model")).containsExactly("'event'", "'next'");
        assertThat(zones.apply("reactive")).containsExactly("'event'", "'hot'");
        assertThat(zones.apply("model+reactive")).containsExactly("'event'", "'hot'", "'next'");
        assertThatThrownBy(() -> zones.apply("tea leaves")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reactive");
    }

    @Test
    void onTheClusterEveryPartitionOfAnAnnouncedCampaignIsKeptBeyondTopK()
    {
        double[][] rows = new double[5][48];
        for (double[] row : rows)
            java.util.Arrays.fill(row, 20);
        SegmentSeries series = new SegmentSeries(List.of("'a'", "'b'", "'c'", "'d'", "'e'"), rows, Instant.parse("2026-01-01T00:00:00Z"),
                                                 Duration.ofHours(1));
        EventSchedule events = new EventSchedule();
        events.add("campaign", series.time(44), series.time(47), 10, java.util.Set.of(0, 1, 2, 3), series);
        ForecastCycle cycle = new ForecastCycle(series, events, HotRule.defaults(), 6);
        Predictor flat = (s, i) -> 20;

        assertThat(cycle.run(flat, new ResidualCalibrator(1), null, 40, 2, true, false, ZoneCutoff.Learned.UNTRAINED).zones()).as("offline: top_k applies").hasSize(2);
        assertThat(cycle.run(flat, new ResidualCalibrator(1), null, 40, 2, true, true, ZoneCutoff.Learned.UNTRAINED).zones())
            .as("on the cluster: the whole campaign").extracting(HotZone::segment).containsExactlyInAnyOrder("'a'", "'b'", "'c'", "'d'");
    }

    @Test
    void anAnnouncedEventCountsFromTheClockWhenTheOriginTrailsIt()
    {
        double[][] rows = new double[2][48];
        for (double[] row : rows)
            java.util.Arrays.fill(row, 20);
        SegmentSeries series = new SegmentSeries(List.of("'a'", "'b'"), rows, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofHours(1));
        EventSchedule events = new EventSchedule();
        events.add("campaign", series.time(40), series.time(44), 10, java.util.Set.of(0), series);
        Predictor flat = (s, i) -> 20;
        int origin = 32; // history written up to step 32; the clock is at step 34; the event starts 8 steps after the origin

        assertThat(new ForecastCycle(series, events, HotRule.defaults(), 6).run(flat, new ResidualCalibrator(1), null, origin, 20, true, true, ZoneCutoff.Learned.UNTRAINED)
                                                                        .zones()).as("6 steps from the origin").isEmpty();
        List<HotZone> zones = new ForecastCycle(series, events, HotRule.defaults(), 6, 8)
            .run(flat, new ResidualCalibrator(1), null, origin, 20, true, true, ZoneCutoff.Learned.UNTRAINED).zones();
        assertThat(zones).extracting(HotZone::segment).containsExactly("'a'");
        assertThat(zones.get(0).reason()).isEqualTo(HotZone.Reason.EVENT);
        assertThat(zones.get(0).predictedStart()).isEqualTo(series.time(40));
        ForecastCycle fromClock = new ForecastCycle(series, events, HotRule.defaults(), 6, 8);
        assertThat(fromClock.eventBeyondHorizon(0, origin)).as("scored over origin + 6, the event starts at + 8").isTrue();
        assertThat(fromClock.eventBeyondHorizon(0, origin + 2)).as("within the horizon now").isFalse();
        assertThat(fromClock.eventBeyondHorizon(1, origin)).as("no event").isFalse();
        assertThatThrownBy(() -> new ForecastCycle(series, events, HotRule.defaults(), 6, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void baselines()
    {
        double[] week = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
        SegmentSeries s = of(week);
        assertThat(Predictor.reactive(s).predict(0, 9)).isEqualTo(10);
        assertThat(Predictor.seasonalNaive(s, 1).predict(0, 9)).isEqualTo(4); // day 10 one week back is day 3 (value 4)
    }

    @Test
    void predictedZonesAreTheTopKCandidatesByRatio()
    {
        boolean[] hot = WalkForward.hotZones(new double[]{ 50, 30, 5, 100 }, new double[]{ 10, 10, 10, 60 }, 2);
        assertThat(hot).containsExactly(true, true, false, false);
    }

    @Test
    void scoresAreMicroAveraged()
    {
        Scores s = new Scores();
        s.add(true, true);
        s.add(true, false);
        s.add(false, true);
        s.add(false, false);
        assertThat(s.precision()).isEqualTo(0.5);
        assertThat(s.recall()).isEqualTo(0.5);
        assertThat(s.f1()).isEqualTo(0.5);
        s.addError(Math.E - 1, 0);
        assertThat(s.maeLog()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void calibratedConfidenceFollowsPastErrors()
    {
        ResidualCalibrator c = new ResidualCalibrator(1000);
        assertThat(c.confidence(100, 50, ResidualCalibrator.State.ACTIVE)).isEqualTo(0.5);
        // Past forecasts of about 100 came true half the time at 100, half the time at 25.
        for (int i = 0; i < 100; i++)
        {
            c.add(100, 100, ResidualCalibrator.State.ACTIVE);
            c.add(100, 25, ResidualCalibrator.State.ACTIVE);
        }
        assertThat(c.confidence(100, 90, ResidualCalibrator.State.ACTIVE)).isEqualTo(0.5);
        assertThat(c.confidence(100, 20, ResidualCalibrator.State.ACTIVE)).isEqualTo(1.0);
        assertThat(c.confidence(100, 200, ResidualCalibrator.State.ACTIVE)).isEqualTo(0.0);
        // No history yet for segments that were already hot: they borrow the active segments' errors...
        assertThat(c.confidence(100, 90, ResidualCalibrator.State.HOT)).isEqualTo(0.5);
        // ...until their own tell otherwise: hot spells persisted every time.
        for (int i = 0; i < 40; i++)
            c.add(100, 100, ResidualCalibrator.State.HOT);
        assertThat(c.confidence(100, 90, ResidualCalibrator.State.HOT)).isEqualTo(1.0);
        // A segment silent at the origin borrows the active errors too, until silent ones show they mostly stay silent.
        assertThat(c.confidence(100, 90, ResidualCalibrator.State.SILENT)).isEqualTo(0.5);
        // Pooled with the hot forest, though, a silent segment without errors of its own takes the forest's probability alone.
        assertThat(c.knows(100, ResidualCalibrator.State.SILENT)).isFalse();
        assertThat(TreeForecaster.hotConfidence(c, 100, 90, ResidualCalibrator.State.SILENT, 0.2)).isEqualTo(0.2);
        assertThat(TreeForecaster.hotConfidence(c, 100, 90, ResidualCalibrator.State.ACTIVE, 0.2)).isEqualTo(0.35);
        for (int i = 0; i < 40; i++)
            c.add(100, i < 36 ? 0 : 100, ResidualCalibrator.State.SILENT);
        assertThat(c.confidence(100, 90, ResidualCalibrator.State.SILENT)).isEqualTo(0.1);
        assertThat(c.knows(100, ResidualCalibrator.State.SILENT)).isTrue();
        assertThat(TreeForecaster.hotConfidence(c, 100, 90, ResidualCalibrator.State.SILENT, 0.2)).isEqualTo(0.15, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.confidence(100, 90, ResidualCalibrator.State.ACTIVE)).as("other states unchanged").isEqualTo(0.5);
    }

    @Test
    void stateAtOriginIsHotSilentOrActive()
    {
        assertThat(ResidualCalibrator.State.of(20, 20)).isEqualTo(ResidualCalibrator.State.HOT);
        assertThat(ResidualCalibrator.State.of(0, 10)).isEqualTo(ResidualCalibrator.State.SILENT);
        assertThat(ResidualCalibrator.State.of(19, 20)).isEqualTo(ResidualCalibrator.State.ACTIVE);
    }

    @Test
    void traceReaderResamplesAndNamesBadLines() throws Exception
    {
        String trace = "key,t,count\na,2026-01-01T00:10:00Z,2\na,2026-01-01T00:50:00Z,3\nb,2026-01-01T02:00:00Z,7\n";
        SegmentSeries s = TraceReader.read(new BufferedReader(new StringReader(trace)), Duration.ofHours(1), "t.csv");
        assertThat(s.segments()).containsExactly("a", "b");
        assertThat(s.series(0)).containsExactly(5, 0, 0);
        assertThat(s.series(1)).containsExactly(0, 0, 7);
        assertThat(s.firstSeen(1)).isEqualTo(2);
        assertThatThrownBy(() -> TraceReader.read(new BufferedReader(new StringReader("key,when,count\n")), Duration.ofHours(1), "t.csv"))
            .hasMessageContaining("line 1: expected the header key,t,count");
        assertThatThrownBy(() -> TraceReader.read(new BufferedReader(new StringReader("key,t,count\na,2026-02-30,1\n")), Duration.ofHours(1), "t.csv"))
            .hasMessageContaining("line 2: t '2026-02-30'");
        assertThatThrownBy(() -> TraceReader.read(new BufferedReader(new StringReader("key,t,count\na,2026-01-01,-1\n")), Duration.ofHours(1), "t.csv"))
            .hasMessageContaining("line 2: count -1 is negative");
        assertThatThrownBy(() -> TraceReader.read(new BufferedReader(new StringReader("key,t,count\na,2026-01-01,1,9\n")), Duration.ofHours(1), "t.csv"))
            .hasMessageContaining("line 2: expected key,t,count");
    }
}
