package io.hotzone.tools.simulate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model's arithmetic on small clusters where the answer is known, and the command's JSON and errors. */
class SimulationTest
{
    private static SimulationSettings small()
    {
        SimulationSettings s = new SimulationSettings();
        s.nodes = 12;
        s.rf = 3;
        s.vnodes = 1;
        s.partitions = 2000;
        s.tables = 1;
        s.clients = 100;
        s.clientRate = 100;
        s.readShare = 1.0;
        s.zones = 1;
        s.zipf = 0;
        s.campaigns = Map.of(1, 3000.0); // one partition with 3000 x the others' reads: 60 % of all
        return s;
    }

    @Test
    void oneHotPartitionMeltsItsReplicasAndItsMirrorsSpreadIt()
    {
        SimulationSettings s = small();
        s.mirrorSizing = "every-node";
        Simulation sim = Simulation.run(s, 0.1);
        // stock: 60 % of the reads on 3 of 12 nodes; HotZone: that share on all 12
        assertThat(ClientLoad.maxOverMean(sim.load.stock)).isGreaterThan(2.4);
        assertThat(ClientLoad.maxOverMean(sim.load.hotzone)).isLessThan(1.15);
        assertThat(sim.throughputRatio()).isGreaterThan(2.2);
        assertThat(sim.load.mirrors[0]).isEqualTo(12);
    }

    @Test
    void aSizedMirrorHasWhatThePredictedReadsNeedWithItsHeadroomAndNoMore()
    {
        SimulationSettings s = small();
        s.replicaReadsPerSecond = 1100; // the hot partition gets 6 001 reads/s: 5.5 -> 6 replicas needed, 6.8 -> 7 with 1.25 headroom
        Simulation sim = Simulation.run(s, 0.1);
        assertThat(sim.load.needed[0]).isEqualTo(6);
        assertThat(sim.load.mirrors[0]).isEqualTo(7);
        assertThat(sim.mirrorBytesOverNeeded()).isCloseTo(7 / 6.0, org.assertj.core.data.Offset.offset(1e-9));
        s.mirrorSizing = "every-node";
        assertThat(Simulation.run(s, 0.1).mirrorBytesOverNeeded()).as("every node: 12 of the 6 needed").isEqualTo(2.0);
        s.mirrorSizing = "load";
        s.mirrorCeiling = 4;
        assertThat(Simulation.run(s, 0.1).load.mirrors[0]).as("the ceiling").isEqualTo(4);
        s.mirrorCeiling = 0;
        s.readShare = 0.5; // 3 000 writes/s would reach every mirror replica, more than one serves: not boosted
        assertThat(Simulation.run(s, 0.1).load.mirrors[0]).as("a write-hot zone").isZero();
        s.readShare = 0.9; // 600 writes/s: each replica has 880 - 600 = 280 reads/s of room, 5 401 reads need 20 -> the DC's 12
        assertThat(Simulation.run(s, 0.1).load.mirrors[0]).isEqualTo(12);
    }

    @Test
    void aZoneItsOwnReplicasServeIsNotBoosted()
    {
        SimulationSettings s = small();
        s.replicaReadsPerSecond = 5000; // 6 001 reads/s over 3 replicas: 2 000 each, within 5 000 / 1.25
        Simulation sim = Simulation.run(s, 0.1);
        assertThat(sim.boosted()).isZero();
        assertThat(sim.load.hotzone).as("nothing routed elsewhere: the stock load").containsExactly(sim.load.stock, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(sim.mirrorBytes()).isZero();
    }

    @Test
    void nodeLeaseReadsOnOnePartitionConcentrateAndPerNodePartitionsSpreadThem()
    {
        SimulationSettings s = small();
        s.nodes = 200;
        s.vnodes = 16;
        s.clients = 1000;
        Simulation sim = Simulation.run(s, 0.1);
        double built = ClientLoad.maxOverMean(sim.plan.get("built").perNode), perNode = ClientLoad.maxOverMean(sim.plan.get("per-node").perNode);
        assertThat(built).as("every node renews on the plan and fence partitions' 3 replicas").isGreaterThan(20);
        assertThat(perNode).as("each node's partition keyed to its own ranges").isLessThan(2);
        assertThat(sim.plan.get("before").requests).as("sessions poll every 5 s instead of backing off")
                                                   .isGreaterThan(sim.plan.get("built").requests);
    }

    @Test
    void theLeaderCycleGrowsWithNodesAndTables()
    {
        SimulationSettings s = small();
        s.partitions = 100_000;
        s.tables = 10;
        LeaderCost twelve = LeaderCost.compute(s, 0.1);
        // 12 nodes x 10 tables x one row a cycle x 1 000 keys; 10 tables x 1 000 segments at 41 us
        assertThat(twelve.mergedKeysPerCycle).isEqualTo(120_000);
        assertThat(twelve.cycleSeconds).isCloseTo(0.012 + 0.41, org.assertj.core.data.Offset.offset(1e-9));
        s.nodes = 120;
        LeaderCost hundredTwenty = LeaderCost.compute(s, 0.1);
        assertThat(hundredTwenty.mergedKeysPerCycle).as("the merge grows with the nodes").isEqualTo(1_200_000);
        assertThat(hundredTwenty.segmentsPerCycle).as("the forecast does not: top-K segments per table").isEqualTo(twelve.segmentsPerCycle);
        assertThat(LeaderCost.measureMergeMicrosPerKey(4, 200)).isPositive();
    }

    @Test
    void theCommandEndsWithTheJsonTheIssueAsksForAndValidatesAgainstABenchLine(@TempDir Path dir) throws Exception
    {
        Path bench = dir.resolve("bench.out");
        Files.writeString(bench, "some table\n{\"bench\": \"arms\", \"nodes\": 4, \"rf\": 2, \"replicas_per_dc\": 0, \"throughput_ratio_vs_stock\": 2.5, "
                                 + "\"hot_share_max_over_mean\": {\"stock\": 2.0, \"reactive\": 1.5, \"predictive\": 1.25, \"reserve\": 1.2}}\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = new SimulateCommand(Map.of("--nodes", "40", "--partitions", "5000", "--clients", "100", "--zones", "10", "--tables", "2",
                                                "--merge-cost-us", "0.1", "--validate", bench.toString()))
                         .run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        for (String field : new String[]{ "plan_request_share", "plan_request_max_over_mean", "mirror_bytes_over_needed", "leader_cycle_over_lease", "validation_error" })
            assertThat(json.get(field).isNumber()).as(field).isTrue();
        // the model: stock 4/2 = 2.0 (exact), predictive 4/4 = 1.0 against 1.25, ratio 2.0 against 2.5: the larger error is 0.2
        assertThat(json.get("validation_error").asDouble()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void badOptionsAreRefusedWithTheirName()
    {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new SimulateCommand(Map.of("--nodes", "many")).run(out)).hasMessageContaining("--nodes takes a number");
        assertThatThrownBy(() -> new SimulateCommand(Map.of("--rf", "0")).run(out)).hasMessageContaining("--rf must be between 1 and 16");
        assertThatThrownBy(() -> new SimulateCommand(Map.of("--design", "magic")).run(out)).hasMessageContaining("--design is one of");
        assertThatThrownBy(() -> new SimulateCommand(Map.of("--nodez", "3")).run(out)).hasMessageContaining("unknown option --nodez");
    }
}
