package io.hotzone.tools.simulate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The model against {@code bin/hotzone bench} (the side-by-side bench's last-line JSON): the bench's ring (its nodes,
 * tokens and RF, on {@link SimulatedRing}) and hot set (its hot keys, all on one replica pair as the bench picks them,
 * read at ONE through a token-aware client: evenly over the pair stock, over the keys' mirror replicas with HotZone),
 * stock against predictive. The per-coordinator max/mean of the hot reads (nodes without any count as 0) and the
 * throughput ratio (the busiest serving node bounds the closed-loop readers) are compared with the measured ones; the
 * error is the largest relative one.
 */
final class BenchValidation
{
    final double stockMaxOverMean;
    final double predictiveMaxOverMean;
    final double throughputRatio;
    final double measuredStock;
    final double measuredPredictive;
    final double measuredRatio;

    private BenchValidation(double stockMaxOverMean, double predictiveMaxOverMean, double throughputRatio,
                            double measuredStock, double measuredPredictive, double measuredRatio)
    {
        this.stockMaxOverMean = stockMaxOverMean;
        this.predictiveMaxOverMean = predictiveMaxOverMean;
        this.throughputRatio = throughputRatio;
        this.measuredStock = measuredStock;
        this.measuredPredictive = measuredPredictive;
        this.measuredRatio = measuredRatio;
    }

    static BenchValidation of(Path benchJson, double mirrorReadCost, long seed) throws IOException
    {
        List<String> lines = Files.readAllLines(benchJson);
        String last = null;
        for (String l : lines)
            if (l.trim().startsWith("{"))
                last = l.trim();
        if (last == null)
            throw new IllegalArgumentException(benchJson + " holds no JSON line (give the output of bin/hotzone bench)");
        JsonNode bench = new ObjectMapper().readTree(last);
        if (!"arms".equals(bench.path("bench").asText()))
            throw new IllegalArgumentException(benchJson + " is not the side-by-side bench's JSON (\"bench\": \"arms\")");
        int nodes = bench.path("nodes").asInt(), rf = bench.path("rf").asInt(2), replicasPerDc = bench.path("replicas_per_dc").asInt(0);
        JsonNode share = bench.path("hot_share_max_over_mean");
        double stock = share.path("stock").asDouble(Double.NaN), predictive = share.path("predictive").asDouble(Double.NaN);
        double ratio = bench.path("throughput_ratio_vs_stock").asDouble(Double.NaN);
        if (nodes < 1 || Double.isNaN(stock) || Double.isNaN(predictive) || Double.isNaN(ratio))
            throw new IllegalArgumentException(benchJson + " lacks nodes, hot_share_max_over_mean or throughput_ratio_vs_stock");
        int hotKeys = Math.max(1, bench.path("hot_keys").asInt(20)), tokens = Math.max(1, bench.path("num_tokens").asInt(16));
        int mirrors = replicasPerDc <= 0 ? nodes : Math.min(replicasPerDc, nodes);
        SimulatedRing ring = SimulatedRing.of(nodes, 1, tokens, seed);
        java.util.Random random = new java.util.Random(seed);
        double[] stockReads = new double[nodes], hotzoneReads = new double[nodes];
        int[] pair = null;
        for (int found = 0, tries = 0; found < hotKeys; tries++)
        {
            if (tries > 1_000_000)
                throw new IllegalStateException("no " + hotKeys + " keys on one replica pair of this ring");
            long token = random.nextLong();
            int[] replicas = ring.replicas(token, rf, 0);
            if (pair == null)
                pair = replicas;
            if (!java.util.Arrays.equals(replicas, pair))
                continue;
            found++;
            for (int node : replicas)
                stockReads[node] += 1.0 / replicas.length;
            int[] mirrorNodes = ring.replicas(token, mirrors, 0);
            for (int node : mirrorNodes)
                hotzoneReads[node] += mirrorReadCost / mirrorNodes.length;
        }
        double modelStock = ClientLoad.maxOverMean(stockReads), modelPredictive = ClientLoad.maxOverMean(hotzoneReads);
        double modelRatio = ClientLoad.max(stockReads) / ClientLoad.max(hotzoneReads);
        return new BenchValidation(modelStock, modelPredictive, modelRatio, stock, predictive, ratio);
    }

    double error()
    {
        return Math.max(Math.abs(stockMaxOverMean / measuredStock - 1),
                        Math.max(Math.abs(predictiveMaxOverMean / measuredPredictive - 1), Math.abs(throughputRatio / measuredRatio - 1)));
    }

    String json()
    {
        return String.format(Locale.ROOT, "{\"stock_max_over_mean\": [%.3f, %.3f], \"predictive_max_over_mean\": [%.3f, %.3f], \"throughput_ratio\": [%.3f, %.3f]}",
                             stockMaxOverMean, measuredStock, predictiveMaxOverMean, measuredPredictive, throughputRatio, measuredRatio);
    }

    String text()
    {
        return String.format(Locale.ROOT, "Against the bench (model / measured): stock max/mean %.2f / %.2f, predictive max/mean %.2f / %.2f, throughput ratio %.2f / %.2f: error %.1f %%",
                             stockMaxOverMean, measuredStock, predictiveMaxOverMean, measuredPredictive, throughputRatio, measuredRatio, 100 * error());
    }
}
