package io.hotzone.moves;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.forecast.HotRange;
import io.hotzone.forecast.HotZone;
import io.hotzone.plan.RangeAction;

import static org.assertj.core.api.Assertions.assertThat;

class AutoMoverTest
{
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(1);

    /** The move records in memory; a request adds PLANNED rows, {@link #finish} ends them. */
    private static final class Desk implements AutoMover.Requests
    {
        final List<MoveRecord> records = new ArrayList<>();
        final List<List<HotRange>> planned = new ArrayList<>();
        MovePlan plan = new MovePlan(List.of(new Move("n2", 100, 500), new Move("n3", 900, 700)), Map.of(), Map.of(), Map.of(), "two moves");
        String refuse;
        int ids;

        @Override
        public List<MoveRecord> list()
        {
            List<MoveRecord> newestFirst = new ArrayList<>(records);
            java.util.Collections.reverse(newestFirst);
            return newestFirst;
        }

        @Override
        public MovePlan planForecast(List<HotRange> hot, Duration step)
        {
            planned.add(hot);
            return plan;
        }

        @Override
        public List<String> request(List<Move> moves, String reason, String revertOf)
        {
            if (refuse != null)
                throw new IllegalStateException(refuse);
            List<String> out = new ArrayList<>();
            for (Move m : moves)
            {
                String id = "m" + ++ids;
                records.add(new MoveRecord(m.node(), id, null, m.from(), m.to(), MoveRecord.State.PLANNED, reason, "n1", T0, null, null, 0, "", revertOf));
                out.add(id);
            }
            return out;
        }

        @Override
        public String revert(String id, String reason)
        {
            MoveRecord done = records.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
            return request(List.of(new Move(done.node(), done.to(), done.from())), reason, id).get(0);
        }

        /** Ends every PLANNED move in this state, the n-th one ending n minutes after T0. */
        void finish(MoveRecord.State state)
        {
            for (int i = 0; i < records.size(); i++)
            {
                MoveRecord r = records.get(i);
                if (r.state() == MoveRecord.State.PLANNED)
                    records.set(i, new MoveRecord(r.node(), r.id(), r.after(), r.from(), r.to(), state, r.reason(), r.requestedBy(), r.requestedAt(), T0,
                                                  T0.plusSeconds(60L * (i + 1)), 10, "", r.revertOf()));
            }
        }

        long count(MoveRecord.State state)
        {
            return records.stream().filter(r -> r.state() == state).count();
        }
    }

    /** A BOOST is for a read-hot range, anything else for a write-hot one. */
    private static RangeAction action(RangeAction.Kind kind)
    {
        HotRange r = new HotRange(new TableRef("ks", "t"), kind == RangeAction.Kind.BOOST ? HotRange.Kind.READS : HotRange.Kind.WRITES, 3, 4, 10, 20, 900,
                                  100, T0.plusSeconds(600), T0.plusSeconds(4200), 0.9, HotZone.Reason.EVENT);
        return new RangeAction(r, kind, 1, Duration.ofSeconds(40), "test");
    }

    @Test
    void aWriteHotRangeTooNearForAMoveIsNotQuietAndARefusedRevertLeavesItsMoveInPlace()
    {
        Desk desk = new Desk();
        AtomicReference<List<RangeAction>> forecast = new AtomicReference<>(List.of(action(RangeAction.Kind.MOVE)));
        AutoMover mover = new AutoMover(desk, forecast::get, STEP, Duration.ofHours(1), true, () -> T0);
        mover.cycle();
        desk.finish(MoveRecord.State.DONE);
        forecast.set(List.of(action(RangeAction.Kind.NOTHING))); // the spike is near: too near for a move, not over
        for (int i = 0; i < 5; i++)
            assertThat(mover.cycle()).isEmpty();
        forecast.set(List.of());
        mover.cycle();
        mover.cycle();
        assertThat(mover.cycle()).isEqualTo("reverted m2");
        desk.finish(MoveRecord.State.REFUSED);
        assertThat(AutoMover.inPlace(desk.list())).extracting(MoveRecord::id).containsExactly("m2", "m1");
        assertThat(mover.cycle()).as("tried again").isEqualTo("reverted m2");
    }

