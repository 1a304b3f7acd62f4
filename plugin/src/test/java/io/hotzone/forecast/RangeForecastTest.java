package io.hotzone.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.RingRanges;
import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;
import io.hotzone.events.Event;
import io.hotzone.history.HistoryRow;

import static org.assertj.core.api.Assertions.assertThat;

class RangeForecastTest
{
    private static final TableRef T = new TableRef("ks", "t");
    private static final int SUB = 64;
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final Instant DAY0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration DELAY = Duration.ofSeconds(12);

    /** Three days of 5-minute rows from two nodes; counts per (sub-range, step) of reads and writes. */
    private static List<HistoryRow> history(int steps, IntBinaryOperator reads, IntBinaryOperator writes)
    {
        List<HistoryRow> rows = new ArrayList<>();
        for (int i = 0; i < steps; i++)
            for (String node : List.of("n1", "n2"))
            {
                long[] r = new long[SUB], w = new long[SUB];
                for (int s = 0; s < SUB; s++)
                {
                    r[s] = reads.applyAsInt(s, i) / 2;
                    w[s] = writes.applyAsInt(s, i) / 2;
                }
                rows.add(new HistoryRow(node, DAY0.plus(STEP.multipliedBy(i)).toEpochMilli(), STEP.toMillis(),
                                        new TableSnapshot(T, 0, 0, r, w, List.of(), 0, true)));
            }
        return rows;
    }

    private static boolean noon(int step)
    {
        int ofDay = step % 288;
        return ofDay >= 144 && ofDay < 156; // 12:00-13:00
    }

    @Test
    void aRangeWrittenHardEveryNoonIsForecastWriteHotBeforeNoonAsOneRangeOfItsAdjacentSubRanges()
    {
        // sub-ranges 40 and 41 take 20x their writes from noon to one o'clock every day; reads stay flat everywhere
        List<HistoryRow> rows = history(2 * 288 + 140, (s, i) -> 40, (s, i) -> (s == 40 || s == 41) && noon(i) ? 800 : 40);
        Instant now = DAY0.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(140 * 5)).plusSeconds(30); // 11:40:30 on day 3
        List<HotRange> hot = new RangeForecast(SUB, HotRule.defaults(), 12, 8).forecast(T, rows, List.of(), DAY0, now, STEP, DELAY);

