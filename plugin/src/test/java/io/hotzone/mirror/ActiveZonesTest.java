package io.hotzone.mirror;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.events.Event;
import io.hotzone.plan.Plan;
import io.hotzone.plan.Zone;
import io.hotzone.plan.ZoneState;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveZonesTest
{
    private static final TableRef T = new TableRef("app", "items");
    private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");

    private static Zone zone(String id, ZoneState state, List<String> keys, Event.TokenRange range, boolean dryRun)
    {
        return new Zone(id, T, keys, range, NOW, NOW.plusSeconds(3600), 1, Zone.MANUAL, "manual", state, 2, dryRun, "", NOW);
    }

    private static ByteBuffer key(String k)
    {
        return ByteBuffer.wrap(k.getBytes(StandardCharsets.UTF_8));
    }

    private static ActiveZones of(Zone... zones)
    {
        return ActiveZones.of(new Plan(7, List.of(zones)), (t, literal) -> literal.replace("'", "").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesAreMirroredFromArmingToReadyAndReadsRoutedOnlyWhenReady()
    {
        for (ZoneState s : ZoneState.values())
        {
            ActiveZones zones = of(zone("z1", s, List.of("'a'"), null, false));
            boolean mirrored = s == ZoneState.ARMING || s == ZoneState.WARMING || s == ZoneState.READY;
            assertThat(zones.mirroredFor(T, key("a"), 0)).as("mirrored in %s", s).hasSize(mirrored ? 1 : 0);
            assertThat(zones.readyFor(T, key("a"), 0) != null).as("routed in %s", s).isEqualTo(s == ZoneState.READY);
            assertThat(zones.mirroredFor(T, key("b"), 0)).isEmpty();
        }
    }

    @Test
    void dryRunZonesAndOtherTablesAreIgnored()
    {
        ActiveZones zones = of(zone("z1", ZoneState.READY, List.of("'a'"), null, true));
        assertThat(zones.isEmpty()).isTrue();
        assertThat(of(zone("z1", ZoneState.READY, List.of("'a'"), null, false)).readyFor(new TableRef("app", "other"), key("a"), 0)).isNull();
    }

    @Test
    void tokenRangesAreInclusiveAndWrap()
    {
        ActiveZones plain = of(zone("z1", ZoneState.READY, List.of(), new Event.TokenRange(-10, 10), false));
        assertThat(plain.readyFor(T, key("x"), -10)).isNotNull();
        assertThat(plain.readyFor(T, key("x"), 10)).isNotNull();
        assertThat(plain.readyFor(T, key("x"), 11)).isNull();
        ActiveZones wrapping = of(zone("z2", ZoneState.READY, List.of(), new Event.TokenRange(100, -100), false));
        assertThat(wrapping.readyFor(T, key("x"), Long.MAX_VALUE)).isNotNull();
        assertThat(wrapping.readyFor(T, key("x"), Long.MIN_VALUE)).isNotNull();
        assertThat(wrapping.readyFor(T, key("x"), 0)).isNull();
    }

    @Test
    void aDirtyZoneIsNotRoutedByThisNodeUntilTheNextRound()
    {
        ZoneDirectory directory = new ZoneDirectory();
        Zone z = zone("z1", ZoneState.READY, List.of("'a'"), null, false);
        assertThat(directory.mirroredFor(T, key("a"), 0)).as("before the plan was read").isEmpty();
        assertThat(directory.drainUnmirrored()).containsExactly(T);
        directory.publish(of(z));
        assertThat(directory.readyFor(T, key("a"), 0)).isNotNull();
        directory.markDirty(z);
        assertThat(directory.readyFor(T, key("a"), 0)).isNull();
        assertThat(directory.drainDirty()).containsEntry("z1", 2);
        directory.publish(of(z.nextRound("again", NOW).to(ZoneState.READY, "copied", NOW)));
        assertThat(directory.readyFor(T, key("a"), 0)).isNotNull();
    }
}
