package io.hotzone.surfaces;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.hotzone.history.HistoryImport;

/**
 * History imports that a client sends in parts over JMX, by id, until it finishes or aborts them. An import left idle
 * for {@link #IDLE} (its client died) is dropped; at most {@link #MAX_OPEN} are open at once, since each holds its
 * counts in the heap until it is written.
 */
final class HistoryImports
{
    static final Duration IDLE = Duration.ofMinutes(10);
    static final int MAX_OPEN = 4;

    private static final class Open
    {
        final HistoryImport.Batch batch;
        volatile long touched;

        Open(HistoryImport.Batch batch, long now)
        {
            this.batch = batch;
            this.touched = now;
        }
    }

    private final Map<String, Open> open = new ConcurrentHashMap<>();

    synchronized String begin(HistoryImport.Batch batch, long nowNanos)
    {
        open.values().removeIf(o -> nowNanos - o.touched > IDLE.toNanos());
        if (open.size() >= MAX_OPEN)
            throw new IllegalStateException(MAX_OPEN + " history imports are already in progress on this node; finish them or wait " + IDLE.toMinutes() + " minutes");
        String id = UUID.randomUUID().toString();
        open.put(id, new Open(batch, nowNanos));
        return id;
    }

    HistoryImport.Batch get(String id, long nowNanos)
    {
        Open o = open.get(id);
        if (o == null || nowNanos - o.touched > IDLE.toNanos())
            throw new IllegalArgumentException("no history import with id '" + id + "' in progress (finished, aborted, or idle for over "
                                               + IDLE.toMinutes() + " minutes)");
        o.touched = nowNanos;
        return o.batch;
    }

    void remove(String id)
    {
        open.remove(id);
    }
}
