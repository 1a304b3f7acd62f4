package io.hotzone.plan;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.hotzone.server.Server;

import static org.assertj.core.api.Assertions.assertThat;

class NodeFeaturesTest
{
    @Test
    void aFeatureIsEverywhereOnlyWhenEveryRingNodeAnnouncedItAndAFailedReadSaysNo()
    {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        boolean[] failing = { false };
        Server server = (Server) Proxy.newProxyInstance(Server.class.getClassLoader(), new Class<?>[]{ Server.class }, (proxy, method, args) -> {
            String cql = (String) args[0];
            if (failing[0])
                throw new IllegalStateException("unavailable");
            if (cql.startsWith("INSERT"))
            {
                writes.add(cql);
                Map<String, Object> r = new HashMap<>();
                r.put("node", ((Object[]) args[2])[0]);
                r.put("features", ((Object[]) args[2])[1]);
                rows.add(r);
                return List.of();
            }
            return List.copyOf(rows);
        });
        AtomicLong clock = new AtomicLong();
        NodeFeatures features = new NodeFeatures(server, clock::get);
        features.announce("10.0.0.1", "0.1.0");
        assertThat(writes.get(0)).contains("USING TTL " + NodeFeatures.TTL_SECONDS);
        assertThat(features.missing(NodeFeatures.MIRROR_SETS, List.of("10.0.0.1", "10.0.0.2"))).containsExactly("10.0.0.2");
        assertThat(features.everywhere(NodeFeatures.MIRROR_SETS, List.of("10.0.0.1", "10.0.0.2"))).isFalse();
        Map<String, Object> older = new HashMap<>();
        older.put("node", "10.0.0.2");
        older.put("features", Set.of("something-else"));
        rows.add(older);
        clock.addAndGet(31_000_000_000L); // past the 30 s the last read is kept
        assertThat(features.missing(NodeFeatures.MIRROR_SETS, List.of("10.0.0.1", "10.0.0.2"))).containsExactly("10.0.0.2");
        features.announce("10.0.0.2", "0.1.0");
        assertThat(features.everywhere(NodeFeatures.MIRROR_SETS, List.of("10.0.0.1", "10.0.0.2"))).as("kept for 30 s").isFalse();
        clock.addAndGet(31_000_000_000L);
        assertThat(features.everywhere(NodeFeatures.MIRROR_SETS, List.of("10.0.0.1", "10.0.0.2"))).isTrue();
        failing[0] = true;
        clock.addAndGet(31_000_000_000L);
        assertThat(features.everywhere(NodeFeatures.MIRROR_SETS, List.of("10.0.0.1", "10.0.0.2"))).as("cannot be read").isFalse();
    }
}
