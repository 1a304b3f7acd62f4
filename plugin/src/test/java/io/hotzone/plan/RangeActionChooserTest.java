package io.hotzone.plan;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.forecast.HotRange;
import io.hotzone.forecast.HotZone;

import static org.assertj.core.api.Assertions.assertThat;

class RangeActionChooserTest
{
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final long MIB = 1024 * 1024;
    private final RangeActionChooser chooser = new RangeActionChooser(256);

    /** 4 sub-ranges of 256, hot from {@code startIn} for an hour. */
    private static HotRange range(HotRange.Kind kind, Duration startIn)
    {
        return new HotRange(new TableRef("ks", "t"), kind, 10, 13, 0, 1, 500, 100, NOW.plus(startIn), NOW.plus(startIn).plus(Duration.ofHours(1)), 0.9,
                            HotZone.Reason.EVENT);
    }

    /**
     * 4 single-token nodes at RF 2, 2 GiB of the table on this node (4 GiB of data in the ring), copies at 10 MiB/s,
     * streams at 20 MiB/s, plans of one move, moves for forecasts of confidence 0.8 and more.
     */
    private static RangeActionChooser.Facts ring(String noMoves)
    {
        return new RangeActionChooser.Facts(noMoves, 4, 2, 2048 * MIB, 10 * MIB, 20 * MIB, Duration.ofSeconds(30), 1, 0.8);
    }

    @Test
    void aReadHotRangeGetsAMirrorWhenTheCopyEndsBeforeTheStartAndNothingWhenItCannot()
    {
        // 4/256 of 4 GiB = 64 MiB: 6.4 s at 10 MiB/s
        RangeAction boost = chooser.choose(range(HotRange.Kind.READS, Duration.ofMinutes(5)), ring(null), NOW);
        assertThat(boost.kind()).isEqualTo(RangeAction.Kind.BOOST);
        assertThat(boost.bytes()).isEqualTo(64 * MIB);
        assertThat(boost.estimate()).isEqualTo(Duration.ofMillis(6400));
        assertThat(boost.reason()).contains("read-hot").contains("64.0 MiB").contains("hot in 300 s");

        RangeAction late = chooser.choose(range(HotRange.Kind.READS, Duration.ofSeconds(5)), ring(null), NOW);
        assertThat(late.kind()).isEqualTo(RangeAction.Kind.NOTHING);
        assertThat(late.reason()).contains("needs ~6 s").contains("hot in 5 s");
    }

    @Test
    void aWriteHotRangeGetsAMoveOnlyOnARingThatTakesOneAndWhenItEndsInTime()
    {
        // a neighbour joining the range streams half of it for each of the 2 replica sets: 64 MiB, 3.2 s, plus the 30 s ring delay
        RangeAction move = chooser.choose(range(HotRange.Kind.WRITES, Duration.ofMinutes(5)), ring(null), NOW);
        assertThat(move.kind()).isEqualTo(RangeAction.Kind.MOVE);
        assertThat(move.bytes()).isEqualTo(64 * MIB);
        assertThat(move.estimate()).isEqualTo(Duration.ofMillis(33_200));

        RangeAction late = chooser.choose(range(HotRange.Kind.WRITES, Duration.ofSeconds(20)), ring(null), NOW);
        assertThat(late.kind()).isEqualTo(RangeAction.Kind.NOTHING);
        assertThat(late.reason()).contains("needs ~33 s");

        RangeAction vnodes = chooser.choose(range(HotRange.Kind.WRITES, Duration.ofMinutes(5)), ring("the ring has vnodes (num_tokens > 1)"), NOW);
        assertThat(vnodes.kind()).isEqualTo(RangeAction.Kind.NOTHING);
        assertThat(vnodes.reason()).contains("vnodes").contains("a mirror takes every write too");

        RangeAction everyNode = chooser.choose(range(HotRange.Kind.WRITES, Duration.ofMinutes(5)),
                                               new RangeActionChooser.Facts(null, 3, 3, 2048 * MIB, 10 * MIB, 20 * MIB, Duration.ofSeconds(30), 1, 0.8), NOW);
        assertThat(everyNode.kind()).isEqualTo(RangeAction.Kind.NOTHING);
        assertThat(everyNode.reason()).contains("every node replicates every range");
    }

