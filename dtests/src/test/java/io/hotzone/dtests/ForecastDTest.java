package io.hotzone.dtests;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The leader forecasts an announced campaign as a hot zone before it starts; when the leader is killed another node
 * takes the lease and the cycle goes on. (Shared cluster settings: cycle 4 s, forecast step 2 s, horizon 10 steps,
 * lease 12 s.)
 */
@ExtendWith(SharedCluster.class)
@Order(Integer.MAX_VALUE - 1)
class ForecastDTest
{
    private static Optional<String[]> zone(LocalCluster cluster, String segment) throws Exception
    {
        for (Node n : cluster.nodes())
        {
            if (!n.isRunning())
                continue;
            try (HotZoneJmx jmx = new HotZoneJmx(n))
            {
                for (String line : jmx.bean.forecast("promo.items"))
                {
                    String[] f = line.split("\t");
                    if (f[2].equals(segment))
                        return Optional.of(f);
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Test
    void anAnnouncedCampaignIsForecastBeforeItStartsAndTheLeaderFailsOver(LocalCluster cluster) throws Exception
    {
        assumeFalse(cluster.isExternal(), "kills the leader: only on a cluster the harness started");
        Node killed = null;
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS promo WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            session.execute("CREATE TABLE IF NOT EXISTS promo.items (k text PRIMARY KEY, v int)");
            PreparedStatement read = session.prepare("SELECT v FROM promo.items WHERE k = ?");
            Traffic.steady(session, read, "i", Duration.ofSeconds(12)); // some history for the table

            Instant start = Instant.now().plusSeconds(16).truncatedTo(ChronoUnit.SECONDS), end = start.plusSeconds(60);
            try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
            {
                jmx.bean.addEvents("csv", false, "id,name,start,end,table,keys,multiplier\nflash,Flash sale," + start + "," + end + ",promo.items,'flash',20\n");
            }
            Optional<String[]> zone = Optional.empty();
            while (zone.isEmpty() && Instant.now().isBefore(start))
            {
                Traffic.steady(session, read, "i", Duration.ofSeconds(1));
                zone = zone(cluster, "'flash'");
            }
            Instant seen = Instant.now();
            assertThat(zone).as("a zone for 'flash' before the campaign starts at " + start).isPresent();
            assertThat(seen).isBefore(start);
            String[] f = zone.get();
            assertThat(f[3]).isEqualTo("event");
            Instant predictedStart = Instant.parse(f[5]);
            assertThat(predictedStart).isBetween(start.minusSeconds(2), start);
            // The announcement made it hot: 20x the table's usual level per key ('flash' has no history of its own), at
            // least the hot threshold, and no key without an event is named for one.
            double peak = Double.parseDouble(f[6]), threshold = Double.parseDouble(f[7]);
            assertThat(peak).as("predicted peak of 'flash' against its threshold %s", threshold).isGreaterThanOrEqualTo(threshold).isPositive();
            try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
            {
                assertThat(jmx.bean.forecast("promo.items")).filteredOn(l -> l.split("\t")[3].equals("event"))
                                                             .extracting(l -> l.split("\t")[2]).containsOnly("'flash'");
            }

            NodeToolRunner.Result printed = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir())
                                                .run(cluster.node(2), "hotzone", "forecast", "promo.items");
            assertThat(printed.exitCode()).as(printed.output()).isZero();
            assertThat(printed.output()).containsPattern("promo\\.items\\s+\\d+\\s+'flash'\\s+event\\s+");

            // Feedback: once a forecast's horizon (20 s) has passed, the leader scores it.
            String leader = f[10];
            List<com.datastax.oss.driver.api.core.cql.Row> scores = List.of();
            Instant scoresBy = Instant.now().plusSeconds(45);
            while (scores.isEmpty() && Instant.now().isBefore(scoresBy))
            {
                Traffic.steady(session, read, "i", Duration.ofSeconds(1));
                scores = Cql.onNode(session, leader, "SELECT forecasts_scored, precision, recall, f1, mae_log, challengers_compared, challengers_won "
                                                               + "FROM hotzone_views.scores WHERE table_name = 'promo.items'");
            }
            assertThat(scores).as("scores on the leader").hasSize(1);
            assertThat(scores.get(0).getLong("forecasts_scored")).isPositive();
            assertThat(scores.get(0).getDouble("mae_log")).isGreaterThanOrEqualTo(0);
            // retrain_every is 1h here: every model so far was a first one (or retrained on changed history), never compared
            assertThat(scores.get(0).getLong("challengers_compared")).isZero();

            // Kill the leader: another node takes the lease once it expires, and forecasts keep coming.
            killed = cluster.nodes().stream().filter(n -> n.address().equals(leader)).findFirst().orElseThrow();
            Instant killedAt = Instant.now();
            killed.kill();
            Instant deadline = killedAt.plusSeconds(60);
            String newLeader = null;
            while (newLeader == null && Instant.now().isBefore(deadline))
            {
                Thread.sleep(1000);
                Optional<String[]> z = zone(cluster, "'flash'");
                if (z.isPresent() && Instant.parse(z.get()[9]).isAfter(killedAt) && !z.get()[10].equals(leader))
                    newLeader = z.get()[10];
            }
            assertThat(newLeader).as("a new leader within 60 s of killing " + leader).isNotNull();
            String elected = newLeader;
            try (HotZoneJmx jmx = new HotZoneJmx(cluster.nodes().stream().filter(n -> n.address().equals(elected)).findFirst().orElseThrow()))
            {
                assertThat(jmx.bean.getRole()).isEqualTo("leader");
                jmx.bean.removeEvent("flash");
            }
        }
        finally
        {
            if (killed != null && !killed.isRunning())
            {
                killed.start();
                killed.waitForCql(LocalCluster.START_TIMEOUT);
                PluginJmx.awaitSettled(killed, Duration.ofSeconds(120));
            }
        }
    }
}
