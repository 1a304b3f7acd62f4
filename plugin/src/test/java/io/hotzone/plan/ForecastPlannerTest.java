package io.hotzone.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.config.BoostSettings;
import io.hotzone.forecast.HotZone;

import static org.assertj.core.api.Assertions.assertThat;

class ForecastPlannerTest
{
    private static final TableRef T = new TableRef("app", "items");
    private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");
    private static final BoostSettings SETTINGS = new BoostSettings(true, false, 2, 1024, 0.8, Duration.ofMinutes(30), 3, 0,
                                                                    Duration.ofSeconds(5), true, true, true);
    private final ForecastPlanner planner = new ForecastPlanner(SETTINGS, Duration.ofMinutes(1));

    private static HotZone hot(String key, double confidence)
    {
        return new HotZone(key, 100, 10, NOW.plusSeconds(600), confidence, HotZone.Reason.SEASONAL);
    }

    @Test
    void announcedEventZonesAreBoostedWhateverTheirConfidenceUnlessTurnedOff()
    {
        HotZone event = new HotZone("'e'", 100, 10, NOW.plusSeconds(600), 0.5, HotZone.Reason.EVENT);
        assertThat(planner.plan(Plan.EMPTY, T, List.of(event), NOW.plusSeconds(900), NOW)).hasSize(1);
        BoostSettings off = new BoostSettings(true, false, 2, 1024, 0.8, Duration.ofMinutes(30), 3, 0, Duration.ofSeconds(5), true, false, true);
        assertThat(new ForecastPlanner(off, Duration.ofMinutes(1)).plan(Plan.EMPTY, T, List.of(event), NOW.plusSeconds(900), NOW)).isEmpty();
    }

    @Test
    void confidentZonesArePlannedUpToTheBudget()
    {
        List<Zone> out = planner.plan(Plan.EMPTY, T, List.of(hot("'a'", 0.9), hot("'b'", 0.5), hot("'c'", 0.95), hot("'d'", 0.99)),
                                      NOW.plusSeconds(900), NOW);
        assertThat(out).extracting(z -> z.keys().get(0)).containsExactly("'a'", "'c'");
        assertThat(out).allSatisfy(z -> {
            assertThat(z.state()).isEqualTo(ZoneState.PLANNED);
            assertThat(z.origin()).isEqualTo(Zone.FORECAST);
            assertThat(z.end()).isEqualTo(NOW.plusSeconds(900));
        });
    }

    @Test
    void aZoneForecastAgainIsExtendedNotAddedTwiceAndNotReaddedDuringCooldown()
    {
        Zone planned = planner.plan(Plan.EMPTY, T, List.of(hot("'a'", 0.9)), NOW.plusSeconds(900), NOW).get(0);
        Zone ready = planned.to(ZoneState.READY, "copied", NOW);
        List<Zone> again = planner.plan(new Plan(3, List.of(ready)), T, List.of(hot("'a'", 0.85)), NOW.plusSeconds(1800), NOW.plusSeconds(60));
        assertThat(again).hasSize(1);
        assertThat(again.get(0).id()).isEqualTo(planned.id());
        assertThat(again.get(0).end()).isEqualTo(NOW.plusSeconds(1800));

        Zone gone = ready.to(ZoneState.GONE, "ended", NOW.plusSeconds(900));
        assertThat(planner.plan(new Plan(4, List.of(gone)), T, List.of(hot("'a'", 0.9)), NOW.plusSeconds(2000), NOW.plusSeconds(1000)))
            .as("within the cooldown").isEmpty();
        assertThat(planner.plan(new Plan(4, List.of(gone)), T, List.of(hot("'a'", 0.9)), NOW.plusSeconds(5000), NOW.plusSeconds(900 + 1801)))
            .as("after the cooldown").hasSize(1);
    }
}
