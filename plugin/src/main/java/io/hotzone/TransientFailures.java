package io.hotzone;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which timeouts and unavailable answers of the plugin's own background reads and writes are worth an error. When a
 * node dies, every quorum read that picked it times out until the failure detector convicts it (seconds); the
 * periodic task that issued it simply runs again. A task that meets such failures more than {@link #TOLERATED}
 * times within {@link #WINDOW} is in real trouble (a quorum really lost) and reports them from then on.
 */
final class TransientFailures
{
    static final int TOLERATED = 2;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

    /** Records one transient failure of the task; true while it is still to be tolerated (not reported). */
    boolean tolerate(String task, Instant now)
    {
        Deque<Instant> times = recent.computeIfAbsent(task, t -> new ArrayDeque<>());
        synchronized (times)
        {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW)))
                times.pollFirst();
            times.addLast(now);
            return times.size() <= TOLERATED;
        }
    }
}
