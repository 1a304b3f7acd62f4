package io.hotzone.forecast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;
import io.hotzone.capture.TableSnapshot.KeyCount;
import io.hotzone.history.HistoryRow;

import static org.assertj.core.api.Assertions.assertThat;

class HistorySeriesTest
{
    private static final TableRef T = new TableRef("ks", "t");
    private static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");

    private static byte[] k(String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static HistoryRow row(String node, int step, long count, long writes)
    {
        TableSnapshot s = new TableSnapshot(T, count, writes, new long[]{ count }, new long[]{ writes },
                                            List.of(new KeyCount(k("a"), 1, count, 0, writes)), 0, true);
        return new HistoryRow(node, FROM.plusSeconds(60L * step).toEpochMilli(), 60_000, s);
    }

    @Test
    void eachPartitionsWriteShareIsItsWritesOverItsAccessesAcrossNodesAndSteps()
    {
        // partition 'a': 40 accesses, 10 of them writes, over two nodes and two steps; 'b' named by an event only
        List<HistoryRow> rows = List.of(row("n1", 0, 20, 8), row("n2", 0, 10, 0), row("n1", 1, 10, 2));
        HistorySeries.Built built = HistorySeries.build(rows, List.of(new HistorySeries.Segment("'b'", k("b"), 2)), FROM, FROM.plusSeconds(180),
                                                        Duration.ofMinutes(1), key -> "'" + new String(key, StandardCharsets.UTF_8) + "'");
        assertThat(built.segments()).extracting(HistorySeries.Segment::name).containsExactly("'a'", "'b'");
        assertThat(built.series().at(0, 0)).isEqualTo(30);
        assertThat(built.writeShare(0)).isEqualTo(0.25);
        assertThat(built.writeShare(1)).as("no history: no writes known").isZero();
    }
}