        assertThat(hot).hasSize(1);
        HotRange r = hot.get(0);
        assertThat(r.kind()).isEqualTo(HotRange.Kind.WRITES);
        assertThat(r.reason()).isEqualTo(HotZone.Reason.SEASONAL);
        assertThat(r.firstSubRange()).isEqualTo(40);
        assertThat(r.lastSubRange()).isEqualTo(41);
        RingRanges ranges = new RingRanges(SUB);
        assertThat(r.startToken()).isEqualTo(ranges.start(40) - 1);
        assertThat(r.endToken()).isEqualTo(ranges.end(41));
        assertThat(r.predictedStart()).isEqualTo(DAY0.plus(Duration.ofDays(2)).plus(Duration.ofHours(12)));
        assertThat(r.predictedPeak()).isEqualTo(1600);
        // the same noon spike came true yesterday: the baseline's residuals make it a confident forecast
        assertThat(r.confidence()).isGreaterThan(0.8);
    }

    @Test
    void oneStepSpikesThatNeverLastAreStillReportedWhenTheyHappenButWithAConfidenceNearZero()
    {
        // every odd sub-range spikes for one step every 97 steps, at its own phase: hot now never meant hot next
        IntBinaryOperator writes = (s, i) -> s % 2 == 1 && (i + 3 * s) % 97 == 0 ? 800 : 40;
        int last = 2 * 288;
        while (writes.applyAsInt(7, last) != 800)
            last++; // the origin: sub-range 7 spiking
        List<HistoryRow> rows = history(last + 1, (s, i) -> 40, writes);
        Instant now = DAY0.plus(STEP.multipliedBy(last + 1)).plusSeconds(30);
        List<HotRange> hot = new RangeForecast(SUB, HotRule.defaults(), 3, 8).forecast(T, rows, List.of(), DAY0, now, STEP, DELAY);

        HotRange seven = hot.stream().filter(r -> r.firstSubRange() == 7).findFirst().orElseThrow();
        assertThat(seven.lastSubRange()).isEqualTo(7);
        assertThat(seven.reason()).isEqualTo(HotZone.Reason.ANOMALY);
        assertThat(seven.confidence()).isLessThan(0.1);
        assertThat(hot).allMatch(r -> r.kind() == HotRange.Kind.WRITES && r.firstSubRange() % 2 == 1);
    }

    @Test
    void anAnnouncedTokenRangeEventHeatsItsSubRangesForReadsAndWritesUntilItEndsWhileKeyAndTableEventsAreLeftToPartitions()
    {
        List<HistoryRow> rows = history(2 * 288, (s, i) -> 40, (s, i) -> 40);
        Instant now = DAY0.plus(Duration.ofDays(2)).plusSeconds(30);
        RingRanges ranges = new RingRanges(SUB);
        Instant start = now.plus(Duration.ofMinutes(30)), end = now.plus(Duration.ofHours(3));
        Event onRange = new Event("e1", "flash sale", start, end, T, List.of(), new Event.TokenRange(ranges.start(20) + 5, ranges.end(21) - 5), 5, "test");
        Event onKeys = new Event("e2", "keys", start, end, T, List.of("'k1'"), null, 5, "test");
        Event onTable = new Event("e3", "table", start, end, T, List.of(), null, 5, "test");
        List<HotRange> hot = new RangeForecast(SUB, HotRule.defaults(), 12, 8).forecast(T, rows, List.of(onRange, onKeys, onTable), DAY0, now, STEP, DELAY);

        assertThat(hot).extracting(HotRange::kind).containsExactlyInAnyOrder(HotRange.Kind.READS, HotRange.Kind.WRITES);
        for (HotRange r : hot)
        {
            assertThat(r.reason()).isEqualTo(HotZone.Reason.EVENT);
            assertThat(r.firstSubRange()).isEqualTo(20);
            assertThat(r.lastSubRange()).isEqualTo(21);
            assertThat(r.predictedStart()).isEqualTo(start.minusSeconds(30)); // the event's first step
            assertThat(r.predictedEnd()).isAfterOrEqualTo(end);
            assertThat(r.predictedPeak()).isEqualTo(2 * 40 * 5);
        }
    }

    @Test
    void anAnnouncedRangeNextToAForecastOneStaysARangeOfItsOwn()
    {
        // sub-ranges 40 and 41 are written hard every noon (seasonal); sub-range 42 is announced for noon
        List<HistoryRow> rows = history(2 * 288 + 140, (s, i) -> 40, (s, i) -> (s == 40 || s == 41) && noon(i) ? 800 : 40);
        Instant now = DAY0.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(140 * 5)).plusSeconds(30); // 11:40:30 on day 3
        Instant start = DAY0.plus(Duration.ofDays(2)).plus(Duration.ofHours(12)), end = start.plus(Duration.ofHours(1));
        RingRanges ranges = new RingRanges(SUB);
        Event announced = new Event("e1", "launch", start, end, T, List.of(), new Event.TokenRange(ranges.start(42) + 5, ranges.end(42) - 5), 20, "test");
        List<HotRange> hot = new RangeForecast(SUB, HotRule.defaults(), 12, 8).forecast(T, rows, List.of(announced), DAY0, now, STEP, DELAY);

        List<HotRange> writes = hot.stream().filter(r -> r.kind() == HotRange.Kind.WRITES).collect(java.util.stream.Collectors.toList());
        assertThat(writes).extracting(r -> r.firstSubRange() + "-" + r.lastSubRange() + " " + r.reason())
                          .containsExactlyInAnyOrder("40-41 SEASONAL", "42-42 EVENT");
    }
}