    @Test
    void aRangeHotAlreadyTakesOnlyAnActionDoneWithinTheFirstHalfOfWhatIsLeftOfItsWindow()
    {
        HotRange now = new HotRange(new TableRef("ks", "t"), HotRange.Kind.WRITES, 10, 13, 0, 1, 500, 100, NOW.minusSeconds(60), NOW.plusSeconds(60), 0.9,
                                    HotZone.Reason.TREND);
        assertThat(RangeActionChooser.timeLeft(now, NOW)).isEqualTo(Duration.ofSeconds(30));
        RangeAction move = chooser.choose(now, ring(null), NOW);
        assertThat(move.kind()).as("33 s of move for 30 s").isEqualTo(RangeAction.Kind.NOTHING);
        assertThat(move.reason()).contains("hot now, window left 60 s");
        HotRange reads = new HotRange(new TableRef("ks", "t"), HotRange.Kind.READS, 10, 13, 0, 1, 500, 100, NOW.minusSeconds(60), NOW.plusSeconds(60), 0.9,
                                      HotZone.Reason.ANOMALY);
        assertThat(chooser.choose(reads, ring(null), NOW).kind()).as("6.4 s of copy for 30 s").isEqualTo(RangeAction.Kind.BOOST);
    }

    @Test
    void aMoveIsForAnnouncedOrConfidentRangesNeverForAnAnomalyAndItsEstimateCoversAWholePlan()
    {
        HotRange anomaly = new HotRange(new TableRef("ks", "t"), HotRange.Kind.WRITES, 10, 13, 0, 1, 500, 100, NOW.plusSeconds(600), NOW.plusSeconds(4200),
                                        1.0, HotZone.Reason.ANOMALY);
        assertThat(chooser.choose(anomaly, ring(null), NOW).reason()).contains("an anomaly");
        HotRange unsure = new HotRange(new TableRef("ks", "t"), HotRange.Kind.WRITES, 10, 13, 0, 1, 500, 100, NOW.plusSeconds(600), NOW.plusSeconds(4200),
                                       0.5, HotZone.Reason.SEASONAL);
        RangeAction refused = chooser.choose(unsure, ring(null), NOW);
        assertThat(refused.kind()).isEqualTo(RangeAction.Kind.NOTHING);
        assertThat(refused.reason()).contains("confidence 0.50 is below moves.min_confidence 0.80");
        HotRange announced = new HotRange(new TableRef("ks", "t"), HotRange.Kind.WRITES, 10, 13, 0, 1, 500, 100, NOW.plusSeconds(600), NOW.plusSeconds(4200),
                                          0.5, HotZone.Reason.EVENT);
        RangeAction plan = chooser.choose(announced, new RangeActionChooser.Facts(null, 4, 2, 2048 * MIB, 10 * MIB, 20 * MIB, Duration.ofSeconds(30), 3, 0.8),
                                          NOW);
        assertThat(plan.kind()).as("an announced range, whatever its confidence").isEqualTo(RangeAction.Kind.MOVE);
        assertThat(plan.estimate()).as("three ring delays and the streaming").isEqualTo(Duration.ofMillis(93_200));
    }

    @Test
    void anUnthrottledStreamIsEstimatedAtCassandrasDefaultThroughput()
    {
        RangeAction move = chooser.choose(range(HotRange.Kind.WRITES, Duration.ofMinutes(5)),
                                          new RangeActionChooser.Facts(null, 4, 2, 2048 * MIB, 10 * MIB, 0, Duration.ofSeconds(30), 1, 0.8), NOW);
        assertThat(move.estimate()).isEqualTo(Duration.ofSeconds(30).plusMillis((long) Math.ceil(1000.0 * 64 * MIB / (24 * MIB))));
    }
}
