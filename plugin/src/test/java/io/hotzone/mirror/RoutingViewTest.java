package io.hotzone.mirror;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.events.Event;
import io.hotzone.plan.Fence;
import io.hotzone.plan.Plan;
import io.hotzone.plan.Zone;
import io.hotzone.plan.ZoneState;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingViewTest
{
    private static final TableRef T = new TableRef("app", "items");
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");
    private static final String ME = "127.0.0.1";

    private static Zone zone(String id, ZoneState state, List<String> keys, Event.TokenRange range, boolean dryRun, int round, int readyRound)
    {
        return new Zone(id, T, ID, keys, range, NOW, NOW.plusSeconds(3600), 1, Zone.MANUAL, "manual", state, round, readyRound, dryRun, "", NOW);
    }

    private static Zone ready(String id, String... keys)
    {
        return zone(id, ZoneState.READY, List.of(keys), null, false, 2, 2);
    }

    private static ByteBuffer key(String k)
    {
        return ByteBuffer.wrap(k.getBytes(StandardCharsets.UTF_8));
    }

    private static RoutingView view(List<Fence> fences, long sentNanos, Zone... zones)
    {
        Plan plan = new Plan(7, List.of(zones));
        return RoutingView.of(plan, ActiveZones.of(plan, (t, literal) -> literal.replace("'", "").getBytes(StandardCharsets.UTF_8)), fences, sentNanos);
    }

    private static Fence fence(Zone z, int round, String node)
    {
        return new Fence(z.id(), round, node, UUID.randomUUID(), "test", "127.0.0.9");
    }

    @Test
    void writesAreMirroredFromArmingToDrainingAndReadsServedOnlyFromACompleteRound()
    {
        for (ZoneState s : ZoneState.values())
        {
            RoutingView v = view(List.of(), 0, zone("z1", s, List.of("'a'"), null, false, 3, 2));
            boolean mirrored = s == ZoneState.ARMING || s == ZoneState.WARMING || s == ZoneState.READY || s == ZoneState.DRAINING;
            assertThat(v.mirroredFor(T, ID, key("a"), 0)).as("mirrored in %s", s).hasSize(mirrored ? 1 : 0);
            assertThat(v.servable(T, ID, key("a"), 0, ME) != null).as("served in %s", s).isEqualTo(s == ZoneState.READY);
            assertThat(v.mirroredFor(T, ID, key("b"), 0)).isEmpty();
        }
        RoutingView neverCopied = view(List.of(), 0, zone("z1", ZoneState.READY, List.of("'a'"), null, false, 0, Zone.NEVER));
        assertThat(neverCopied.servable(T, ID, key("a"), 0, ME)).as("no complete round yet").isNull();
    }

    @Test
    void aKeyThatDoesNotParseHereMirrorsEveryWriteOfTheTableAndServesNone()
    {
        Plan plan = new Plan(7, List.of(ready("z1", "'a'", "'bad'")));
        RoutingView v = RoutingView.of(plan, ActiveZones.of(plan, (t, literal) -> {
            if (literal.contains("bad"))
                throw new IllegalArgumentException("does not parse");
            return literal.replace("'", "").getBytes(StandardCharsets.UTF_8);
        }), List.of(), 0);
        assertThat(v.mirroredFor(T, ID, key("a"), 0)).hasSize(1);
        assertThat(v.mirroredFor(T, ID, key("anything"), 0)).as("the unparsed key may be this one").hasSize(1);
        assertThat(v.servable(T, ID, key("a"), 0, ME)).isNotNull();
        assertThat(v.servable(T, ID, key("bad"), 0, ME)).isNull();
        assertThat(view(List.of(), 0, ready("z1", "'a'")).mirroredFor(T, ID, key("anything"), 0)).as("all keys parsed").isEmpty();
    }

    @Test
    void aTableWithAnotherIdIsAnotherTable()
    {
        RoutingView v = view(List.of(), 0, ready("z1", "'a'"));
        UUID recreated = UUID.fromString("00000000-0000-0000-0000-000000000002");
        assertThat(v.mirroredFor(T, recreated, key("a"), 0)).isEmpty();
        assertThat(v.servable(T, recreated, key("a"), 0, ME)).isNull();
        Zone unknownId = new Zone("z2", T, null, List.of("'a'"), null, NOW, NOW.plusSeconds(60), 1, Zone.MANUAL, "", ZoneState.READY, 1, 1, false, "", NOW);
        assertThat(view(List.of(), 0, unknownId).servable(T, ID, key("a"), 0, ME)).isNull();
    }

    @Test
    void dryRunZonesAndOtherTablesAreIgnored()
    {
        RoutingView v = view(List.of(), 0, zone("z1", ZoneState.READY, List.of("'a'"), null, true, 1, 1));
        assertThat(v.zones().isEmpty()).isTrue();
        assertThat(view(List.of(), 0, ready("z1", "'a'")).servable(new TableRef("app", "other"), ID, key("a"), 0, ME)).isNull();
    }

    @Test
    void tokenRangesAreInclusiveAndWrap()
    {
        RoutingView plain = view(List.of(), 0, zone("z1", ZoneState.READY, List.of(), new Event.TokenRange(-10, 10), false, 1, 1));
        assertThat(plain.servable(T, ID, key("x"), -10, ME)).isNotNull();
        assertThat(plain.servable(T, ID, key("x"), 10, ME)).isNotNull();
        assertThat(plain.servable(T, ID, key("x"), 11, ME)).isNull();
        RoutingView wrapping = view(List.of(), 0, zone("z2", ZoneState.READY, List.of(), new Event.TokenRange(100, -100), false, 1, 1));
        assertThat(wrapping.servable(T, ID, key("x"), Long.MAX_VALUE, ME)).isNotNull();
        assertThat(wrapping.servable(T, ID, key("x"), Long.MIN_VALUE, ME)).isNotNull();
        assertThat(wrapping.servable(T, ID, key("x"), 0, ME)).isNull();
    }

    @Test
    void fencesBlockTheNodesTheyNameFromTheirRoundOnUntilALaterRoundIsComplete()
    {
        Zone z = ready("z1", "'a'");
        assertThat(view(List.of(fence(z, 2, ME)), 0, z).servable(T, ID, key("a"), 0, ME)).as("fenced at the serving round").isNull();
        assertThat(view(List.of(fence(z, 2, "127.0.0.2")), 0, z).servable(T, ID, key("a"), 0, ME)).as("another node's fence").isNotNull();
        assertThat(view(List.of(fence(z, 2, Fence.EVERY_NODE)), 0, z).servable(T, ID, key("a"), 0, ME)).as("every node").isNull();
        assertThat(view(List.of(fence(z, Fence.ANY_ROUND, ME)), 0, z).servable(T, ID, key("a"), 0, ME)).as("not pinned yet").isNull();
        assertThat(view(List.of(fence(z, 1, ME)), 0, z).servable(T, ID, key("a"), 0, ME)).as("round 2 copied after it").isNotNull();
        assertThat(view(List.of(fence(z, 2, Fence.REFRESH)), 0, z).servable(T, ID, key("a"), 0, ME)).as("a refresh request").isNotNull();
        Fence table = new Fence(Fence.tableZoneId(T, ID), -1, Fence.EVERY_NODE, UUID.randomUUID(), "truncate", "x");
        assertThat(view(List.of(table), 0, z).servable(T, ID, key("a"), 0, ME)).as("the whole table").isNull();
        Fence otherTable = new Fence(Fence.tableZoneId(T, UUID.randomUUID()), -1, Fence.EVERY_NODE, UUID.randomUUID(), "truncate", "x");
        assertThat(view(List.of(otherTable), 0, z).servable(T, ID, key("a"), 0, ME)).as("an older table of that name").isNotNull();
    }

    @Test
    void aReplicaFencedForTheNewestRoundNeedNotAcknowledgeOnceEveryViewShowsTheFence()
    {
        long settle = 1_120_000_000L;
        Zone copying = zone("z1", ZoneState.READY, List.of("'a'"), null, false, 3, 2);
        RoutingView seen = view(List.of(fence(copying, 3, "127.0.0.2")), 0, copying);
        assertThat(seen.fencedForNewestRound(copying, "127.0.0.2", settle, settle)).isTrue();
        assertThat(seen.fencedForNewestRound(copying, "127.0.0.2", settle - 1, settle))
            .as("the fenced node's own view may be older than the fence: it still serves round 2").isFalse();
        assertThat(view(List.of(fence(copying, 2, "127.0.0.2")), 0, copying).fencedForNewestRound(copying, "127.0.0.2", settle, settle))
            .as("round 3 may complete without it: it must acknowledge").isFalse();
    }

    @Test
    void aFenceKeepsWhenItWasFirstSeenAcrossViewsAndAcrossThePinningThatReplacesIt()
    {
        long settle = 1_120_000_000L;
        Zone copying = zone("z1", ZoneState.READY, List.of("'a'"), null, false, 3, 2);
        Plan plan = new Plan(7, List.of(copying));
        ActiveZones zones = ActiveZones.of(plan, (t, literal) -> literal.replace("'", "").getBytes(StandardCharsets.UTF_8));
        Fence any = fence(copying, Fence.ANY_ROUND, "127.0.0.2");
        RoutingView first = RoutingView.of(plan, zones, List.of(any), 0, null, 100);
        RoutingView later = RoutingView.of(plan, zones, List.of(any), 500_000_000L, first, 500_000_000L);
        assertThat(later.fencedForNewestRound(copying, "127.0.0.2", 100 + settle, settle)).as("seen since the first view").isTrue();
        RoutingView pinned = RoutingView.of(plan, zones, List.of(any.pinnedTo(3)), 900_000_000L, later, 900_000_000L);
        assertThat(pinned.fencedForNewestRound(copying, "127.0.0.2", 100 + settle, settle)).as("the pinned copy replaces it").isTrue();
        RoutingView other = RoutingView.of(plan, zones, List.of(fence(copying, 3, "127.0.0.3")), 900_000_000L, later, 900_000_000L);
        assertThat(other.fencedForNewestRound(copying, "127.0.0.3", 100 + settle, settle)).as("another node's fence is new").isFalse();
    }

    @Test
    void theDirectoryRoutesOnlyWithAValidLeaseAndWithoutLocalBlocks()
    {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        ZoneDirectory directory = new ZoneDirectory(ME, Duration.ofSeconds(1), clock::get);
        Zone z = ready("z1", "'a'");
        assertThat(directory.readyFor(T, ID, key("a"), 0)).as("before the first view").isNull();
        directory.publish(view(new ArrayList<>(), clock.get(), z));
        assertThat(directory.readyFor(T, ID, key("a"), 0)).isNotNull();
        clock.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(directory.readyFor(T, ID, key("a"), 0)).as("lease still valid").isNotNull();
        clock.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(directory.readyFor(T, ID, key("a"), 0)).as("lease ran out").isNull();
        assertThat(directory.expiredLeases.get()).isEqualTo(1);
        directory.publish(view(new ArrayList<>(), clock.get(), z));
        directory.blockLocally("z1", 2);
        assertThat(directory.readyFor(T, ID, key("a"), 0)).as("blocked here").isNull();
        Zone next = z.refreshed("r", NOW).copied("c", NOW);
        directory.publish(view(new ArrayList<>(), clock.get(), next));
        assertThat(directory.readyFor(T, ID, key("a"), 0)).as("round 3 complete").isNotNull();
    }

    @Test
    void aRingOrReplicationChangeStopsRoutingAtOnceUntilAViewIsPublishedUnderTheNewPlacement()
    {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        java.util.concurrent.atomic.AtomicReference<String> placement = new java.util.concurrent.atomic.AtomicReference<>("ring-1/rf-4");
        ZoneDirectory directory = new ZoneDirectory(ME, Duration.ofSeconds(1), clock::get, placement::get);
        Zone z = ready("z1", "'a'");
        directory.publish(view(new ArrayList<>(), clock.get(), z), "ring-1/rf-4");
        assertThat(directory.readyFor(T, ID, key("a"), 0)).isNotNull();
        // A node joined (or the mirror keyspace's replication changed): this node may now mirror keys it never received.
        placement.set("ring-2/rf-5");
        assertThat(directory.readyFor(T, ID, key("a"), 0)).as("placement moved, lease still valid").isNull();
        directory.publish(view(new ArrayList<>(), clock.get(), z), "ring-2/rf-5");
        assertThat(directory.readyFor(T, ID, key("a"), 0)).as("a view built under the new placement").isNotNull();
    }

    @Test
    void writesGoToEveryNodeFromAPlacementChangeUntilTheFenceOfEveryNodeSettledAndANewViewIsOut()
    {
        java.util.concurrent.atomic.AtomicReference<String> placement = new java.util.concurrent.atomic.AtomicReference<>("ring-1");
        ZoneDirectory directory = new ZoneDirectory(ME, Duration.ofSeconds(1), () -> 0L, placement::get);
        directory.publish(view(new ArrayList<>(), 0, ready("z1", "'a'")), "ring-1");
        assertThat(directory.inTransition()).isFalse();
        placement.set("ring-2");
        assertThat(directory.inTransition()).as("the ring moved; the view is from before").isTrue();
        directory.widen(true);
        directory.publish(view(new ArrayList<>(), 0, ready("z1", "'a'")), "ring-2");
        assertThat(directory.inTransition()).as("fencing every node").isTrue();
        directory.widen(false);
        assertThat(directory.inTransition()).isFalse();
    }
}
