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
    private static final BoostSettings SETTINGS = settings(true);
    private final FakeMirrors mirrors = new FakeMirrors().with(T);
    private final ForecastPlanner planner = new ForecastPlanner(SETTINGS, Duration.ofMinutes(1), mirrors);

    private static BoostSettings settings(boolean announcedEvents)
    {
        BoostSettings d = BoostSettings.defaults();
        return new BoostSettings(true, false, 2, 1024, 0.8, Duration.ofMinutes(30), 3, 0, Duration.ofSeconds(5), true, announcedEvents, true,
                                 d.routeLease(), d.mirrorAckTimeout(), d.refreshEvery());
    }

    private static HotZone hot(String key, double confidence)
    {
        return new HotZone(key, 100, 10, NOW.plusSeconds(600), confidence, HotZone.Reason.SEASONAL);
    }

    @Test
    void announcedEventZonesAreBoostedWhateverTheirConfidenceUnlessTurnedOff()
    {
        HotZone event = new HotZone("'e'", 100, 10, NOW.plusSeconds(600), 0.5, HotZone.Reason.EVENT);
        assertThat(planner.plan(Plan.EMPTY, T, List.of(event), NOW.plusSeconds(900), NOW)).hasSize(1);
        assertThat(new ForecastPlanner(settings(false), Duration.ofMinutes(1), mirrors).plan(Plan.EMPTY, T, List.of(event), NOW.plusSeconds(900), NOW)).isEmpty();
    }

    @Test
    void confidentPartitionsOfOneReasonBecomeOneZone()
    {
        List<Zone> out = planner.plan(Plan.EMPTY, T, List.of(hot("'a'", 0.9), hot("'b'", 0.5), hot("'c'", 0.95), hot("'d'", 0.99)),
                                      NOW.plusSeconds(900), NOW);
        assertThat(out).hasSize(1);
        Zone z = out.get(0);
        assertThat(z.keys()).containsExactly("'a'", "'c'", "'d'");
        assertThat(z.state()).isEqualTo(ZoneState.PLANNED);
        assertThat(z.origin()).isEqualTo(Zone.FORECAST);
        assertThat(z.reason()).isEqualTo("seasonal");
        assertThat(z.confidence()).as("the least confident member").isEqualTo(0.9);
        assertThat(z.end()).isEqualTo(NOW.plusSeconds(900));
    }

    @Test
    void eachReasonIsItsOwnZoneUpToTheBudget()
    {
        HotZone event = new HotZone("'e'", 100, 10, NOW.plusSeconds(600), 0.5, HotZone.Reason.EVENT);
        HotZone anomaly = new HotZone("'x'", 100, 10, NOW, 0.1, HotZone.Reason.ANOMALY);
        List<Zone> out = planner.plan(Plan.EMPTY, T, List.of(hot("'a'", 0.9), event, anomaly), NOW.plusSeconds(900), NOW);
        assertThat(out).as("max_zones is 2; in rank order").hasSize(2);
        assertThat(out).extracting(Zone::reason).containsExactly("seasonal", "event");
    }

    @Test
    void switchedOffItPlansNothingAndOnAgainItDoes()
    {
        planner.setAutomatic(false);
        assertThat(planner.isAutomatic()).isFalse();
        assertThat(planner.plan(Plan.EMPTY, T, List.of(hot("'a'", 0.99)), NOW.plusSeconds(900), NOW)).isEmpty();
        planner.setAutomatic(true);
        assertThat(planner.plan(Plan.EMPTY, T, List.of(hot("'a'", 0.99)), NOW.plusSeconds(900), NOW)).hasSize(1);
    }

    @Test
    void aPartitionAlreadyInAMultiKeyZoneExtendsThatZone()
    {
        Zone planned = planner.plan(Plan.EMPTY, T, List.of(hot("'a'", 0.9), hot("'b'", 0.9)), NOW.plusSeconds(900), NOW).get(0);
        Zone ready = planned.to(ZoneState.READY, "copied", NOW);
        List<Zone> again = planner.plan(new Plan(3, List.of(ready)), T, List.of(hot("'b'", 0.9), hot("'a'", 0.95), hot("'c'", 0.9)),
                                        NOW.plusSeconds(1800), NOW.plusSeconds(60));
        assertThat(again).hasSize(2);
        assertThat(again.get(0).id()).isEqualTo(planned.id());
        assertThat(again.get(0).end()).isEqualTo(NOW.plusSeconds(1800));
        assertThat(again.get(1).keys()).as("only the new partition in a new zone").containsExactly("'c'");
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

    @Test
    void tablesAManualBoostWouldRefuseGetNoForecastZone()
    {
        HotZone event = new HotZone("'e'", 100, 10, NOW.plusSeconds(600), 0.99, HotZone.Reason.EVENT);
        mirrors.unsupported.put(T, "app.items is a counter table");
        assertThat(planner.plan(Plan.EMPTY, T, List.of(event), NOW.plusSeconds(900), NOW)).isEmpty();
        TableRef dropped = new TableRef("app", "dropped");
        assertThat(planner.plan(Plan.EMPTY, dropped, List.of(event), NOW.plusSeconds(900), NOW)).isEmpty();
        mirrors.unsupported.remove(T);
        List<Zone> zones = planner.plan(Plan.EMPTY, T, List.of(event), NOW.plusSeconds(900), NOW);
        assertThat(zones).hasSize(1);
        assertThat(zones.get(0).tableId()).isEqualTo(mirrors.tableId(T));
    }
}
