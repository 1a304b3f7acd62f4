package io.hotzone.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations the way cassandra.yaml 5.0 writes them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 14d}. */
public final class Durations
{
    private static final Pattern DURATION = Pattern.compile("^\\s*(\\d+)\\s*(ms|s|m|h|d)\\s*$");

    private Durations()
    {
    }

    public static Duration parse(String text)
    {
        Matcher m = DURATION.matcher(text == null ? "" : text);
        if (!m.matches())
            throw new IllegalArgumentException("'" + text + "' is not a duration (use a whole number with ms, s, m, h or d, e.g. 10s)");
        long n = Long.parseLong(m.group(1));
        switch (m.group(2))
        {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            default: return Duration.ofDays(n);
        }
    }

    /** The shortest exact spelling, so printed values read back the same. */
    public static String format(Duration d)
    {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
