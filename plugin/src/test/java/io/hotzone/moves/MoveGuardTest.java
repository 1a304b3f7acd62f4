package io.hotzone.moves;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hotzone.config.MoveSettings;

import static org.assertj.core.api.Assertions.assertThat;

class MoveGuardTest
{
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Map<String, List<Long>> RING = Map.of("a", List.of(-100L), "b", List.of(0L), "c", List.of(100L));
    private static final Move MOVE = new Move("a", -100, -50);

    private static MoveSettings settings(boolean enabled)
    {
        MoveSettings d = MoveSettings.defaults();
        return new MoveSettings(enabled, false, d.poll(), d.lockTtl(), Duration.ofHours(1), 2, 2.0, 3, 0.1, d.window(), false, 0.8);
    }

    private static MoveGuard.Facts facts(Map<String, List<Long>> ring, Map<String, String> unsettled, int streams, long free, long receive, List<MoveRecord> history)
    {
        return new MoveGuard.Facts(ring, "", unsettled, streams, free, receive, history);
    }

    private static MoveRecord record(String id, String node, MoveRecord.State state, Instant started, Instant ended)
    {
        return new MoveRecord(node, id, null, 0, 1, state, "r", "a", started, started, ended, 0, "boom", null);
    }

    private static MoveGuard.Verdict check(MoveGuard.Facts f)
    {
        return new MoveGuard(settings(true)).check(null, MOVE, false, f, NOW);
    }

    @Test
    void aSettledSingleTokenRingLetsTheMoveGo()
    {
        assertThat(check(facts(RING, Map.of(), 0, 10L << 30, 1L << 30, List.of())).kind()).isEqualTo(MoveGuard.Verdict.Kind.GO);
    }

    @Test
    void eachGuardRefusesWithItsReason()
    {
        assertThat(new MoveGuard(settings(false)).check(null, MOVE, false, facts(RING, Map.of(), 0, -1, 0, List.of()), NOW).reason()).contains("moves.enabled: false");
        assertThat(check(facts(Map.of("a", List.of(-100L, 5L), "b", List.of(0L)), Map.of(), 0, -1, 0, List.of())).reason()).contains("vnodes");
        assertThat(check(facts(RING, Map.of("c", "DOWN"), 0, -1, 0, List.of())).reason()).contains("node c is DOWN");
        MoveGuard.Verdict joining = check(facts(RING, Map.of("b", "JOINING"), 0, -1, 0, List.of()));
        assertThat(joining.kind()).as("ends by itself: wait").isEqualTo(MoveGuard.Verdict.Kind.WAIT);
        assertThat(joining.reason()).contains("node b is JOINING");
        assertThat(check(facts(RING, Map.of("b", "MOVING", "c", "DOWN"), 0, -1, 0, List.of())).kind()).isEqualTo(MoveGuard.Verdict.Kind.REFUSE);
        MoveGuard.Verdict streaming = check(facts(RING, Map.of(), 2, -1, 0, List.of()));
        assertThat(streaming.reason()).contains("2 streaming or repair session(s)");
        assertThat(streaming.kind()).as("sessions end: wait").isEqualTo(MoveGuard.Verdict.Kind.WAIT);
        assertThat(new MoveGuard(settings(true)).check(null, MOVE, false, new MoveGuard.Facts(RING, "the ring has 2 data centers", Map.of(), 0, -1, 0, List.of()), NOW).reason())
            .contains("2 data centers");
        assertThat(check(facts(RING, Map.of(), 0, 3L << 30, 2L << 30, List.of())).reason()).contains("moves.free_disk_factor");
        assertThat(new MoveGuard(settings(true)).check(null, new Move("a", -100, 0), false, facts(RING, Map.of(), 0, -1, 0, List.of()), NOW).reason())
            .contains("token 0 is b's");
        assertThat(check(facts(RING, Map.of("c", "DOWN"), 0, -1, 0, List.of())).kind()).isEqualTo(MoveGuard.Verdict.Kind.REFUSE);
        assertThat(check(facts(RING, Map.of(), 0, -1, 0, List.of())).kind()).isEqualTo(MoveGuard.Verdict.Kind.GO);
    }

    @Test
    void aRunningMoveMakesOthersWaitAndAFailedOneBlocksUntilCleared()
    {
        MoveGuard.Verdict running = check(facts(RING, Map.of(), 0, -1, 0, List.of(record("m1", "b", MoveRecord.State.RUNNING, NOW, null))));
        assertThat(running.kind()).isEqualTo(MoveGuard.Verdict.Kind.WAIT);
        MoveGuard.Verdict failed = check(facts(RING, Map.of(), 0, -1, 0, List.of(record("m1", "b", MoveRecord.State.FAILED, NOW.minusSeconds(7200), NOW.minusSeconds(7000)))));
        assertThat(failed.kind()).isEqualTo(MoveGuard.Verdict.Kind.REFUSE);
        assertThat(failed.reason()).contains("hotzone move clear m1");
        MoveGuard.Verdict cleared = check(facts(RING, Map.of(), 0, -1, 0, List.of(record("m1", "b", MoveRecord.State.CLEARED, NOW.minusSeconds(90_000), NOW.minusSeconds(90_000)))));
        assertThat(cleared.kind()).isEqualTo(MoveGuard.Verdict.Kind.GO);
        // its own record does not count against it
        assertThat(new MoveGuard(settings(true)).check("m1", MOVE, false, facts(RING, Map.of(), 0, -1, 0, List.of(record("m1", "a", MoveRecord.State.RUNNING, NOW, null))), NOW).kind())
            .isEqualTo(MoveGuard.Verdict.Kind.GO);
    }

    @Test
    void cooldownHoldsANodeBackButNotItsRevertAndTheDailyBudgetCountsStarts()
    {
        List<MoveRecord> moved = List.of(record("m1", "a", MoveRecord.State.DONE, NOW.minusSeconds(600), NOW.minusSeconds(500)));
        assertThat(check(facts(RING, Map.of(), 0, -1, 0, moved)).reason()).contains("cooldown");
        assertThat(new MoveGuard(settings(true)).check(null, MOVE, true, facts(RING, Map.of(), 0, -1, 0, moved), NOW).kind()).isEqualTo(MoveGuard.Verdict.Kind.GO);
        assertThat(check(facts(RING, Map.of(), 0, -1, 0, List.of(record("m1", "b", MoveRecord.State.DONE, NOW.minusSeconds(600), NOW.minusSeconds(500))))).kind())
            .as("another node's move: no cooldown for a").isEqualTo(MoveGuard.Verdict.Kind.GO);
        List<MoveRecord> two = new ArrayList<>();
        two.add(record("m1", "b", MoveRecord.State.DONE, NOW.minusSeconds(7200), NOW.minusSeconds(7100)));
        two.add(record("m2", "c", MoveRecord.State.DONE, NOW.minusSeconds(3600 * 5), NOW.minusSeconds(3600 * 5 - 60)));
        assertThat(check(facts(RING, Map.of(), 0, -1, 0, two)).reason()).contains("daily budget");
        assertThat(new MoveGuard(settings(true)).check(null, MOVE, true, facts(RING, Map.of(), 0, -1, 0, two), NOW).kind())
            .as("a revert is never held back by the budget").isEqualTo(MoveGuard.Verdict.Kind.GO);
        two.set(1, record("m2", "c", MoveRecord.State.DONE, NOW.minus(Duration.ofHours(25)), NOW.minus(Duration.ofHours(25))));
        assertThat(check(facts(RING, Map.of(), 0, -1, 0, two)).kind()).isEqualTo(MoveGuard.Verdict.Kind.GO);
    }
}
