package io.hotzone.tools.simulate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;
import io.hotzone.history.TopMerge;

/**
 * The leader's CPU per cycle: merging every node's history rows of the cycle (one row per node, table and
 * {@code history.step}, each with up to {@code keys_per_row} keys) and forecasting each table's segments (at most
 * {@code keys_per_row} per table: the merged top). The merge cost per key is measured here, on HotZone's own merge
 * ({@link TopMerge}); the cost per forecast segment comes from {@code bin/hotzone bench forecast}. Reading the rows
 * (LOCAL_QUORUM) and writing the forecasts are not counted.
 */
final class LeaderCost
{
    final double mergeMicrosPerKey;
    final double mergedKeysPerCycle;
    final double segmentsPerCycle;
    final double cycleSeconds;

    private LeaderCost(double mergeMicrosPerKey, double mergedKeysPerCycle, double segmentsPerCycle, double cycleSeconds)
    {
        this.mergeMicrosPerKey = mergeMicrosPerKey;
        this.mergedKeysPerCycle = mergedKeysPerCycle;
        this.segmentsPerCycle = segmentsPerCycle;
        this.cycleSeconds = cycleSeconds;
    }

    static LeaderCost compute(SimulationSettings s, double mergeMicrosPerKey)
    {
        double keysPerRow = Math.min(s.keysPerRow, Math.max(1, (double) s.partitions / s.tables));
        double rows = (double) s.nodes * s.tables * Math.max(1, s.cycleSeconds / s.historyStepSeconds);
        double merged = rows * keysPerRow, segments = (double) s.tables * keysPerRow;
        double seconds = (merged * mergeMicrosPerKey + segments * s.segmentCostMicros) / 1e6;
        return new LeaderCost(mergeMicrosPerKey, merged, segments, seconds);
    }

    /**
     * Times {@link TopMerge#merge} of {@code parts} snapshots of {@code keys} keys each (overlapping by half, as nodes
     * see the same hot keys) after a warm-up; microseconds per key merged, the median of the last ten of twenty runs.
     */
    static double measureMergeMicrosPerKey(int parts, int keys)
    {
        Random random = new Random(3);
        TableRef table = new TableRef("ks", "t");
        List<TableSnapshot> snapshots = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++)
        {
            List<TableSnapshot.KeyCount> top = new ArrayList<>(keys);
            for (int k = 0; k < keys; k++)
            {
                int id = k < keys / 2 ? k : keys / 2 + random.nextInt(keys * parts);
                top.add(new TableSnapshot.KeyCount(ByteBuffer.allocate(8).putLong(id).array(), id * 0x9E3779B97F4A7C15L, keys - k, 0));
            }
            snapshots.add(new TableSnapshot(table, keys, 0, new long[0], new long[0], top, 0, true));
        }
        double[] runs = new double[20];
        for (int r = 0; r < runs.length; r++)
        {
            long t0 = System.nanoTime();
            TopMerge.merge(table, snapshots, keys);
            runs[r] = (System.nanoTime() - t0) / 1e3 / ((double) parts * keys);
        }
        double[] measured = java.util.Arrays.copyOfRange(runs, 10, runs.length); // after the JIT compiled the merge
        java.util.Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}
