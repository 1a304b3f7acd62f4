package io.hotzone.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * The forecast steps from {@code from} to {@code to}: the first aligned to a multiple of the step, so that every series
 * built from the access log (partitions, sub-ranges) puts a row in the same step.
 */
final class StepGrid
{
    final long start;
    final long stepMillis;
    final int steps;

    StepGrid(Instant from, Instant to, Duration step)
    {
        stepMillis = step.toMillis();
        start = from.toEpochMilli() - Math.floorMod(from.toEpochMilli(), stepMillis);
        steps = (int) Math.max(1, (to.toEpochMilli() - start + stepMillis - 1) / stepMillis);
    }

    /** The step a row starting at {@code millis} falls in, or -1 outside the grid. */
    int index(long millis)
    {
        long i = Math.floorDiv(millis - start, stepMillis);
        return i < 0 || i >= steps ? -1 : (int) i;
    }

    Instant startInstant()
    {
        return Instant.ofEpochMilli(start);
    }
}
