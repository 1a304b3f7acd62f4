package io.hotzone.tools.simulate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The model against {@code bin/hotzone bench} (the side-by-side bench's last-line JSON): the bench's ring and hot set
 * (its hot keys all on one replica pair, read at ONE through a token-aware client), stock against predictive. The
 * model's per-coordinator max/mean of the hot reads and its throughput ratio (the serving nodes' capacity, as the
 * closed-loop clients saturate them) are compared with the measured ones; the error is the largest relative one.
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

    static BenchValidation of(Path benchJson, double mirrorReadCost) throws IOException
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
        // The hot set sits on one replica pair: stock coordinators are its rf replicas; with HotZone its mirror replicas
        int mirrors = replicasPerDc <= 0 ? nodes : Math.min(replicasPerDc, nodes);
        double modelStock = (double) nodes / rf, modelPredictive = (double) nodes / mirrors;
        double modelRatio = (double) mirrors / rf / mirrorReadCost;
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
