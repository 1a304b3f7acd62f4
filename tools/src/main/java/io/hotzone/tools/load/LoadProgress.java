package io.hotzone.tools.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** The load's progress line (records, rows/s, MB/s, ETA, rejects, share per primary replica) and its closing summary. */
final class LoadProgress
{
    private final PrintStream out;
    private final long records;
    private final long startNanos = System.nanoTime();

    /** @param records all records of the input (for the percentage and the ETA), 0 when unknown */
    LoadProgress(PrintStream out, long records)
    {
        this.out = out;
        this.records = records;
    }

    double seconds()
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    void line(long read, BatchWriter w, long rejected)
    {
        double s = Math.max(seconds(), 1e-3);
        long rows = w.rowsWritten.sum();
        double rate = rows / s;
        StringBuilder b = new StringBuilder();
        if (records > 0)
            b.append(String.format(Locale.ROOT, "[%3d%%] %d/%d records", Math.min(100, read * 100 / records), read, records));
        else
            b.append(read).append(" records");
        b.append(String.format(Locale.ROOT, " | %.0f rows/s | %.2f MB/s", rate, w.bytesWritten.sum() / s / 1e6));
        if (records > 0 && rate > 0)
            b.append(String.format(Locale.ROOT, " | ETA %.0f s", Math.max(0, records - read) / Math.max(read / s, 1e-9)));
        b.append(" | rejected ").append(rejected);
        if (w.retried.sum() > 0)
            b.append(" | retried ").append(w.retried.sum());
        b.append(" |").append(shares(w.nodeRows));
        out.println(b);
    }

    private static String shares(Map<String, LongAdder> nodes)
    {
        long total = nodes.values().stream().mapToLong(LongAdder::sum).sum();
        StringBuilder b = new StringBuilder();
        new TreeMap<>(nodes).forEach((n, c) -> b.append(' ').append(n).append(' ').append(total == 0 ? 0 : Math.round(c.sum() * 100.0 / total)).append('%'));
        return b.toString();
    }

    void summary(Checkpoint c, BatchWriter w, String rejectsFile, boolean dryRun)
    {
        double s = Math.max(seconds(), 1e-3);
        long rows = dryRun ? c.nodes.values().stream().mapToLong(v -> v[0]).sum() : w.rowsWritten.sum();
        out.printf(Locale.ROOT, "Import %s %s: %d records read, %d rows %s, %d rejected%s, %.1f s, %.0f rows/s, %.2f MB/s%n", c.id, c.state, c.done.ordinal,
                   rows, dryRun ? "checked (dry run: nothing written)" : "written", c.rejected,
                   c.rejected > 0 ? " (" + rejectsFile + ")" : "", s, rows / s, w.bytesWritten.sum() / s / 1e6);
        long total = c.nodes.values().stream().mapToLong(v -> v[0]).sum();
        if (total == 0)
            return;
        out.printf(Locale.ROOT, "%-20s %12s %7s %20s%n", "Primary replica", "Rows", "Share", "Checksum");
        new TreeMap<>(c.nodes).forEach((n, v) -> out.printf(Locale.ROOT, "%-20s %12d %6.1f%% %20s%n", n, v[0], v[0] * 100.0 / total,
                                                            Long.toHexString(v[1])));
    }
}
