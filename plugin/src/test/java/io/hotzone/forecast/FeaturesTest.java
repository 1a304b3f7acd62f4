package io.hotzone.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeaturesTest
{
    private static SegmentSeries series(long seed, int segments, int steps)
    {
        Random r = new Random(seed);
        double[][] c = new double[segments][steps];
        List<String> names = new ArrayList<>();
        for (int s = 0; s < segments; s++)
        {
            names.add("k" + s);
            for (int i = 0; i < steps; i++)
                c[s][i] = s == 2 && i < 50 ? 0 : r.nextInt(100);
        }
        return new SegmentSeries(names, c, Instant.parse("2026-01-05T00:00:00Z"), Duration.ofHours(1));
    }

    @Test
    void noFeatureReadsTheFuture()
    {
        int steps = 24 * 10, horizon = 6;
        SegmentSeries original = series(1, 4, steps);
        EventSchedule events = new EventSchedule();
        events.add("campaign", original.time(200), original.time(210), 5, Set.of(1), original);
        for (int origin : new int[]{ 30, 100, 190, 197, 220 })
        {
            // Replace every step after the origin with something else entirely; the features must not change.
            double[][] corrupted = new double[4][];
            for (int s = 0; s < 4; s++)
            {
                corrupted[s] = original.series(s).clone();
                for (int i = origin + 1; i < steps; i++)
                    corrupted[s][i] = 1_000_000 + i;
            }
            SegmentSeries future = new SegmentSeries(original.segments(), corrupted, original.start(), original.step());
            EventSchedule sameEvents = new EventSchedule();
            sameEvents.add("campaign", original.time(200), original.time(210), 5, Set.of(1), future);
            Features a = new Features(original, events, HotRule.defaults(), horizon);
            Features b = new Features(future, sameEvents, HotRule.defaults(), horizon);
            for (int s = 0; s < 4; s++)
                assertThat(b.of(s, origin)).as("segment %d at origin %d", s, origin).containsExactly(a.of(s, origin));
        }
    }

    @Test
    void announcedEventsAreVisibleAheadOfTime()
    {
        SegmentSeries s = series(2, 2, 24 * 10);
        EventSchedule events = new EventSchedule();
        events.add("campaign", s.time(200), s.time(210), 4, Set.of(0), s);
        Features f = new Features(s, events, HotRule.defaults(), 6);
        int ahead = List.of(Features.NAMES).indexOf("event_ahead"), toStart = List.of(Features.NAMES).indexOf("event_steps_to_start");
        assertThat(f.of(0, 196)[ahead]).isEqualTo(1);
        assertThat(f.of(0, 196)[toStart]).isEqualTo(4);
        assertThat(f.of(0, 150)[ahead]).isZero();
        assertThat(f.of(1, 196)[ahead]).isZero();
        assertThat(events.activeAt(0, 205)).isEqualTo(4);
        assertThat(events.activeAt(0, 210)).isEqualTo(1);
    }

    @Test
    void aSilentSegmentShowsHowLongAndHowMuchItWasQuiet()
    {
        // daily steps: the 7-step median window; active 4 of the last 7 steps, silent for the last 3
        double[] counts = { 5, 9, 0, 7, 8, 6, 9, 0, 0, 0 };
        SegmentSeries s = new SegmentSeries(List.of("k"), new double[][]{ counts }, Instant.parse("2026-01-05T00:00:00Z"), Duration.ofDays(1));
        Features f = new Features(s, EventSchedule.none(), HotRule.defaults(), 1);
        int zeroRun = List.of(Features.NAMES).indexOf("zero_run"), share = List.of(Features.NAMES).indexOf("active_share");
        assertThat(f.of(0, 9)[zeroRun]).isEqualTo(Math.log1p(3));
        assertThat(f.of(0, 9)[share]).isEqualTo(4 / 7.0);
        assertThat(f.of(0, 6)[zeroRun]).isZero();
    }
}
