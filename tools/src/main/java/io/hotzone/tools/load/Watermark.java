package io.hotzone.tools.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The position before which every record is written, while parts of the input finish out of order: a part that
 * finishes moves the mark only once every part before it has finished. The checkpoint saves the mark, so a resumed
 * load starts there and only rewrites (with the same timestamps) what may not have been written.
 */
public final class Watermark
{
    private final TreeMap<Long, Part> finished = new TreeMap<>();
    private Position done;
    private long rows;
    private final Map<String, long[]> nodes = new LinkedHashMap<>();

    /** What a finished part of the input covers: records [start, end.ordinal) and the rows it wrote. */
    private static final class Part
    {
        final Position end;
        final long rows;
        final Map<String, long[]> nodes;

        Part(Position end, long rows, Map<String, long[]> nodes)
        {
            this.end = end;
            this.rows = rows;
            this.nodes = nodes;
        }
    }

    /** @param nodesBefore per primary replica, the rows and the checksum sum of the rows before {@code start} */
    public Watermark(Position start, long rowsBefore, Map<String, long[]> nodesBefore)
    {
        this.done = start;
        this.rows = rowsBefore;
        nodesBefore.forEach((n, v) -> nodes.put(n, v.clone()));
    }

    /**
     * Records of ordinals [start, end.ordinal) are written (or rejected); they wrote {@code rows} rows, per primary
     * replica {@code nodes} (rows, checksum sum).
     */
    public synchronized void finished(long start, Position end, long rows, Map<String, long[]> nodes)
    {
        Map<String, long[]> copy = new LinkedHashMap<>();
        nodes.forEach((n, v) -> copy.put(n, v.clone()));
        finished.put(start, new Part(end, rows, copy));
        for (Part p = finished.remove(done.ordinal); p != null; p = finished.remove(done.ordinal))
        {
            done = p.end;
            this.rows += p.rows;
            p.nodes.forEach((n, v) -> {
                long[] t = this.nodes.computeIfAbsent(n, x -> new long[2]);
                t[0] += v[0];
                t[1] += v[1];
            });
        }
    }

    /** Per primary replica, the rows and the checksum sum of the rows before {@link #done()}. */
    public synchronized Map<String, long[]> nodes()
    {
        Map<String, long[]> copy = new LinkedHashMap<>();
        nodes.forEach((n, v) -> copy.put(n, v.clone()));
        return copy;
    }

    /** Every record before this position is written. */
    public synchronized Position done()
    {
        return done;
    }

    /** Rows written by the records before {@link #done()}. */
    public synchronized long rows()
    {
        return rows;
    }
}
