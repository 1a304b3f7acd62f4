package io.hotzone.dtests;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.hotzone.dtests.cluster.LocalCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unannounced burst on one partition, after a minute and a half of steady traffic, is put into the plan by the
 * leader within a few cycles of showing up in the history, with nobody announcing or boosting anything. (Shared
 * cluster: cycle 4 s, history and forecast step 2 s.)
 */
@ExtendWith(SharedCluster.class)
class ReactiveBoostDTest
{
    @Test
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
            Traffic.steady(session, read, "b", Duration.ofSeconds(90));

            Instant burst = Instant.now();
            String[] zone = null;
            // Alone it takes one cycle; in the full suite the leader may first be training this table's model (first forecast
            // with enough history), which on 2 loaded cores can take tens of seconds.
            Instant deadline = burst.plusSeconds(90);
            while (zone == null && Instant.now().isBefore(deadline))
            {
                Traffic.steady(session, read, "b", Duration.ofSeconds(1), "b7");
                for (String[] z : HotZoneJmx.planZones(cluster.node(1)))
                    if (z[1].equals("burst.items") && z[2].equals("'b7'"))
                        zone = z;
            }
            String forecast, top;
            try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
            {
                forecast = String.join("\n", jmx.bean.forecast("burst.items"));
                top = String.join("\n", jmx.bean.topPartitions("burst.items", 10, 5));
            }
            assertThat(zone).as("a plan zone for the burst on 'b7' within 90 s of its start; forecast:%n%s%ntop (10 s):%n%s", forecast, top).isNotNull();
            System.out.printf("ReactiveBoostDTest: burst planned %.1f s after it started: %s%n",
                              Duration.between(burst, Instant.now()).toMillis() / 1000.0, String.join(" ", zone));
            assertThat(zone[5]).as("origin").isEqualTo("forecast");
        }
    }
}
