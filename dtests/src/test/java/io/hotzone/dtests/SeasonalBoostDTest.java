package io.hotzone.dtests;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.CqlSession;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A weekly peak that only the history knows about: four weeks of hourly history are imported in which one store
 * gets twenty times its usual reads every week at the same hour, and that hour comes again three hours from now. With
 * no event announced and nobody boosting, the leader forecasts the peak and the zone is READY hours before it. (Own
 * 2-node cluster on 127.0.0.21–22: hourly steps, unlike the shared cluster's time-compressed ones. Runs right after
 * BoostDTest, before the shared cluster starts: with RF 2 the lease's LWT needs both nodes, which a loaded machine
 * with five other nodes running made flap.)
 */
@Order(4)
class SeasonalBoostDTest
{
    // A 10 s cycle: each one reads four weeks of hourly history partitions, and the peak is hours away anyway.
    private static final String YAML = "bucket: 1s\ncycle: 10s\nhistory:\n  step: 1h\n  ttl: 40d\nforecast:\n  step: 1h\n  horizon_steps: 6\n"
                                       + "  history: 29d\n  lease_ttl: 30s\nboost:\n  plan_poll: 1s\n";
    private static final int STORES = 30, PEAK_STORE = 7, WEEKS = 4, PEAK_HOURS = 3;

    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception
    {
        ClusterSpec spec = ClusterSpec.of("hz-seasonal", 2).withFirstAddress(21);
        spec = spec.withHotzoneYamlOnAll(YAML);
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
    void aWeeklyPeakInTheHistoryIsBoostedBeforeItWithoutAnyEvent() throws Exception
    {
        Instant peak = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(3, ChronoUnit.HOURS);
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE weekly WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            session.execute("CREATE TABLE weekly.stores (store text PRIMARY KEY, stock int)");
            for (int s = 0; s < STORES; s++)
                session.execute("INSERT INTO weekly.stores (store, stock) VALUES ('s" + s + "', " + s + ")");
        }
        String imported = PluginJmx.call(cluster.node(1), hz -> hz.importHistory("weekly.stores", history(peak)));
        assertThat(imported).contains("over " + (WEEKS * 7 * 24 - 1) + " steps of 1h");
        assertThat(PluginJmx.<List<String>>call(cluster.node(1), hz -> hz.listEvents("", true))).as("no event announced").isEmpty();

        String[] zone = null;
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline) && (zone == null || !zone[3].equals("READY")))
        {
            zone = HotZoneJmx.planZones(cluster.node(1)).stream().filter(z -> z[1].equals("weekly.stores")).findFirst().orElse(null);
            Thread.sleep(500);
        }
        String forecast = String.join("\n", PluginJmx.<List<String>>call(cluster.node(1), hz -> hz.forecast("weekly.stores")));
        StringBuilder roles = new StringBuilder();
        for (Node n : cluster.nodes())
            roles.append(PluginJmx.<String>call(n, hz -> n + " " + hz.getRole() + " last error: " + hz.getLastError())).append('\n');
        String top = String.join("\n", PluginJmx.<List<String>>call(cluster.node(1), hz -> hz.topPartitions("weekly.stores", 29L * 86400, 3)));
        assertThat(zone).as("a zone for weekly.stores within 3 minutes; forecast:%n%s%nnodes:%n%stop over 29 days:%n%s", forecast, roles, top)
                        .isNotNull();
        assertThat(zone[3]).as("state; forecast:%n%s", forecast).isEqualTo("READY");
        assertThat(HotZoneJmx.planZones(cluster.node(1))).as("zones of weekly.stores: only the store with the weekly peak")
                                                         .filteredOn(z -> z[1].equals("weekly.stores")).extracting(z -> z[2])
                                                         .containsExactly("'s" + PEAK_STORE + "'");
        assertThat(zone[5]).as("origin").isEqualTo("forecast");
        // READY hours ahead (the peak is 2 to 3 h away, this test takes minutes) is only worth something if the forecast
        // put the peak where it is: its hour, not now, and the zone lasting through the peak's three hours.
        String[] named = forecast.lines().map(l -> l.split("\t")).filter(f -> f[2].equals("'s" + PEAK_STORE + "'")).findFirst().orElse(null);
        assertThat(named).as("the forecast names 's%d'; forecast:%n%s", PEAK_STORE, forecast).isNotNull();
        assertThat(named[3]).as("reason").isEqualTo("seasonal");
        assertThat(Instant.parse(named[5])).as("predicted start of the peak").isEqualTo(peak);
        assertThat(Instant.parse(zone[7])).as("zone end").isAfterOrEqualTo(peak.plus(PEAK_HOURS, ChronoUnit.HOURS));
        // The leader's serving choice: nothing turned hot in the last day it validates on, so no method can be told
        // apart there, and the model's zones serve together with the keys hot now (the reactive rule alone would have
        // named no zone at all).
        String leader = named[10];
        try (CqlSession session = cluster.session())
        {
            com.datastax.oss.driver.api.core.cql.Row scores = Cql.onNode(session, leader, "SELECT served, served_why FROM hotzone_views.scores "
                                                                                          + "WHERE table_name = 'weekly.stores'").get(0);
            assertThat(scores.getString("served")).as(scores.getString("served_why")).isEqualTo("model+reactive");
            assertThat(scores.getString("served_why")).contains("reactive 0.000").contains("validation steps");
        }
        Node leaderNode = cluster.nodes().stream().filter(n -> n.address().equals(leader)).findFirst().orElseThrow();
        NodeToolRunner.Result printed = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir())
            .run(leaderNode, "hotzone", "forecast", "weekly.stores");
        assertThat(printed.output()).as("nodetool-ext hotzone forecast on the leader").contains("Served weekly.stores: model+reactive zones; ");
        System.out.printf("SeasonalBoostDTest: zone READY %.1f h before the weekly peak at %s: %s%n",
                          Duration.between(Instant.now(), peak).toMinutes() / 60.0, peak, String.join(" ", zone));
    }

    /**
     * Four weeks of hourly reads up to the last complete hour: every store busier by day than by night (never twice
     * its median), and store 7 at twenty times its usual level for three hours every week at the peak's hour.
     */
    private static String history(Instant peak)
    {
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        Instant from = to.minus(WEEKS * 7L * 24 - 2, ChronoUnit.HOURS);
        StringBuilder csv = new StringBuilder("key,t,count\n");
        for (Instant t = from; !t.isAfter(to); t = t.plus(1, ChronoUnit.HOURS))
        {
            int hour = t.atZone(java.time.ZoneOffset.UTC).getHour();
            long hoursBack = Duration.between(t, peak).toHours();
            boolean inPeak = hoursBack % (7 * 24) == 0 || (hoursBack % (7 * 24)) > 7 * 24 - PEAK_HOURS;
            for (int s = 0; s < STORES; s++)
            {
                long reads = 40 + (hour >= 9 && hour < 19 ? 30 : 0) + s % 5;
                if (s == PEAK_STORE && inPeak)
                    reads *= 20;
                csv.append('s').append(s).append(',').append(t).append(',').append(reads).append('\n');
            }
        }
        return csv.toString();
    }
}
