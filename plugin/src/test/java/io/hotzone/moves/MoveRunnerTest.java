package io.hotzone.moves;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hotzone.config.MoveSettings;
import io.hotzone.server.Ring;

import static org.assertj.core.api.Assertions.assertThat;

/** The node-side run of a move against an in-memory log, ring and lock: what it records, when it moves, when it waits. */
class MoveRunnerTest
{
    private static final String ME = "a";

    private Instant now = Instant.parse("2026-12-07T12:00:00Z");
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor();
    private final Log log = new Log();
    private final FakeRing ring = new FakeRing();
    private final FakeLock lock = new FakeLock();

    @AfterEach
    void stop()
    {
        renewer.shutdownNow();
    }

    private MoveRunner runner(boolean dryRun)
    {
        MoveSettings d = MoveSettings.defaults();
        MoveSettings s = new MoveSettings(true, dryRun, d.poll(), d.lockTtl(), Duration.ofHours(1), 10, 2.0, 3, 0.1, d.window(), false, 0.8);
        return new MoveRunner(ME, log, ring, lock, s, renewer, () -> now, (what, t) -> { });
    }

    private MoveRecord planned(String id, String after, long from, long to)
    {
        MoveRecord r = new MoveRecord(ME, id, after, from, to, MoveRecord.State.PLANNED, "test", ME, now, null, null, 0, "", null);
        log.records.add(r);
        return r;
    }

    @Test
    void aMoveThatPassesEveryGuardRunsUnderTheLockAndIsRecordedDone()
    {
        planned("m1", null, -100, -50);
        runner(false).poll();
        assertThat(ring.movedTo).containsExactly(-50L);
        assertThat(log.state("m1")).isEqualTo(MoveRecord.State.DONE);
        assertThat(log.get("m1").startedAt()).isNotNull();
        assertThat(lock.held).as("released").isFalse();
        assertThat(lock.acquired).isEqualTo(1);
    }

    @Test
    void withoutTheLockNothingRunsAndTheMoveStaysPlanned()
    {
        planned("m1", null, -100, -50);
        lock.available = false;
        runner(false).poll();
        assertThat(ring.movedTo).isEmpty();
        assertThat(log.state("m1")).isEqualTo(MoveRecord.State.PLANNED);
    }

    @Test
    void aRunningRowAtTheStartOfAPollWasCutShortAndIsRecordedFailed()
    {
        log.records.add(new MoveRecord(ME, "m0", null, -120, -100, MoveRecord.State.RUNNING, "test", ME, now, now, null, 7, "", null));
        ring.unsettled.put(ME, "MOVING");
        runner(false).poll();
        assertThat(log.state("m0")).isEqualTo(MoveRecord.State.FAILED);
        assertThat(log.get("m0").note()).contains("stopped during the move").contains("still MOVING: restart it");
    }

    @Test
    void aMoveWhosePredecessorDidNotEndDoneIsCancelledAndOneWaitingForARunningOneWaits()
    {
        log.records.add(new MoveRecord("b", "m1", null, 0, 10, MoveRecord.State.FAILED, "test", ME, now, now, now, 0, "x", null));
        planned("m2", "m1", -100, -50);
        runner(false).poll();
        assertThat(log.state("m2")).isEqualTo(MoveRecord.State.CANCELLED);
        assertThat(log.get("m2").note()).contains("m1").contains("FAILED");

        log.records.clear();
        log.records.add(new MoveRecord("b", "m3", null, 0, 10, MoveRecord.State.RUNNING, "test", ME, now, now, null, 0, "", null));
        planned("m4", "m3", -100, -50);
        runner(false).poll();
        assertThat(log.state("m4")).isEqualTo(MoveRecord.State.PLANNED);
        assertThat(ring.movedTo).isEmpty();
    }

    @Test
    void theMoverRefusesAMoveFromAnotherTokenOrAcrossANeighbour()
    {
        planned("m1", null, -99, -50);
        runner(false).poll();
        assertThat(log.state("m1")).isEqualTo(MoveRecord.State.REFUSED);
        assertThat(log.get("m1").note()).contains("plan again");

        planned("m2", null, -100, 50); // past b (0): the ring order would change
        runner(false).poll();
        assertThat(log.state("m2")).isEqualTo(MoveRecord.State.REFUSED);
        assertThat(log.get("m2").note()).contains("not between").contains("neighbours");
        assertThat(ring.movedTo).isEmpty();
    }

    @Test
    void aDownNodeRefusesAMovingOneMakesItWaitUntilTheWaitLimit()
    {
        planned("m1", null, -100, -50);
        ring.unsettled.put("c", "DOWN");
        runner(false).poll();
        assertThat(log.state("m1")).isEqualTo(MoveRecord.State.REFUSED);

        ring.unsettled.clear();
        ring.unsettled.put("b", "MOVING");
        planned("m2", null, -100, -50);
        MoveRunner r = runner(false);
        r.poll();
        assertThat(log.state("m2")).isEqualTo(MoveRecord.State.PLANNED);
        now = now.plus(MoveRunner.WAIT_LIMIT).plusSeconds(1);
        r.poll();
        assertThat(log.state("m2")).isEqualTo(MoveRecord.State.REFUSED);
        assertThat(log.get("m2").note()).contains("waited over 60 minutes").contains("b is MOVING");
        assertThat(ring.movedTo).isEmpty();
    }

