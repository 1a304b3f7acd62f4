package io.hotzone.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.BucketSnapshot;
import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryFlusherTest
{
    private static final TableRef T = new TableRef("ks", "t");

    private static BucketSnapshot bucket(long start, long reads)
    {
        TableSnapshot s = new TableSnapshot(T, reads, 0, new long[]{ reads }, new long[]{ 0 }, List.of(), 0, true);
        return new BucketSnapshot(start, 10_000, reads == 0 ? Map.of() : Map.of(T, s));
    }

    @Test
    void bucketsOfOneStepBecomeOneRowWrittenWhenTheStepIsOver()
    {
        List<HistoryRow> written = new ArrayList<>();
        HistoryFlusher f = new HistoryFlusher("127.0.0.1", 60_000, 100, written::add, (what, e) -> { throw new AssertionError(what, e); });
        f.add(bucket(60_000, 1));
        f.add(bucket(70_000, 2));
        f.add(bucket(110_000, 3));
        assertThat(written).isEmpty();
        f.add(bucket(120_000, 0)); // an empty bucket of the next step closes the previous one
        assertThat(written).hasSize(1);
        HistoryRow row = written.get(0);
        assertThat(row.node()).isEqualTo("127.0.0.1");
        assertThat(row.startMillis()).isEqualTo(60_000);
        assertThat(row.lengthMillis()).isEqualTo(60_000);
        assertThat(row.snapshot().reads()).isEqualTo(6);
        assertThat(f.rowsWritten.getCount()).isEqualTo(1);
    }

    @Test
    void aFailedWriteIsCountedAndReportedNotThrown()
    {
        List<String> errors = new ArrayList<>();
        HistoryFlusher f = new HistoryFlusher("n", 10_000, 100, row -> { throw new IllegalStateException("unavailable"); }, (what, e) -> errors.add(what));
        f.add(bucket(0, 1));
        f.add(bucket(10_000, 1));
        assertThat(f.dropped.getCount()).isEqualTo(1);
        assertThat(errors).singleElement().asString().contains("ks.t");
    }
}
