package io.hotzone.dtests.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The consistency check's history checker on small hand-made histories (times in ms, as nanoseconds below). */
class HistoryCheckerTest
{
    private static final long MS = 1_000_000L;
    private final HistoryChecker checker = new HistoryChecker(3000 * MS, 1500 * MS, List.of(0));
    private final List<Op> writes = new ArrayList<>();

    @Test
    void aReadMayReturnAnyWriteFromTheLastThatMustShowToTheLastInvoked()
    {
        write("write-all", 1, true, 0, 10);
        write("write-all", 2, true, 20, 30);
        write("write-all", 3, true, 35, 60); // concurrent with the read
        assertThat(read(40, 50, 2)).isNull();
        assertThat(read(40, 50, 3)).isNull();
        assertThat(read(40, 50, 1)).startsWith("stale");
        assertThat(read(40, 50, null)).startsWith("lost");
        assertThat(read(40, 50, 9)).startsWith("phantom");
        assertThat(read(5, 8, null)).as("before the first write finished").isNull();
    }

    @Test
    void aWeakWriteMustShowOnlyAfterTheBound()
    {
        write("write-one", 1, true, 0, 10);
        write("write-one", 2, false, 20, 30);
        assertThat(read(1000, 1010, 1)).isNull();
        assertThat(checker.checkCell(writes, mirrorRead(3100, 3110, 1), 0)).startsWith("stale");
        assertThat(read(3100, 3110, 1)).as("the normal path: stock ONE after ONE may miss it").isNull();
    }

    private static Op mirrorRead(long invokedMs, long completedMs, Integer value)
    {
        Op op = readOp(invokedMs, completedMs, value);
        op.fromMirror = true;
        return op;
    }

    @Test
    void aDeleteThatMustShowCannotBeUndone()
    {
        write("write-all", 1, true, 0, 10);
        writes.add(new Op("delete-row", "k", cell(null), 0, true, 20 * MS).done(Op.Outcome.OK, 30 * MS));
        assertThat(read(40, 50, null)).isNull();
        assertThat(read(40, 50, 1)).startsWith("resurrected");
    }

    @Test
    void writesWithAnUnknownOutcomeMayShowOrNotAndFailedOnesNever()
    {
        write("write-all", 1, true, 0, 10);
        writes.add(new Op("write-all", "k", cell(2), 0, true, 20 * MS).done(Op.Outcome.UNKNOWN, 5020 * MS));
        writes.add(new Op("lwt", "k", cell(3), 0, true, 6000 * MS).done(Op.Outcome.FAIL, 6010 * MS));
        assertThat(read(9000, 9010, 1)).isNull();
        assertThat(read(9000, 9010, 2)).isNull();
        assertThat(read(9000, 9010, 3)).startsWith("phantom");
    }

    @Test
    void aTtlValueExpiresWithinItsWindow()
    {
        writes.add(new Op("write-ttl", "k", cell(1), 2, true, 0).done(Op.Outcome.OK, 10 * MS));
        assertThat(read(100, 110, 1)).isNull();
        assertThat(read(100, 110, null)).startsWith("lost");
        assertThat(read(2000, 2010, null)).as("inside the expiry window").isNull();
        assertThat(read(2000, 2010, 1)).as("inside the expiry window").isNull();
        assertThat(read(4000, 4010, 1)).as("long expired").startsWith("stale");
    }

    @Test
    void resultsCountAnomaliesByKind()
    {
        write("write-all", 1, true, 0, 10);
        List<Op> reads = List.of(mirrorRead(20, 30, 1), mirrorRead(20, 30, null), mirrorRead(20, 30, 5), readOp(20, 30, null));
        HistoryChecker.Result result = checker.check(HistoryChecker.byPartition(writes), reads);
        assertThat(result.reads).isEqualTo(4);
        assertThat(result.mirrorReads).isEqualTo(3);
        assertThat(result.anomaliesByKind).containsOnly(Map.entry("lost", 1), Map.entry("phantom", 1), Map.entry("stock-lost", 1));
        assertThat(result.anomalies()).as("HotZone's: mirror reads").isEqualTo(2);
        assertThat(result.stockAnomalies()).as("the normal path's").isEqualTo(1);
    }

    private void write(String kind, int value, boolean strong, long invokedMs, long ackedMs)
    {
        writes.add(new Op(kind, "k", cell(value), 0, strong, invokedMs * MS).done(Op.Outcome.OK, ackedMs * MS));
    }

    private String read(long invokedMs, long completedMs, Integer value)
    {
        return checker.checkCell(writes, readOp(invokedMs, completedMs, value), 0);
    }

    private static Op readOp(long invokedMs, long completedMs, Integer value)
    {
        Map<Integer, Integer> cells = new HashMap<>();
        if (value != null)
            cells.put(0, value);
        return new Op("read-one", "k", cells, 0, false, invokedMs * MS).done(Op.Outcome.OK, completedMs * MS);
    }

    private static Map<Integer, Integer> cell(Integer value)
    {
        Map<Integer, Integer> m = new HashMap<>();
        m.put(0, value);
        return m;
    }
}