    @Test
    void aForecastWriteHotRangeGetsItsMovesOnceAndTheyAreMergedBackNewestFirstAfterThreeQuietCycles()
    {
        Desk desk = new Desk();
        AtomicReference<List<RangeAction>> forecast = new AtomicReference<>(List.of(action(RangeAction.Kind.MOVE), action(RangeAction.Kind.BOOST)));
        AutoMover mover = new AutoMover(desk, forecast::get, STEP, Duration.ofHours(1), true, () -> T0);

        assertThat(mover.cycle()).isEqualTo("requested [m1, m2]");
        assertThat(desk.planned).hasSize(1);
        assertThat(desk.planned.get(0)).as("only the write-hot range counts").extracting(HotRange::kind).containsExactly(HotRange.Kind.WRITES);
        assertThat(desk.records.get(0).reason()).startsWith(AutoMover.REASON).contains("writes of ks.t hot in (10,20]");
        assertThat(mover.cycle()).as("nothing while the moves are PLANNED").isEmpty();
        desk.finish(MoveRecord.State.DONE);
        assertThat(mover.cycle()).as("the moves are in place: not again").isEmpty();
        assertThat(desk.planned).hasSize(1);

        forecast.set(List.of(action(RangeAction.Kind.BOOST)));
        assertThat(mover.cycle()).isEmpty();
        assertThat(mover.cycle()).isEmpty();
        assertThat(mover.cycle()).as("third quiet cycle").isEqualTo("reverted m2");
        assertThat(desk.records.get(2).revertOf()).isEqualTo("m2");
        assertThat(desk.records.get(2).reason()).startsWith(AutoMover.MERGE_BACK);
        assertThat(mover.cycle()).as("one revert at a time").isEmpty();
        desk.finish(MoveRecord.State.DONE);
        assertThat(mover.cycle()).isEqualTo("reverted m1");
        desk.finish(MoveRecord.State.DONE);
        assertThat(mover.cycle()).as("all merged back").isEmpty();
        assertThat(desk.records).hasSize(4);
    }

    @Test
    void aQuietCycleCountsOnlyInARowAndASwitchedOffMoverDoesNothing()
    {
        Desk desk = new Desk();
        AtomicReference<List<RangeAction>> forecast = new AtomicReference<>(List.of(action(RangeAction.Kind.MOVE)));
        AutoMover mover = new AutoMover(desk, forecast::get, STEP, Duration.ofHours(1), false, () -> T0);
        assertThat(mover.cycle()).isEmpty();
        assertThat(desk.records).isEmpty();
        mover.setAutomatic(true);
        mover.cycle();
        desk.finish(MoveRecord.State.DONE);
        forecast.set(List.of());
        mover.cycle();
        mover.cycle();
        forecast.set(List.of(action(RangeAction.Kind.MOVE))); // hot again: the count starts over
        mover.cycle();
        forecast.set(List.of());
        mover.cycle();
        mover.cycle();
        assertThat(desk.records).hasSize(2);
        assertThat(mover.cycle()).isEqualTo("reverted m2");
    }

    @Test
    void aPlanThatDidNotMoveIsNotRequestedAgainWithinTheCooldownAndARefusalIsReported()
    {
        Desk desk = new Desk();
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        AutoMover mover = new AutoMover(desk, () -> List.of(action(RangeAction.Kind.MOVE)), STEP, Duration.ofHours(1), true, now::get);
        mover.cycle();
        desk.finish(MoveRecord.State.DRY_RUN);
        assertThat(mover.cycle()).as("dry run recorded: not again within the cooldown").isEmpty();
        now.set(T0.plus(Duration.ofMinutes(61))); // the dry runs ended 1 and 2 minutes after T0: the cooldown counts from there
        assertThat(mover.cycle()).isEmpty();
        now.set(T0.plus(Duration.ofMinutes(63)));
        desk.refuse = "moves started in the last 24 hours: 4 of moves.daily_budget 4";
        assertThat(mover.cycle()).contains("refused").contains("daily_budget");
        assertThat(desk.count(MoveRecord.State.PLANNED)).isZero();
        desk.refuse = null;
        desk.plan = new MovePlan(List.of(), Map.of(), Map.of(), Map.of(), "the busiest node's load drops by less than moves.min_gain");
        assertThat(mover.cycle()).contains("no move").contains("min_gain");
    }

    @Test
    void movesAnOperatorRequestedAreNeverMergedBackByTheMover()
    {
        Desk desk = new Desk();
        desk.request(List.of(new Move("n2", 100, 500)), "manual", null);
        desk.finish(MoveRecord.State.DONE);
        AutoMover mover = new AutoMover(desk, List::of, STEP, Duration.ofHours(1), true, () -> T0);
        for (int i = 0; i < 5; i++)
            assertThat(mover.cycle()).isEmpty();
        assertThat(desk.records).hasSize(1);
    }
}
