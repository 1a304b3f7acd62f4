package io.hotzone.dtests;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole loop on the shared cluster, nobody boosting by hand: an announced campaign is forecast, the leader puts
 * the forecast zone into the plan, and the zone is copied and READY before the campaign starts, its nodes holding the
 * reserved hot values (resources.auto switched on; dtest-hotzone.yaml's {@code resources.hot}); then the campaign's
 * ONE reads are answered from mirrors, and after the campaign the zone ends, its mirror space is reclaimed and every
 * node is back to its own settings.
 */
@ExtendWith(SharedCluster.class)
class PredictiveBoostDTest
{
    @Test
    void anAnnouncedCampaignIsBoostedBeforeItStartsAndReclaimedAfterItEnds(LocalCluster cluster) throws Exception
    {
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS deals WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            session.execute("CREATE TABLE IF NOT EXISTS deals.items (k text PRIMARY KEY, v int)");
            PreparedStatement write = session.prepare("INSERT INTO deals.items (k, v) VALUES (?, ?)");
            for (int i = 0; i < 20; i++)
                session.execute(write.bind("p" + i, i).setConsistencyLevel(DefaultConsistencyLevel.ALL));
            session.execute(write.bind("deal", 1).setConsistencyLevel(DefaultConsistencyLevel.ALL));
            PreparedStatement read = session.prepare("SELECT v FROM deals.items WHERE k = ?");
            Traffic.steady(session, read, "p", Duration.ofSeconds(10)); // some history for the table

            long[] compactionBaselines = cluster.nodes().stream().mapToLong(PredictiveBoostDTest::compactionThroughput).toArray();
            for (Node n : cluster.nodes())
                PluginJmx.call(n, hz -> { hz.setAutoReserve(true); return null; });
            try
            {
                campaign(cluster, session, read, compactionBaselines);
            }
            finally
            {
                for (Node n : cluster.nodes())
                    PluginJmx.call(n, hz -> { hz.setAutoReserve(false); return null; });
            }
        }
    }

    private static long compactionThroughput(Node n)
    {
        return PluginJmx.attribute(n, "org.apache.cassandra.db:type=StorageService", "CompactionThroughputMbPerSec");
    }

    private static void campaign(LocalCluster cluster, CqlSession session, PreparedStatement read, long[] compactionBaselines) throws Exception
    {
        {
            Instant start = Instant.now().plusSeconds(45).truncatedTo(ChronoUnit.SECONDS), end = start.plusSeconds(20);
            try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
            {
                jmx.bean.addEvents("csv", false, "id,name,start,end,table,keys,multiplier\ndeal-day,Deal of the day," + start + "," + end + ",deals.items,'deal',20\n");
            }
            Optional<String[]> ready = Optional.empty();
            String last = "";
            while (ready.isEmpty() && Instant.now().isBefore(start))
            {
                Traffic.steady(session, read, "p", Duration.ofSeconds(1));
                for (String[] z : HotZoneJmx.planZones(cluster.node(1)))
                    if (z[1].equals("deals.items") && z[2].equals("'deal'"))
                    {
                        last = String.join(" ", z);
                        if (z[3].equals("READY"))
                            ready = Optional.of(z);
                    }
            }
            String forecast;
            try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
            {
                forecast = String.join("\n", jmx.bean.forecast("deals.items"));
            }
            assertThat(ready).as("a READY zone for 'deal' before the campaign starts at %s; last plan row: %s; forecast:%n%s", start, last, forecast).isPresent();
            assertThat(Instant.now()).isBefore(start);
            // The margin, printed: announcement to READY has to fit in the horizon (10 steps of 2 s here) minus warming.
            System.out.printf("PredictiveBoostDTest: 'deal' READY %.1f s before the campaign started%n", Duration.between(Instant.now(), start).toMillis() / 1000.0);
            assertThat(ready.get()[5]).as("origin").isEqualTo("forecast");
            // Reserved from resources.lead (20 s) before the window: every node serves the zone (all are mirror replicas).
            for (Node n : cluster.nodes())
                while (compactionThroughput(n) != 5)
                {
                    assertThat(Instant.now()).as("hot compaction throughput on %s before the campaign starts", n).isBefore(start);
                    Thread.sleep(200);
                }
            System.out.printf("PredictiveBoostDTest: every node reserved %.1f s before the campaign started%n", Duration.between(Instant.now(), start).toMillis() / 1000.0);

            // The campaign's ONE reads are answered from mirrors (every node holds one), once each node has read the plan.
            PluginJmx.awaitZonesReady(cluster, Duration.ofSeconds(30));
            long before = LongStream.of(PluginJmx.metricPerNode(cluster, "MirrorReads")).sum();
            for (int i = 0; i < 30; i++)
                session.execute(read.bind("deal").setConsistencyLevel(DefaultConsistencyLevel.ONE));
            assertThat(LongStream.of(PluginJmx.metricPerNode(cluster, "MirrorReads")).sum() - before).isEqualTo(30);

            // After the campaign the zone ends by itself and its mirror table is dropped.
            String id = ready.get()[0];
            Instant gone = end.plusSeconds(120);
            String state = "READY";
            while (!state.equals("GONE") && Instant.now().isBefore(gone))
            {
                Traffic.steady(session, read, "p", Duration.ofSeconds(1));
                state = HotZoneJmx.planZones(cluster.node(1)).stream().filter(z -> z[0].equals(id)).map(z -> z[3]).findFirst().orElse("GONE");
            }
            assertThat(state).as("zone %s after the campaign ended at %s", id, end).isEqualTo("GONE");
            assertThat(session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'hotzone_mirror' AND table_name = ?", id).all())
                .as("mirror table dropped").isEmpty();
            Instant restored = Instant.now().plusSeconds(15);
            for (int i = 0; i < compactionBaselines.length; i++)
                while (compactionThroughput(cluster.nodes().get(i)) != compactionBaselines[i])
                {
                    assertThat(Instant.now()).as("%s back to its own compaction throughput after the zone", cluster.nodes().get(i)).isBefore(restored);
                    Thread.sleep(200);
                }
        }
    }
}
