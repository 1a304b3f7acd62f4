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

    @Test
    void sizedToTheLoadAZoneGetsTheReplicasItsPredictedReadsNeedAndOneItsReplicasServeIsNotBoosted()
    {
        BoostSettings sized = SETTINGS.withSizing(new io.hotzone.config.MirrorSizingSettings(io.hotzone.config.MirrorSizingSettings.Mode.LOAD, 5_000, 1.25));
        ForecastPlanner p = new ForecastPlanner(sized, Duration.ofMinutes(1), mirrors, Duration.ofMinutes(1), () -> Double.NaN, () -> java.util.Map.of("dc1", 100), () -> true);
        // 2.4 M reads per one-minute step: 40 000 reads/s, 8 replicas at 5 000/s, 10 with the headroom
        HotZone busy = new HotZone("'busy'", 2_400_000, 10, NOW.plusSeconds(600), 0.9, HotZone.Reason.SEASONAL);
        // 1 000 reads/s: its own replica serves it
        HotZone mild = new HotZone("'mild'", 60_000, 10, NOW.plusSeconds(600), 0.9, HotZone.Reason.TREND);
        HotZone event = new HotZone("'e'", 2_400_000, 10, NOW.plusSeconds(600), 0.9, HotZone.Reason.EVENT);
        List<Zone> out = p.plan(Plan.EMPTY, T, List.of(mild, busy, event), NOW.plusSeconds(900), NOW);
        assertThat(out).as("the zone needing no mirror takes none of max_zones (2)").extracting(Zone::reason).containsExactly("seasonal", "event");
        assertThat(out.get(0).mirrorReplicas()).isEqualTo(10);
        assertThat(out.get(0).note()).contains("10 mirror replicas per DC for 40000 reads/s");

        // capacity measured on the node when not configured; unknown: every mirror replica
        BoostSettings measured = SETTINGS.withSizing(new io.hotzone.config.MirrorSizingSettings(io.hotzone.config.MirrorSizingSettings.Mode.LOAD, 0, 1.25));
        assertThat(new ForecastPlanner(measured, Duration.ofMinutes(1), mirrors, Duration.ofMinutes(1), () -> 20_000, () -> java.util.Map.of("dc1", 100), () -> true)
                       .plan(Plan.EMPTY, T, List.of(busy), NOW.plusSeconds(900), NOW).get(0).mirrorReplicas()).isEqualTo(3);
        assertThat(new ForecastPlanner(measured, Duration.ofMinutes(1), mirrors, Duration.ofMinutes(1), () -> Double.NaN, () -> java.util.Map.of("dc1", 100), () -> true)
                       .plan(Plan.EMPTY, T, List.of(busy), NOW.plusSeconds(900), NOW).get(0).mirrorReplicas()).isEqualTo(0);
        // a node of the ring that cannot place sized zones: every zone on every mirror replica
        assertThat(new ForecastPlanner(sized, Duration.ofMinutes(1), mirrors, Duration.ofMinutes(1), () -> Double.NaN, () -> java.util.Map.of("dc1", 100), () -> false)
                       .plan(Plan.EMPTY, T, List.of(busy), NOW.plusSeconds(900), NOW).get(0).mirrorReplicas()).isEqualTo(0);
        // auto: a data center of 12 nodes or fewer gets every zone on every node
        BoostSettings auto = SETTINGS.withSizing(new io.hotzone.config.MirrorSizingSettings(io.hotzone.config.MirrorSizingSettings.Mode.AUTO, 5_000, 1.25));
        assertThat(new ForecastPlanner(auto, Duration.ofMinutes(1), mirrors, Duration.ofMinutes(1), () -> Double.NaN, () -> java.util.Map.of("dc1", 12), () -> true)
                       .plan(Plan.EMPTY, T, List.of(busy, mild), NOW.plusSeconds(900), NOW)).extracting(Zone::mirrorReplicas).containsExactly(0, 0);
    }

    @Test
    void sizedZonesCountTheUsualWritesOfTheirPartitionsOnEveryReplicaAndAZoneItsWritesWouldFillIsNotBoosted()
    {
        BoostSettings sized = SETTINGS.withSizing(new io.hotzone.config.MirrorSizingSettings(io.hotzone.config.MirrorSizingSettings.Mode.LOAD, 5_000, 1.25));
        ForecastPlanner p = new ForecastPlanner(sized, Duration.ofMinutes(1), mirrors, Duration.ofMinutes(1), () -> Double.NaN, () -> java.util.Map.of("dc1", 100), () -> true);
        HotZone busy = new HotZone("'busy'", 2_400_000, 10, NOW.plusSeconds(600), 0.9, HotZone.Reason.SEASONAL);
        // 40 000 accesses/s predicted, its history writes 120 000 per one-minute step (2 000/s): 38 000 reads/s spread,
        // 2 000 writes/s on every replica; each has room for 5 000 / 1.25 - 2 000 = 2 000 reads/s: 19 replicas (10 if
        // all were reads)
        List<Zone> out = p.plan(Plan.EMPTY, T, List.of(busy), java.util.Map.of(), java.util.Map.of("'busy'", 120_000.0), NOW.plusSeconds(900), NOW);
        assertThat(out).singleElement().extracting(Zone::mirrorReplicas).isEqualTo(19);
        assertThat(out.get(0).note()).contains("19 mirror replicas per DC for 38000 reads/s and 2000 writes/s");
        // writes of 10 000/s would fill every mirror replica (5 000/s each): no mirror helps, it needs a move
        assertThat(p.plan(Plan.EMPTY, T, List.of(busy), java.util.Map.of(), java.util.Map.of("'busy'", 600_000.0), NOW.plusSeconds(900), NOW)).isEmpty();
        // a campaign multiplies reads: a partition writing 600 a step (10/s) and forecast at 40 000/s is sized for its
        // reads, its writes counted at their usual rate: 11 replicas (10 if it wrote nothing)
        assertThat(p.plan(Plan.EMPTY, T, List.of(busy), java.util.Map.of(), java.util.Map.of("'busy'", 600.0), NOW.plusSeconds(900), NOW))
            .singleElement().extracting(Zone::mirrorReplicas).isEqualTo(11);
        HotZone quiet = new HotZone("'quiet'", 60_000, 10, NOW.plusSeconds(600), 0.9, HotZone.Reason.SEASONAL);
        assertThat(p.plan(Plan.EMPTY, T, List.of(quiet), java.util.Map.of(), java.util.Map.of("'quiet'", 1e9), NOW.plusSeconds(900), NOW))
            .as("writes capped at the forecast: 1 000 writes/s on 5 000/s replicas, no reads to spread: its own replicas serve it").isEmpty();
    }

    @Test
    void aSizedZoneGrowsWhenItsForecastRisesAndNeverShrinks()
    {
        BoostSettings sized = SETTINGS.withSizing(new io.hotzone.config.MirrorSizingSettings(io.hotzone.config.MirrorSizingSettings.Mode.LOAD, 5_000, 1.25));
        ForecastPlanner p = new ForecastPlanner(sized, Duration.ofMinutes(1), mirrors, Duration.ofMinutes(1), () -> Double.NaN, () -> java.util.Map.of("dc1", 100), () -> true);
        Zone ready = new Zone("z000000000001", T, null, List.of("'a'", "'b'"), null, NOW, NOW.plusSeconds(3600), 0.9, Zone.FORECAST, "seasonal",
                              ZoneState.READY, 2, 2, false, "", NOW, 3);
        Plan plan = new Plan(7, List.of(ready));
        // 'a' and 'b' now 1.2 M reads per minute each: 40 000 reads/s together, 10 replicas
        List<Zone> out = p.plan(plan, T, List.of(new HotZone("'a'", 1_200_000, 10, NOW, 0.9, HotZone.Reason.SEASONAL),
                                                 new HotZone("'b'", 1_200_000, 10, NOW, 0.9, HotZone.Reason.SEASONAL)), NOW.plusSeconds(600), NOW);
        assertThat(out).hasSize(1);
        Zone grown = out.get(0);
        assertThat(grown.round()).as("a new copy round").isEqualTo(3);
        assertThat(grown.readyRound()).as("the complete round keeps serving").isEqualTo(2);
        assertThat(grown.state()).isEqualTo(ZoneState.READY);
        assertThat(grown.mirrorReplicas()).isEqualTo(10);
        assertThat(grown.writingMirrorReplicas()).isEqualTo(10);
        assertThat(grown.servingMirrorReplicas()).as("only the 3 copied serve until round 3 is complete").isEqualTo(3);
        assertThat(grown.copied("done", NOW).servingMirrorReplicas()).isEqualTo(10);
        List<HotZone> rising = List.of(new HotZone("'a'", 1_200_000, 10, NOW, 0.9, HotZone.Reason.SEASONAL));
        // a leader that cannot size now (capacity not measured yet, or a node that cannot place sized zones) grows nothing
        BoostSettings measured = SETTINGS.withSizing(new io.hotzone.config.MirrorSizingSettings(io.hotzone.config.MirrorSizingSettings.Mode.LOAD, 0, 1.25));
        assertThat(new ForecastPlanner(measured, Duration.ofMinutes(1), mirrors, Duration.ofMinutes(1), () -> Double.NaN, () -> java.util.Map.of("dc1", 100), () -> true)
                       .plan(plan, T, rising, NOW.plusSeconds(600), NOW)).as("no change to the zone").isEmpty();
        assertThat(new ForecastPlanner(sized, Duration.ofMinutes(1), mirrors, Duration.ofMinutes(1), () -> Double.NaN, () -> java.util.Map.of("dc1", 100), () -> false)
                       .plan(plan, T, rising, NOW.plusSeconds(600), NOW)).as("no change to the zone").isEmpty();
        // a quieter forecast leaves the count alone
        assertThat(p.plan(plan, T, List.of(new HotZone("'a'", 100_000, 10, NOW, 0.9, HotZone.Reason.SEASONAL)), NOW.plusSeconds(600), NOW))
            .as("no change to the zone").isEmpty();
        // several data centers: a growth seen at LOCAL_QUORUM could miss a node elsewhere; zones keep their count
        assertThat(new ForecastPlanner(sized, Duration.ofMinutes(1), mirrors, Duration.ofMinutes(1), () -> Double.NaN, () -> java.util.Map.of("dc1", 100, "dc2", 100), () -> true)
                       .plan(plan, T, rising, NOW.plusSeconds(600), NOW)).isEmpty();
    }

    private static final java.util.Map<String, Double> NO_SHARES = java.util.Map.of();

    private static RangeAction range(long start, long end, double confidence, HotZone.Reason reason, RangeAction.Kind kind, long bytes)
    {
        io.hotzone.forecast.HotRange r = new io.hotzone.forecast.HotRange(T, io.hotzone.forecast.HotRange.Kind.READS, 3, 4, start, end, 500, 50,
                                                                        NOW.plusSeconds(600), NOW.plusSeconds(1200), confidence, reason);
        return new RangeAction(r, kind, bytes, Duration.ofSeconds(1), "test");
    }

    private static RangeAction announced(long start, long end)
    {
        return range(start, end, 0.5, HotZone.Reason.EVENT, RangeAction.Kind.BOOST, 1 << 20);
    }

    @Test
    void anAnnouncedRangeChosenForABoostBecomesOneRangeZoneThatHoldsItsPartitions()
    {
        List<Zone> out = planner.planRanges(Plan.EMPTY, T, List.of(announced(100, 200),
                                                                    range(300, 400, 0.5, HotZone.Reason.EVENT, RangeAction.Kind.NOTHING, 0),
                                                                    range(500, 600, 0.5, HotZone.Reason.EVENT, RangeAction.Kind.MOVE, 1 << 20)), NOW);
        assertThat(out).as("only the BOOST choice").hasSize(1);
        Zone z = out.get(0);
        assertThat(z.keys()).isEmpty();
        assertThat(z.range()).as("(100, 200] as an inclusive token range").isEqualTo(new io.hotzone.events.Event.TokenRange(101, 200));
        assertThat(z.origin()).isEqualTo(Zone.FORECAST);
        assertThat(z.reason()).isEqualTo("event");
        assertThat(z.state()).isEqualTo(ZoneState.PLANNED);
        assertThat(z.end()).as("the range's predicted end").isEqualTo(NOW.plusSeconds(1200));

        // the announcement makes every known partition in the range hot: they are the range zone's, not zones of their own
        java.util.Map<String, Long> tokens = java.util.Map.of("'in'", 150L, "'out'", 250L);
        HotZone in = new HotZone("'in'", 400, 10, NOW.plusSeconds(600), 0.5, HotZone.Reason.EVENT);
        HotZone out2 = new HotZone("'out'", 400, 10, NOW.plusSeconds(600), 0.5, HotZone.Reason.EVENT);
        assertThat(planner.plan(new Plan(2, out), T, List.of(in, out2), tokens, NO_SHARES, NOW.plusSeconds(900), NOW))
            .as("while the range zone is copied no new zone for a partition it will hold").singleElement().extracting(Zone::keys).isEqualTo(List.of("'out'"));
        Zone inZone = planner.plan(Plan.EMPTY, T, List.of(in), tokens, NO_SHARES, NOW.plusSeconds(900), NOW).get(0).to(ZoneState.READY, "copied", NOW);
        assertThat(planner.plan(new Plan(3, List.of(z, inZone)), T, List.of(in), tokens, NO_SHARES, NOW.plusSeconds(1800), NOW.plusSeconds(60)))
            .as("but a zone the partition had is kept until the range zone serves").singleElement()
            .satisfies(k -> assertThat(k.id()).isEqualTo(inZone.id())).extracting(Zone::end).isEqualTo(NOW.plusSeconds(1800));
        Zone readyRange = z.to(ZoneState.READY, "copied", NOW);
        assertThat(planner.plan(new Plan(3, List.of(readyRange, inZone)), T, List.of(in), tokens, NO_SHARES, NOW.plusSeconds(1800), NOW.plusSeconds(60)))
            .as("the READY range zone serves: the partition's own zone is not extended").isEmpty();
        assertThat(planner.plan(new Plan(3, List.of(readyRange)), T, List.of(in, out2), tokens, NO_SHARES, NOW.plusSeconds(1800), NOW.plusSeconds(60)))
            .as("only the partition outside it gets a zone").singleElement().extracting(Zone::keys).isEqualTo(List.of("'out'"));
        for (ZoneState leaving : List.of(ZoneState.DRAINING, ZoneState.GONE))
            assertThat(planner.plan(new Plan(2, List.of(z.to(leaving, "test", NOW))), T, List.of(in, out2), tokens, NO_SHARES, NOW.plusSeconds(900), NOW.plusSeconds(60)))
                .as("range zone %s: its partitions are planned as any others", leaving).singleElement().extracting(Zone::keys).isEqualTo(List.of("'in'", "'out'"));
        Zone stuck = new Zone(z.id(), T, null, List.of(), z.range(), NOW, NOW.plusSeconds(60), 0.5, Zone.FORECAST, "event", ZoneState.ARMING, 0, Zone.NEVER,
                              false, "waiting", NOW);
        assertThat(planner.plan(new Plan(2, List.of(stuck)), T, List.of(in, out2), tokens, NO_SHARES, NOW.plusSeconds(900), NOW.plusSeconds(61)))
            .as("a range zone still arming past its window blocks nothing").singleElement().extracting(Zone::keys).isEqualTo(List.of("'in'", "'out'"));
        assertThat(ForecastPlanner.tokenRange(new io.hotzone.forecast.HotRange(T, io.hotzone.forecast.HotRange.Kind.READS, 0, 0, Long.MIN_VALUE, -5, 1, 1,
                                                                                NOW, NOW, 1, HotZone.Reason.EVENT)))
            .as("the ring's first sub-range keeps its first token").isEqualTo(new io.hotzone.events.Event.TokenRange(Long.MIN_VALUE, -5));

        Zone ready = z.to(ZoneState.READY, "copied", NOW);
        RangeAction later = new RangeAction(new io.hotzone.forecast.HotRange(T, io.hotzone.forecast.HotRange.Kind.READS, 3, 5, 150, 260, 500, 50,
                                                                             NOW.plusSeconds(600), NOW.plusSeconds(3000), 0.95, HotZone.Reason.EVENT),
                                            RangeAction.Kind.BOOST, 1 << 20, Duration.ofSeconds(1), "test");
        List<Zone> again = planner.planRanges(new Plan(3, List.of(ready)), T, List.of(later), NOW.plusSeconds(60));
        assertThat(again).as("an overlapping range extends the zone").hasSize(1);
        assertThat(again.get(0).id()).isEqualTo(z.id());
        assertThat(again.get(0).end()).isEqualTo(NOW.plusSeconds(3000));

        Zone gone = ready.to(ZoneState.GONE, "ended", NOW.plusSeconds(1200));
        assertThat(planner.planRanges(new Plan(4, List.of(gone)), T, List.of(announced(100, 200)), NOW.plusSeconds(1300))).as("within the cooldown").isEmpty();
    }

    @Test
    void onlyAnnouncedRangesAreBoostedWithinTheBudgetTheSizeAndTheSwitch()
    {
        for (HotZone.Reason reason : List.of(HotZone.Reason.SEASONAL, HotZone.Reason.TREND, HotZone.Reason.ANOMALY))
            assertThat(planner.planRanges(Plan.EMPTY, T, List.of(range(100, 200, 0.99, reason, RangeAction.Kind.BOOST, 1)), NOW))
                .as("forecast %s, not announced: shown, not boosted", reason).isEmpty();
        assertThat(new ForecastPlanner(settings(false), Duration.ofMinutes(1), mirrors).planRanges(Plan.EMPTY, T, List.of(announced(100, 200)), NOW))
            .as("boost.announced_events off").isEmpty();
        assertThat(planner.planRanges(Plan.EMPTY, T, List.of(range(100, 200, 0.5, HotZone.Reason.EVENT, RangeAction.Kind.BOOST, 1025L << 20)), NOW))
            .as("over boost.max_mirror_mib_per_node (1024)").isEmpty();
        assertThat(planner.planRanges(Plan.EMPTY, T, List.of(announced(100, 200), announced(300, 400), announced(500, 600)), NOW))
            .as("max_zones is 2").hasSize(2);
        Zone first = planner.planRanges(Plan.EMPTY, T, List.of(announced(700, 800)), NOW).get(0).to(ZoneState.READY, "copied", NOW);
        Zone other = planner.planRanges(Plan.EMPTY, T, List.of(announced(900, 1000)), NOW).get(0);
        RangeAction longer = new RangeAction(new io.hotzone.forecast.HotRange(T, io.hotzone.forecast.HotRange.Kind.READS, 9, 9, 700, 800, 500, 50,
                                                                              NOW.plusSeconds(600), NOW.plusSeconds(4000), 0.5, HotZone.Reason.EVENT),
                                             RangeAction.Kind.BOOST, 1, Duration.ofSeconds(1), "test");
        assertThat(planner.planRanges(new Plan(3, List.of(first, other)), T, List.of(announced(100, 200), longer), NOW.plusSeconds(60)))
            .as("max_zones reached: no new range, but the later range still extends its zone").singleElement()
            .satisfies(e -> assertThat(e.id()).isEqualTo(first.id())).extracting(Zone::end).isEqualTo(NOW.plusSeconds(4000));
        Zone manual = new Zone("zmanual000001", T, null, List.of(), new io.hotzone.events.Event.TokenRange(Long.MAX_VALUE - 10, 150), NOW,
                               NOW.plusSeconds(60), 1, Zone.MANUAL, "manual", ZoneState.READY, 1, 1, false, "requested", NOW);
        assertThat(planner.planRanges(new Plan(2, List.of(manual)), T, List.of(announced(100, 200)), NOW))
            .as("left to the manual zone that overlaps it across the ring's wrap").isEmpty();
        planner.setAutomatic(false);
        assertThat(planner.planRanges(Plan.EMPTY, T, List.of(announced(100, 200)), NOW)).isEmpty();
    }
}
