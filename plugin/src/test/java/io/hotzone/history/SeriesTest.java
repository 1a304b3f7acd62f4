package io.hotzone.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;
import io.hotzone.capture.TableSnapshot.KeyCount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesTest
{
    private static final TableRef T = new TableRef("ks", "t");

    private static byte[] k(String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static HistoryRow row(String node, long start, long aCount, long bCount)
    {
        TableSnapshot s = new TableSnapshot(T, aCount + bCount, 0, new long[]{ aCount, bCount }, new long[]{ 0, 1 },
                                            List.of(new KeyCount(k("a"), 1, aCount, 0), new KeyCount(k("b"), 2, bCount, 0)), 0, true);
        return new HistoryRow(node, start, 60_000, s);
    }

    @Test
    void nodesAddUpMissingStepsAreZeroAndCoarserStepsSum()
    {
        List<HistoryRow> rows = List.of(row("n1", 0, 5, 1), row("n2", 0, 3, 0), row("n1", 120_000, 2, 2), row("n1", 180_000, 1, 0),
                                        row("n1", 999_999_000, 100, 100));
        assertThat(Series.ofKey(rows, k("a"), 0, 240_000, 60_000)).containsExactly(8, 0, 2, 1);
        assertThat(Series.ofKey(rows, k("a"), 0, 240_000, 120_000)).containsExactly(8, 3);
        assertThat(Series.ofKey(rows, k("zzz"), 0, 240_000, 60_000)).containsExactly(0, 0, 0, 0);
        assertThat(Series.ofRange(rows, 1, 0, 240_000, 60_000)).containsExactly(3, 0, 3, 1);
        Map<ByteBuffer, long[]> all = Series.ofAllKeys(rows, 0, 240_000, 60_000);
        assertThat(all).hasSize(2);
        assertThat(all.get(ByteBuffer.wrap(k("b")))).containsExactly(1, 0, 2, 0);
        assertThatThrownBy(() -> Series.steps(10, 5, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
