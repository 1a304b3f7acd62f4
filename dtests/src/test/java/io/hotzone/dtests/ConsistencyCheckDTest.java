package io.hotzone.dtests;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.hotzone.dtests.check.ConsistencyRun;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/hotzone check consistency}, short, on the boost dtests' 4-node cluster (which it stops afterwards):
 * no anomaly among the reads mirrors answered (normal-path reads are stock Cassandra's, counted apart), the mirrors
 * converge, the nemesis struck at least five times, and mirrors answered
 * thousands of the checked reads (so it cannot pass by falling back). With an event every 24 s most of the run is
 * spent recovering (a new zone or round takes 15 to 45 s here), so the share stays far below the 0.5 target:
 * measured 0.18 to 0.26; see docs/mirror-consistency.md.
 */
@Order(3)
@ExtendWith(BoostCluster.Resolver.class)
class ConsistencyCheckDTest
{
    private static BoostCluster boost;

    @BeforeAll
    static void start(BoostCluster shared)
    {
        boost = shared;
    }

    @AfterAll
    static void stop()
    {
        if (boost != null)
            boost.close(); // the last class on this cluster
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void mirrorReadsMatchTheAcknowledgedHistoryUnderFaults() throws Exception
    {
        ConsistencyRun.Report report = ConsistencyRun.run(boost.cluster, new ConsistencyRun.Settings(Duration.ofSeconds(150), Duration.ofSeconds(24), 40, 7),
                                                          line -> System.out.println("ConsistencyCheckDTest: " + line));
        System.out.print(report.table());
        System.out.println(report.json());
        assertThat(report.nemesisEvents).as("nemesis events").isGreaterThanOrEqualTo(5);
        assertThat(report.writes).as("writes").isGreaterThan(500);
        assertThat(report.anomalies).as("anomalies: %s", report.examples).isZero();
        assertThat(report.converged).as(report.convergence).isTrue();
        assertThat(report.mirrorReads).as("reads answered from mirrors").isGreaterThanOrEqualTo(1000);
        assertThat(report.mirrorReadShare()).as("share of reads answered from mirrors").isGreaterThanOrEqualTo(0.1);
    }
}
