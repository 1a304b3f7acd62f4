package io.hotzone.dtests;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;

import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole loop on the shared cluster, nobody boosting by hand: an announced campaign is forecast, the leader puts
 * the forecast zone into the plan, and the zone is copied and READY before the campaign starts, its nodes holding the
 * reserved hot values (resources.auto switched on; dtest-hotzone.yaml's {@code resources.hot}); then the campaign's
 * ONE reads are answered from mirrors, and after the campaign the zone ends, its mirror space is reclaimed and every
 * node is back to its own settings. In the same window a token range of another table is announced: no partition in it
 * is hot on its own, the range forecast chooses a range mirror, and the leader's range zone is READY before the start
 * too and answers the range's reads.
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
            List<String> inRange = catalog(session);
            PreparedStatement browse = session.prepare("SELECT v FROM deals.catalog WHERE k = ?");
            AtomicBoolean browsing = new AtomicBoolean(true);
            // The catalogue is read until the announcement, a few reads per history step on each sub-range of the range
            // and a fraction of one on each of its keys: that is the history its forecast starts from.
            Thread browser = new Thread(() -> {
                while (browsing.get())
                {
                    try
                    {
                        session.execute(browse.bind(inRange.get(ThreadLocalRandom.current().nextInt(inRange.size()))));
                        Thread.sleep(80);
                    }
                    catch (InterruptedException e)
                    {
                        return;
                    }
                    catch (RuntimeException e)
                    {
                        // a read that timed out on the loaded machine; the next one follows
                    }
                }
            }, "catalog-browser");
            browser.setDaemon(true);
            browser.start();
            Traffic.steady(session, read, "p", Duration.ofSeconds(10)); // some history for the tables

            long[] compactionBaselines = cluster.nodes().stream().mapToLong(PredictiveBoostDTest::compactionThroughput).toArray();
            for (Node n : cluster.nodes())
                PluginJmx.call(n, hz -> { hz.setAutoReserve(true); return null; });
            try
            {
                campaign(cluster, session, read, browse, inRange.get(0), () -> stop(browsing, browser), compactionBaselines);
            }
            finally
            {
                stop(browsing, browser);
                for (Node n : cluster.nodes())
                    PluginJmx.call(n, hz -> { hz.setAutoReserve(false); return null; });
            }
        }
    }

    private static void stop(AtomicBoolean browsing, Thread browser)
    {
        browsing.set(false);
        browser.interrupt();
        try
        {
            browser.join(30_000);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** A 32nd of the ring, sub-ranges 128 to 135 of the capture's 256 (boundaries at multiples of 2^56). */
    private static final long RANGE_START = 0, RANGE_END = (1L << 59) - 1;

    /** Creates deals.catalog with 200 keys whose tokens lie in the range, and returns them. */
    private static List<String> catalog(CqlSession session)
    {
        session.execute("CREATE TABLE IF NOT EXISTS deals.catalog (k text PRIMARY KEY, v int)");
        TokenMap tokens = session.getMetadata().getTokenMap().orElseThrow();
        PreparedStatement write = session.prepare("INSERT INTO deals.catalog (k, v) VALUES (?, ?)");
        List<String> in = new ArrayList<>();
        for (int i = 0; in.size() < 200; i++)
        {
            String k = "c" + i;
            long t = Long.parseLong(tokens.format(tokens.newToken(TypeCodecs.TEXT.encode(k, session.getContext().getProtocolVersion()))));
            if (t >= RANGE_START && t <= RANGE_END)
            {
                in.add(k);
                session.execute(write.bind(k, i).setConsistencyLevel(DefaultConsistencyLevel.ALL));
            }
        }
        return in;
    }

    private static long compactionThroughput(Node n)
    {
        return PluginJmx.attribute(n, "org.apache.cassandra.db:type=StorageService", "CompactionThroughputMbPerSec");
    }

    private static void campaign(LocalCluster cluster, CqlSession session, PreparedStatement read, PreparedStatement browse, String rangeKey,
                                 Runnable stopBrowsing, long[] compactionBaselines) throws Exception
    {
        {
            Instant start = Instant.now().plusSeconds(45).truncatedTo(ChronoUnit.SECONDS), end = start.plusSeconds(20);
            // The catalogue's day starts 10 s earlier: its zone is planned and copied before the deal's (2 cores).
            Instant rangeStart = start.minusSeconds(10);
            try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
            {
                jmx.bean.addEvents("csv", false, "id,name,start,end,table,keys,token_range,multiplier\n"
                                                 + "deal-day,Deal of the day," + start + "," + end + ",deals.items,'deal',,20\n"
                                                 + "catalog-day,Catalogue day," + rangeStart + "," + end + ",deals.catalog,," + RANGE_START + ".." + RANGE_END + ",20\n");
            }
            stopBrowsing.run(); // the range's history is there; the announcement alone makes it hot now
            Optional<String[]> ready = Optional.empty(), rangeReady = Optional.empty();
            Instant readyAt = null, rangeReadyAt = null;
            String last = "", lastRange = "";
            while ((ready.isEmpty() || rangeReady.isEmpty()) && Instant.now().isBefore(start))
            {
                Traffic.steady(session, read, "p", Duration.ofMillis(500));
                for (String[] z : HotZoneJmx.planZones(cluster.node(1)))
                    if (z[1].equals("deals.items") && z[2].equals("'deal'"))
                    {
                        last = String.join(" ", z);
                        if (z[3].equals("READY") && ready.isEmpty())
                        {
                            ready = Optional.of(z);
                            readyAt = Instant.now();
                        }
                    }
                    else if (z[1].equals("deals.catalog"))
                    {
                        lastRange = String.join(" ", z);
                        if (z[3].equals("READY") && rangeReady.isEmpty())
                        {
                            rangeReady = Optional.of(z);
                            rangeReadyAt = Instant.now();
                        }
                    }
            }
            String forecast, ranges;
            try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
            {
                forecast = String.join("\n", jmx.bean.forecast("deals.items"));
                ranges = String.join("\n", jmx.bean.rangeForecast("deals.catalog"));
            }
            assertThat(ready).as("a READY zone for 'deal' before the campaign starts at %s; last plan row: %s; forecast:%n%s", start, last, forecast).isPresent();
            assertThat(rangeReady).as("a READY range zone of deals.catalog before the campaign starts at %s; last plan row: %s; range forecast:%n%s",
                                      start, lastRange, ranges).isPresent();
            // The margins, printed: announcement to READY has to fit in the horizon (10 steps of 2 s here) minus warming.
            System.out.printf("PredictiveBoostDTest: 'deal' READY %.1f s before the campaign started; range zone %s READY %.1f s before its start%n",
                              Duration.between(readyAt, start).toMillis() / 1000.0, String.join(" ", rangeReady.get()),
                              Duration.between(rangeReadyAt, rangeStart).toMillis() / 1000.0);
            assertThat(readyAt).as("'deal' READY before the campaign").isBefore(start);
            assertThat(rangeReadyAt).as("the range zone READY before the catalogue's day").isBefore(rangeStart);
            assertThat(ready.get()[5]).as("origin").isEqualTo("forecast");
            assertThat(rangeReady.get()[5]).as("origin").isEqualTo("forecast");
            assertThat(HotZoneJmx.planZones(cluster.node(1))).as("zones of deals.catalog: the range zone alone holds its partitions")
                                                             .filteredOn(z -> z[1].equals("deals.catalog")).hasSize(1);
            assertThat(rangeReady.get()[2]).as("a token range holding the announced one").startsWith("tokens ");
            assertThat(rangeReady.get()[2]).as("the announced range: whole capture sub-ranges 128 to 135")
                                           .isEqualTo("tokens " + RANGE_START + ".." + RANGE_END);
            // Reserved from resources.lead (20 s) before the window: every node serves the zone (all are mirror replicas).
            for (Node n : cluster.nodes())
                while (compactionThroughput(n) != 5)
                {
                    assertThat(Instant.now()).as("hot compaction throughput on %s before the campaign starts", n).isBefore(start);
                    Thread.sleep(200);
                }
            System.out.printf("PredictiveBoostDTest: every node reserved %.1f s before the campaign started%n", Duration.between(Instant.now(), start).toMillis() / 1000.0);

            // The campaign's ONE reads are answered from mirrors (every node holds one), once each node has read the plan;
            // counted with no other reads going on.
            PluginJmx.awaitZonesReady(cluster, Duration.ofSeconds(30));
            long before = LongStream.of(PluginJmx.metricPerNode(cluster, "MirrorReads")).sum();
            for (int i = 0; i < 30; i++)
                session.execute(read.bind("deal").setConsistencyLevel(DefaultConsistencyLevel.ONE));
            assertThat(LongStream.of(PluginJmx.metricPerNode(cluster, "MirrorReads")).sum() - before).isEqualTo(30);
            long browsed = LongStream.of(PluginJmx.metricPerNode(cluster, "MirrorReads")).sum();
            for (int i = 0; i < 30; i++)
                session.execute(browse.bind(rangeKey).setConsistencyLevel(DefaultConsistencyLevel.ONE));
            assertThat(LongStream.of(PluginJmx.metricPerNode(cluster, "MirrorReads")).sum() - browsed)
                .as("ONE reads of %s in the range answered from mirrors", rangeKey).isEqualTo(30);
            // An operator unboosting one of its partitions by key ends the range zone that holds it.
            try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(2)))
            {
                assertThat(jmx.bean.unboost("deals.catalog", List.of("'" + rangeKey + "'"))).containsExactly(rangeReady.get()[0]);
            }

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
