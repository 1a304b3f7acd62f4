package io.hotzone.resources;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Zone;
import io.hotzone.plan.ZoneState;
import io.hotzone.server.Mirrors;

import static org.assertj.core.api.Assertions.assertThat;

class ZoneNodesTest
{
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final TableRef T = new TableRef("shop", "products");

    private final AtomicInteger parsed = new AtomicInteger();
    private final AtomicBoolean dropped = new AtomicBoolean();
    /** Key 'pN' has token N; a key parses only while the table exists. */
    private final BiFunction<TableRef, String, Long> tokenOf = (t, k) -> {
        parsed.incrementAndGet();
        if (dropped.get())
            throw new IllegalArgumentException("unknown table " + t);
        return Long.parseLong(k.replaceAll("[^0-9]", ""));
    };
    /** Token N's source replica is node N % 4 + 1, its mirror replica node (N + 1) % 4 + 1. */
    private final Mirrors mirrors = (Mirrors) Proxy.newProxyInstance(Mirrors.class.getClassLoader(), new Class<?>[]{ Mirrors.class }, (p, m, args) -> {
        switch (m.getName())
        {
            case "sourceReplicas": return Set.of("127.0.0." + ((Long) args[1] % 4 + 1));
            case "mirrorReplicas": return Set.of("127.0.0." + (((Long) args[2] + 1) % 4 + 1));
            default: throw new UnsupportedOperationException(m.getName());
        }
    });

    private static Zone zone(String id, List<String> keys)
    {
        return new Zone(id, T, null, keys, null, NOW, NOW.plusSeconds(3600), 0.9, Zone.FORECAST, "event", ZoneState.READY, 1, 1, false, "", NOW);
    }

    @Test
    void aZoneIsParsedOnceAcrossRoundsAndAgainWhenItsKeysChange()
    {
        ZoneNodes nodes = new ZoneNodes(mirrors, tokenOf);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++)
            keys.add("'p" + i + "'");
        assertThat(nodes.apply(zone("z1", keys))).containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
        int first = parsed.get();
        assertThat(first).isEqualTo(1000);
        for (int round = 0; round < 5; round++)
            assertThat(nodes.apply(zone("z1", new ArrayList<>(keys)))).hasSize(4); // a new plan read: equal keys, new list
        assertThat(parsed.get() - first).isEqualTo(5); // one key per round: is the table still there?

        assertThat(nodes.apply(zone("z1", List.of("'p4'")))).containsExactly("127.0.0.1", "127.0.0.2");
        assertThat(parsed.get() - first - 5).isEqualTo(1);
    }

    @Test
    void aDroppedTablesKeysCountForNothing()
    {
        ZoneNodes nodes = new ZoneNodes(mirrors, tokenOf);
        Zone z = zone("z1", List.of("'p1'", "'p2'"));
        assertThat(nodes.apply(z)).containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
        dropped.set(true);
        assertThat(nodes.apply(z)).isEmpty();
        assertThat(nodes.apply(zone("z2", List.of("'p1'")))).isEmpty();
        dropped.set(false);
        assertThat(nodes.apply(z)).containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
    }
}
