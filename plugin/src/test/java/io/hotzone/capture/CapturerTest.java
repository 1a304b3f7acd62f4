package io.hotzone.capture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.hotzone.config.CaptureSettings;

import static org.assertj.core.api.Assertions.assertThat;

class CapturerTest
{
    private static final TableRef T = new TableRef("ks", "t");
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<BucketSnapshot> sealed = new ArrayList<>();

    private Capturer capturer(int topK, int maxTables, int queue)
    {
        CaptureSettings s = new CaptureSettings(true, Duration.ofSeconds(10), topK, 16, maxTables, 8, queue, Duration.ofSeconds(30));
        return new Capturer(s, now::get, sealed::add);
    }

    private static byte[] key(String k)
    {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsPerKeyAndRangeAndSealsAtTheBucketBoundary()
    {
        Capturer c = capturer(10, 4, 1024);
        for (int i = 0; i < 3; i++)
            c.record(Access.partition(T, key("a"), Long.MIN_VALUE, false));
        c.record(Access.partition(T, key("b"), Long.MAX_VALUE, true));
        c.drainOnce();
        assertThat(sealed).isEmpty();

        now.addAndGet(10_000);
        c.drainOnce();
        assertThat(sealed).hasSize(1);
        BucketSnapshot b = sealed.get(0);
        assertThat(b.startMillis()).isEqualTo(1_000_000);
        TableSnapshot s = b.tables().get(T);
        assertThat(s.reads()).isEqualTo(3);
        assertThat(s.writes()).isEqualTo(1);
        assertThat(s.exact()).isTrue();
        assertThat(s.top()).extracting(k -> new String(k.key(), StandardCharsets.UTF_8)).containsExactly("a", "b");
        assertThat(s.rangeReads()[0]).isEqualTo(3);
        assertThat(s.rangeWrites()[15]).isEqualTo(1);
        assertThat(c.captured.getCount()).isEqualTo(4);

        // The next bucket starts empty; an empty bucket is still handed on (time moved on).
        now.addAndGet(10_000);
        c.drainOnce();
        assertThat(sealed).hasSize(2);
        assertThat(sealed.get(1).tables()).isEmpty();
        assertThat(c.recent()).hasSize(2);
    }

    @Test
    void aFullQueueDropsInsteadOfWaiting()
    {
        Capturer c = capturer(10, 4, 1024);
        int accepted = 0;
        for (int i = 0; i < 5000; i++)
            if (c.record(Access.partition(T, key("k"), 0, false)))
                accepted++;
        assertThat(accepted).isLessThan(5000);
        assertThat(c.dropped.getCount()).isEqualTo(5000 - accepted);
    }

    @Test
    void tablesBeyondTheLimitAreDroppedAndLongKeysCountOnlyTowardTheirRange()
    {
        Capturer c = capturer(10, 1, 1024);
        c.record(Access.partition(T, key("much-too-long-key"), 0, false));
        c.record(Access.partition(new TableRef("ks", "other"), key("a"), 0, false));
        now.addAndGet(10_000);
        c.drainOnce();
        TableSnapshot s = sealed.get(0).tables().get(T);
        assertThat(s.top()).isEmpty();
        assertThat(s.reads()).isEqualTo(1);
        assertThat(s.rangeReads()[new RingRanges(16).indexOf(0)]).isEqualTo(1);
        assertThat(sealed.get(0).tables()).doesNotContainKey(new TableRef("ks", "other"));
        assertThat(c.dropped.getCount()).isEqualTo(1);
    }

    @Test
    void memoryBoundFollowsTheSettingsNotTheTraffic()
    {
        assertThat(CaptureSettings.defaults().maxHeapBytes()).isBetween(25L << 20, 40L << 20);
    }
}
