package io.hotzone.dtests;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.LongStream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unannounced burst on one partition, after 40 s of steady traffic, is put into the plan by the leader within
 * {@link #PLANNED_WITHIN} of its start, for its anomaly, with nobody announcing or boosting anything; the zone gets
 * READY and the burst's ONE reads are then answered from mirrors. (Shared cluster: cycle 4 s, history and forecast
 * step 2 s.)
 */
@ExtendWith(SharedCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReactiveBoostDTest
{
    /** The bound docs/design.md states for an unannounced burst to be in the plan. */
    static final Duration PLANNED_WITHIN = Duration.ofSeconds(20);
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    @Test
    @Order(1)
    void anUnannouncedBurstIsBoostedReactively(LocalCluster cluster) throws Exception
    {
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS burst WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            session.execute("CREATE TABLE IF NOT EXISTS burst.items (k text PRIMARY KEY, v int)");
            PreparedStatement write = session.prepare("INSERT INTO burst.items (k, v) VALUES (?, ?)");
            for (int i = 0; i < 20; i++)
                session.execute(write.bind("b" + i, i).setConsistencyLevel(DefaultConsistencyLevel.ALL));
            PreparedStatement read = session.prepare("SELECT v FROM burst.items WHERE k = ?");
            Traffic.steady(session, read, "b", Duration.ofSeconds(40)); // 20 steps: each key's trailing median

            Instant burst = Instant.now();
            String[] zone = null;
            // A complete step (2 s), its history written (bucket + 2 s), the next cycle (4 s): about 8 s (measured 4.5-9.2 s).
            // Model training runs beside the cycles and cannot delay it. The bound (docs/design.md) leaves room for 2 loaded
            // cores and fails when a burst goes unseen for two more cycles.
            Instant deadline = burst.plus(PLANNED_WITHIN);
            while (zone == null && Instant.now().isBefore(deadline))
            {
                Traffic.steady(session, read, "b", Duration.ofMillis(500), "b7");
                for (String[] z : HotZoneJmx.planZones(cluster.node(1)))
                    if (z[1].equals("burst.items") && z[2].equals("'b7'"))
                        zone = z;
            }
            Duration planned = Duration.between(burst, Instant.now());
            String forecast, top;
            try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
            {
                forecast = String.join("\n", jmx.bean.forecast("burst.items"));
                top = String.join("\n", jmx.bean.topPartitions("burst.items", 10, 5));
            }
            StringBuilder roles = new StringBuilder();
            for (Node n : cluster.nodes())
                roles.append(PluginJmx.<String>call(n, hz -> n + " " + hz.getRole() + " last error: " + hz.getLastError())).append('\n');
            assertThat(zone).as("a plan zone for the burst on 'b7' within %s of its start; forecast:%n%s%ntop (10 s):%n%s%nnodes:%n%s",
                                PLANNED_WITHIN, forecast, top, roles)
                            .isNotNull();
            System.out.printf("ReactiveBoostDTest: burst planned %.1f s after it started: %s%n", planned.toMillis() / 1000.0, String.join(" ", zone));
            assertThat(zone[5]).as("origin").isEqualTo("forecast");
            // Nobody announced anything and a burst has no history: the anomaly rule named it.
            assertThat(forecast).as("the forecast names 'b7' as an anomaly").containsPattern("(?m)^burst\\.items\t\\d+\t'b7'\tanomaly\t");

            // Warmed and served: READY, and the burst's ONE reads are answered by mirrors (every node holds one).
            String id = zone[0];
            Instant readyBy = Instant.now().plus(READY_WITHIN);
            String state = zone[3];
            while (!state.equals("READY") && Instant.now().isBefore(readyBy))
            {
                Traffic.steady(session, read, "b", Duration.ofMillis(500), "b7");
                state = HotZoneJmx.planZones(cluster.node(1)).stream().filter(z -> z[0].equals(id)).map(z -> z[3]).findFirst().orElse("GONE");
            }
            assertThat(state).as("zone %s within %s of being planned", id, READY_WITHIN).isEqualTo("READY");
            System.out.printf("ReactiveBoostDTest: burst zone READY %.1f s after the burst started%n", Duration.between(burst, Instant.now()).toMillis() / 1000.0);
            long served = 0;
            Instant servedBy = Instant.now().plusSeconds(15); // every node acts on the plan it polls every plan_poll
            while (served < 30 && Instant.now().isBefore(servedBy))
            {
                long before = LongStream.of(PluginJmx.metricPerNode(cluster, "MirrorReads")).sum();
                for (int i = 0; i < 30; i++)
                    session.execute(read.bind("b7").setConsistencyLevel(DefaultConsistencyLevel.ONE));
                served = LongStream.of(PluginJmx.metricPerNode(cluster, "MirrorReads")).sum() - before;
            }
            assertThat(served).as("of 30 ONE reads of 'b7', answered from mirrors").isEqualTo(30);
        }
    }

    /** nodetool-ext hotzone disableautoboost on every node: the burst is still forecast, but nothing is planned until enabled. */
    @Test
    @Order(2)
    void withAutoBoostDisabledABurstIsForecastButNotBoosted(LocalCluster cluster) throws Exception
    {
        NodeToolRunner nodetool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
        try (CqlSession session = cluster.session())
        {
            PreparedStatement read = session.prepare("SELECT v FROM burst.items WHERE k = ?");
            try
            {
                for (Node n : cluster.nodes())
                    assertThat(nodetool.run(n, "hotzone", "disableautoboost").exitCode()).isZero();
                NodeToolRunner.Result status = nodetool.run(cluster.node(2), "hotzone", "statusautoboost");
                assertThat(status.output().trim()).as(status.output()).isEqualTo("not running");

                boolean forecast = false;
                Instant deadline = Instant.now().plusSeconds(90);
                while (!forecast && Instant.now().isBefore(deadline))
                {
                    Traffic.steady(session, read, "b", Duration.ofSeconds(1), "b3");
                    try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
                    {
                        forecast = jmx.bean.forecast("burst.items").stream().anyMatch(l -> l.contains("\t'b3'\tanomaly\t"));
                    }
                }
                assertThat(forecast).as("the burst on 'b3' forecast as an anomaly within 90 s").isTrue();
                Traffic.steady(session, read, "b", Duration.ofSeconds(10), "b3"); // two more cycles
                assertThat(HotZoneJmx.planZones(cluster.node(1))).as("no zone while auto-boost is off")
                                                                  .noneMatch(z -> z[1].equals("burst.items") && z[2].contains("'b3'"));
            }
            finally
            {
                for (Node n : cluster.nodes())
                    nodetool.run(n, "hotzone", "enableautoboost");
            }
            assertThat(nodetool.run(cluster.node(2), "hotzone", "statusautoboost").output().trim()).isEqualTo("running");
            boolean planned = false;
            Instant deadline = Instant.now().plusSeconds(60);
            while (!planned && Instant.now().isBefore(deadline))
            {
                Traffic.steady(session, read, "b", Duration.ofSeconds(1), "b3");
                planned = HotZoneJmx.planZones(cluster.node(1)).stream().anyMatch(z -> z[1].equals("burst.items") && z[2].contains("'b3'"));
            }
            assertThat(planned).as("planned once auto-boost is on again").isTrue();
        }
    }
}
