package io.hotzone.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Announced events mapped onto a {@link SegmentSeries}' time axis: per segment, the windows {@code [start, end)} (in
 * steps) during which a multiplier is expected. Events are known ahead of time, so features may look at them in the
 * future; that is their point.
 */
public final class EventSchedule
{
    /** One event on the step axis. */
    public static final class Window
    {
        private final String name;
        private final int start;
        private final int end;
        private final double multiplier;

        public Window(String name, int start, int end, double multiplier)
        {
            this.name = name;
            this.start = start;
            this.end = end;
            this.multiplier = multiplier;
        }

        public String name()
        {
            return name;
        }

        public int start()
        {
            return start;
        }

        public int end()
        {
            return end;
        }

        public double multiplier()
        {
            return multiplier;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Window))
                return false;
            Window that = (Window) o;
            return Objects.equals(name, that.name) && start == that.start && end == that.end
                   && Double.compare(multiplier, that.multiplier) == 0;
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(name);
            h = 31 * h + start;
            h = 31 * h + end;
            h = 31 * h + Double.hashCode(multiplier);
            return h;
        }

        @Override
        public String toString()
        {
            return "Window[name=" + name + ", start=" + start + ", end=" + end + ", multiplier=" + multiplier + "]";
        }
    }

    private final Map<Integer, List<Window>> bySegment = new HashMap<>();
    private final List<Window> everySegment = new ArrayList<>();

    public static EventSchedule none()
    {
        return new EventSchedule();
    }

    /**
     * @param segments the target segments (indices into the series), or null for every segment
     */
    public void add(String name, Instant start, Instant end, double multiplier, Set<Integer> segments, SegmentSeries series)
    {
        Window w = new Window(name, series.indexOf(start), Math.max(series.indexOf(start) + 1, (int) Math.ceil(
            (end.toEpochMilli() - series.start().toEpochMilli()) / (double) series.step().toMillis())), multiplier);
        if (segments == null)
            everySegment.add(w);
        else
            for (int s : segments)
                bySegment.computeIfAbsent(s, x -> new ArrayList<>()).add(w);
    }

    private List<Window> windows(int s)
    {
        List<Window> own = bySegment.get(s);
        if (own == null)
            return everySegment;
        if (everySegment.isEmpty())
            return own;
        List<Window> all = new ArrayList<>(own);
        all.addAll(everySegment);
        return all;
    }

    /** The largest multiplier of an event covering step {@code i} of segment {@code s}; 1 when none. */
    public double activeAt(int s, int i)
    {
        double m = 1;
        for (Window w : windows(s))
            if (w.start() <= i && i < w.end())
                m = Math.max(m, w.multiplier());
        return m;
    }

    /** The event with the largest multiplier touching steps {@code (i, i + horizon]}, or null. */
    public Window within(int s, int i, int horizon)
    {
        Window best = null;
        for (Window w : windows(s))
            if (w.start() <= i + horizon && w.end() > i + 1 && (best == null || w.multiplier() > best.multiplier()))
                best = w;
        return best;
    }

    public boolean isEmpty()
    {
        return bySegment.isEmpty() && everySegment.isEmpty();
    }
}
