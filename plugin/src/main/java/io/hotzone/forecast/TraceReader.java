package io.hotzone.forecast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import io.hotzone.events.Event;
import io.hotzone.events.EventFormatException;
import io.hotzone.events.EventParser;

/**
 * Reads traces in the long format {@code key,t,count} (optionally gzipped) into a {@link SegmentSeries} at a chosen
 * step (counts of a step are summed; missing steps are 0), and event files (the HotZone format) into an
 * {@link EventSchedule}. Errors name the line.
 */
public final class TraceReader
{
    private TraceReader()
    {
    }

    public static SegmentSeries read(Path file, Duration step) throws IOException
    {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw)
        {
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), step, file.toString());
        }
    }

    static SegmentSeries read(BufferedReader reader, Duration step, String name) throws IOException
    {
        String header = reader.readLine();
        if (header == null || !header.trim().replace(" ", "").equalsIgnoreCase("key,t,count"))
            throw new EventFormatException(name + ": line 1: expected the header key,t,count, got '" + header + "'");
        Map<String, Integer> index = new LinkedHashMap<>();
        List<long[]> rows = new ArrayList<>(); // segment, epoch millis, count
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        String line;
        int n = 1;
        while ((line = reader.readLine()) != null)
        {
            n++;
            if (line.isBlank())
                continue;
            String[] f = line.split(",");
            String where = name + ": line " + n;
            if (f.length != 3)
                throw new EventFormatException(where + ": expected key,t,count, got '" + line + "'");
            Instant t = EventParser.time(where, "t", f[1]);
            long count;
            try
            {
                count = Long.parseLong(f[2].trim());
            }
            catch (NumberFormatException e)
            {
                throw new EventFormatException(where + ": count '" + f[2].trim() + "' is not a whole number");
            }
            if (count < 0)
                throw new EventFormatException(where + ": count " + count + " is negative");
            int s = index.computeIfAbsent(f[0].trim(), k -> index.size());
            rows.add(new long[]{ s, t.toEpochMilli(), count });
            min = Math.min(min, t.toEpochMilli());
            max = Math.max(max, t.toEpochMilli());
        }
        if (rows.isEmpty())
            throw new EventFormatException(name + ": no data lines");
        long stepMs = step.toMillis();
        long start = min - Math.floorMod(min, stepMs);
        int steps = (int) ((max - start) / stepMs) + 1;
        double[][] counts = new double[index.size()][steps];
        for (long[] r : rows)
            counts[(int) r[0]][(int) ((r[1] - start) / stepMs)] += r[2];
        return new SegmentSeries(new ArrayList<>(index.keySet()), counts, Instant.ofEpochMilli(start), step);
    }

    /**
     * Events of an event file on the trace's segments: keys are matched by their CQL literal with quotes removed;
     * events without keys apply to every segment. Token-range events need a ring and are refused here.
     */
    public static EventSchedule events(Path file, SegmentSeries series) throws IOException
    {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        List<EventParser.Located> located = file.toString().endsWith(".json") ? EventParser.json(content) : EventParser.csv(content);
        Map<String, Integer> segments = new HashMap<>();
        for (int s = 0; s < series.size(); s++)
            segments.put(series.segment(s), s);
        EventSchedule schedule = new EventSchedule();
        for (EventParser.Located l : located)
        {
            Event e = l.event();
            if (e.tokenRange() != null)
                throw new EventFormatException(file + ": " + l.where() + ": token-range events need a cluster; offline traces have keys only");
            if (!(e.multiplier() > 0) || !e.end().isAfter(e.start()))
                throw new EventFormatException(file + ": " + l.where() + ": needs end after start and a positive multiplier");
            Set<Integer> targets = null;
            if (!e.keys().isEmpty())
            {
                targets = new HashSet<>();
                for (String key : e.keys())
                {
                    String bare = key.startsWith("'") && key.endsWith("'") && key.length() >= 2 ? key.substring(1, key.length() - 1).replace("''", "'") : key;
                    Integer s = segments.get(bare);
                    if (s != null)
                        targets.add(s);
                }
            }
            schedule.add(e.name(), e.start(), e.end(), e.multiplier(), targets, series);
        }
        return schedule;
    }
}
