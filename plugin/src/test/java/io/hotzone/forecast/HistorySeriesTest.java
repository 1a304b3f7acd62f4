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
    void eachPartitionsUsualWritesPerStepAreItsWritesAcrossNodesSinceItsFirstAccess()
    {
        // partition 'a' first accessed in step 1 of 4: 12 writes over two nodes and steps 1 and 3, 4 per step; 'b' named by an event only
        List<HistoryRow> rows = List.of(row("n1", 1, 20, 8), row("n2", 1, 10, 0), row("n1", 3, 10, 4));
        HistorySeries.Built built = HistorySeries.build(rows, List.of(new HistorySeries.Segment("'b'", k("b"), 2)), FROM, FROM.plusSeconds(240),
                                                        Duration.ofMinutes(1), key -> "'" + new String(key, StandardCharsets.UTF_8) + "'");
        assertThat(built.segments()).extracting(HistorySeries.Segment::name).containsExactly("'a'", "'b'");
        assertThat(built.series().at(0, 1)).isEqualTo(30);
        assertThat(built.writesPerStep(0)).isEqualTo(4.0);
        assertThat(built.writesPerStep(1)).as("no history: no writes known").isZero();
    }
}
