package io.hotzone.dtests;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.datastax.oss.driver.api.core.CqlSession;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code resources.cpu_shift} on real nodes: mirrors on 2 of 3 nodes (a key's mirror replicas are then its source pair),
 * every node capped through its own cgroup at half a core. A zone on one key moves CPU quota from the third node to the
 * pair, the total unchanged, read back from the cgroup files; unboosted, every node gets its own quota back.
 */
@Order(5)
class CpuBudgetDTest
{
    private static final String YAML = "bucket: 1s\ncycle: 2s\nforecast:\n  enabled: false\n  lease_ttl: 6s\nboost:\n  plan_poll: 1s\n  replicas_per_dc: 2\n"
                                       + "resources:\n  auto: true\n  cgroups: true\n  poll: 1s\n  stale_after: 3s\n  reservation_ttl: 6s\n  cpu_shift: 0.5\n";
    private static final long HALF_A_CORE = 500; // millicores

    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception
    {
        ClusterSpec spec = ClusterSpec.of("hz-cpu-budget", 3).withFirstAddress(61).withHotzoneYamlOnAll(YAML);
        cluster = LocalCluster.create(spec, SharedCluster.workDir(), Artifacts.fromSystemProperties());
        cluster.startWithPluginActive();
    }

    @AfterAll
    static void stop()
    {
        if (cluster != null)
            cluster.close();
    }

    @Test
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aZonesNodesTakeTheCpuTheOtherNodeLendsForTheWindowOnly() throws Exception
    {
        assumeTrue(cluster.capCpu(50), "no writable cgroup v1 cpu controller here");
        Set<String> pair;
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE budget WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            session.execute("CREATE TABLE budget.t (k text PRIMARY KEY, v text)");
            session.execute("INSERT INTO budget.t (k, v) VALUES ('hot', 'x')");
            session.refreshSchema();
            pair = session.getMetadata().getTokenMap().orElseThrow()
                          .getReplicas("budget", ByteBuffer.wrap("hot".getBytes(StandardCharsets.UTF_8))).stream()
                          .map(n -> n.getEndPoint().resolve().toString().replaceAll("^.*/|:\\d+$", "")).collect(Collectors.toSet());
        }
        assertThat(pair).hasSize(2);
        Map<String, Long> own = quotas();
        assertThat(own.values()).as("every node at half a core before the zone").containsOnly(HALF_A_CORE);

        String zone = PluginJmx.call(cluster.node(1), hz -> hz.boost("budget.t", List.of("'hot'"), null, System.currentTimeMillis() + 3_600_000L));
        // Each node pools half its 500 millicores; with no forecast, the zone's two nodes share the pool equally.
        Map<String, Long> shifted = new TreeMap<>();
        cluster.nodes().forEach(n -> shifted.put(n.address(), pair.contains(n.address()) ? 625L : 250L));
        awaitQuotas("the pair takes what the third node lends", shifted);
        assertThat(shifted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3 * HALF_A_CORE);
        List<String> reservations = PluginJmx.call(cluster.node(1), hz -> hz.reservations());
        assertThat(reservations).anyMatch(line -> line.contains("cpu_quota") && line.contains("cpu budget: lent to zones " + zone));

        PluginJmx.call(cluster.node(1), hz -> hz.unboost(zone, List.of()));
        awaitQuotas("every node back to its own quota", own);
    }

    private static void awaitQuotas(String what, Map<String, Long> wanted) throws Exception
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Map<String, Long> seen = quotas();
        while (!seen.equals(wanted) && System.nanoTime() < deadline)
        {
            Thread.sleep(500);
            seen = quotas();
        }
        assertThat(seen).as(what).isEqualTo(wanted);
    }

    /** Each node's CPU quota in millicores, as its cgroup has it. */
    private static Map<String, Long> quotas() throws Exception
    {
        Map<String, Long> out = new TreeMap<>();
        for (Node n : cluster.nodes())
            out.put(n.address(), n.cpuQuotaMillicores().orElseThrow());
        return out;
    }
}