    @Test
    void aFailureBeforeCassandraAnnouncedTheMoveIsARefusalAfterItAFailureAndTheLockIsReleasedEitherWay()
    {
        planned("m1", null, -100, -50);
        ring.failure = new RuntimeException("target token -50 is already owned by another node.");
        runner(false).poll();
        assertThat(log.state("m1")).isEqualTo(MoveRecord.State.REFUSED);
        assertThat(log.get("m1").note()).startsWith("Cassandra refused it");
        assertThat(lock.held).isFalse();

        planned("m2", null, -100, -50);
        ring.failure = new RuntimeException("stream failed");
        ring.tokenAfterFailure = -70L; // Cassandra had started moving
        runner(false).poll();
        assertThat(log.state("m2")).isEqualTo(MoveRecord.State.FAILED);
        assertThat(lock.held).isFalse();
    }

    @Test
    void aDryRunRecordsWithoutMoving()
    {
        planned("m1", null, -100, -50);
        runner(true).poll();
        assertThat(log.state("m1")).isEqualTo(MoveRecord.State.DRY_RUN);
        assertThat(ring.movedTo).isEmpty();
        assertThat(lock.acquired).isZero();
    }

    /** Records as the table would hold them: updates replace the row. */
    private static final class Log implements MoveLog
    {
        final List<MoveRecord> records = new ArrayList<>();

        MoveRecord get(String id)
        {
            return records.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
        }

        MoveRecord.State state(String id)
        {
            return get(id).state();
        }

        private void replace(String id, java.util.function.UnaryOperator<MoveRecord> change)
        {
            for (int i = 0; i < records.size(); i++)
                if (records.get(i).id().equals(id))
                    records.set(i, change.apply(records.get(i)));
        }

        @Override
        public List<MoveRecord> forNode(String node)
        {
            List<MoveRecord> out = new ArrayList<>();
            for (MoveRecord r : all())
                if (r.node().equals(node))
                    out.add(r);
            return out;
        }

        @Override
        public List<MoveRecord> all()
        {
            List<MoveRecord> out = new ArrayList<>(records);
            out.sort(Comparator.comparing(MoveRecord::id).reversed());
            return out;
        }

        @Override
        public void started(String node, String id, Instant at)
        {
            replace(id, r -> new MoveRecord(r.node(), r.id(), r.after(), r.from(), r.to(), MoveRecord.State.RUNNING, r.reason(), r.requestedBy(),
                                            r.requestedAt(), at, null, 0, r.note(), r.revertOf()));
        }

        @Override
        public void progress(String node, String id, long bytes)
        {
        }

        @Override
        public void ended(String node, String id, MoveRecord.State state, Instant at, long bytes, String note)
        {
            replace(id, r -> new MoveRecord(r.node(), r.id(), r.after(), r.from(), r.to(), state, r.reason(), r.requestedBy(), r.requestedAt(),
                                            r.startedAt(), at, bytes, note, r.revertOf()));
        }
    }

    /** Three nodes a (-100), b (0), c (100); one DC, one rack. */
    private static final class FakeRing implements Ring
    {
        final Map<String, Long> tokens = new LinkedHashMap<>(Map.of("a", -100L, "b", 0L, "c", 100L));
        final Map<String, String> unsettled = new LinkedHashMap<>();
        final List<Long> movedTo = new ArrayList<>();
        RuntimeException failure;
        Long tokenAfterFailure;

        @Override
        public Map<String, List<Long>> tokens()
        {
            Map<String, List<Long>> out = new LinkedHashMap<>();
            tokens.forEach((n, t) -> out.put(n, List.of(t)));
            return out;
        }

        @Override
        public String topologyProblem()
        {
            return "";
        }

        @Override
        public Map<String, String> unsettledNodes()
        {
            return unsettled;
        }

        @Override
        public int activeStreamsAndRepairs()
        {
            return 0;
        }

        @Override
        public long freeDiskBytes()
        {
            return 1L << 40;
        }

        @Override
        public long loadBytes()
        {
            return 1L << 20;
        }

        @Override
        public long streamedInBytes()
        {
            return 0;
        }

        @Override
        public long tableBytes(String keyspace, String table)
        {
            return 0;
        }

        @Override
        public double streamBytesPerSecond()
        {
            return 0;
        }

        @Override
        public java.time.Duration ringDelay()
        {
            return java.time.Duration.ofSeconds(30);
        }

        @Override
        public int replicationFactor(String keyspace)
        {
            return 2;
        }

        @Override
        public void move(long token)
        {
            if (failure != null)
            {
                if (tokenAfterFailure != null)
                    tokens.put(ME, tokenAfterFailure);
                throw failure;
            }
            movedTo.add(token);
            tokens.put(ME, token);
        }
    }

    private static final class FakeLock implements MoveLock
    {
        boolean available = true, held;
        int acquired;

        @Override
        public boolean acquireOrRenew()
        {
            if (!available)
                return false;
            if (!held)
                acquired++;
            held = true;
            return true;
        }

        @Override
        public void release()
        {
            held = false;
        }
    }
}
