package io.hotzone.surfaces;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.hotzone.capture.BucketSnapshot;
import io.hotzone.capture.Capturer;
import io.hotzone.capture.RingRanges;
import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;
import io.hotzone.history.TopMerge;
import io.hotzone.server.View;
import io.hotzone.server.View.Column;
import io.hotzone.server.View.Type;

/** {@code hotzone_views.top_partitions} and {@code hotzone_views.ranges}: this node's capture over the view window. */
public final class CaptureViews
{
    private CaptureViews()
    {
    }

    /** Merged per table over the recent sealed buckets; empty while capture is not running. */
    private static Map<TableRef, TableSnapshot> recent(Supplier<Capturer> capturer, int keep)
    {
        Capturer c = capturer.get();
        if (c == null)
            return Map.of();
        Map<TableRef, List<TableSnapshot>> parts = new HashMap<>();
        for (BucketSnapshot b : c.recent())
            b.tables().forEach((t, s) -> parts.computeIfAbsent(t, x -> new ArrayList<>()).add(s));
        Map<TableRef, TableSnapshot> merged = new HashMap<>();
        parts.forEach((t, list) -> merged.put(t, TopMerge.merge(t, list, keep)));
        return merged;
    }

    public static View topPartitions(Supplier<Capturer> capturer, BiFunction<TableRef, byte[], String> keyFormat)
    {
        List<Column> columns = List.of(new Column("table_name", Type.TEXT), new Column("rank", Type.INT),
                                       new Column("partition_key", Type.TEXT), new Column("token", Type.BIGINT),
                                       new Column("count", Type.BIGINT), new Column("error", Type.BIGINT),
                                       new Column("reads", Type.BIGINT), new Column("writes", Type.BIGINT));
        return new View("top_partitions", "Most accessed partitions this node coordinated, per table, over the capture view window",
                        columns, 1, () -> {
            List<Object[]> rows = new ArrayList<>();
            Capturer c = capturer.get();
            recent(capturer, c == null ? 0 : c.settings().topK()).forEach((table, s) -> {
                int rank = 1;
                for (TableSnapshot.KeyCount k : s.top())
                    rows.add(new Object[]{ table.toString(), rank++, keyFormat.apply(table, k.key()), k.token(), k.count(), k.error(), k.reads(), k.writes() });
            });
            return rows;
        });
    }

    public static View ranges(Supplier<Capturer> capturer)
    {
        List<Column> columns = List.of(new Column("table_name", Type.TEXT), new Column("range", Type.INT),
                                       new Column("start_token", Type.BIGINT), new Column("end_token", Type.BIGINT),
                                       new Column("reads", Type.BIGINT), new Column("writes", Type.BIGINT));
        return new View("ranges", "Accesses this node coordinated per ring sub-range and table, over the capture view window",
                        columns, 1, () -> {
            List<Object[]> rows = new ArrayList<>();
            Capturer c = capturer.get();
            if (c == null)
                return rows;
            RingRanges ranges = c.ranges();
            recent(capturer, 0).forEach((table, s) -> {
                for (int i = 0; i < s.rangeReads().length; i++)
                    if (s.rangeReads()[i] + s.rangeWrites()[i] > 0)
                        rows.add(new Object[]{ table.toString(), i, ranges.start(i), ranges.end(i), s.rangeReads()[i], s.rangeWrites()[i] });
            });
            return rows;
        });
    }
}
