package io.hotzone.tools.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hotzone.capture.SpaceSaving;

/**
 * The sharding profile: what {@link Profiler} measured, what it predicts and what it recommends, as the versioned JSON
 * document of docs/import.md. Every figure says what it is based on; estimates carry their error.
 */
public final class Profile
{
    public static final int VERSION = 1;
    /** A partition is predicted hot when it holds this many times the mean rows per partition (and at least 0.1 % of all). */
    static final double HOT_FACTOR = 10;
    static final int MAX_LISTED = 50;
    /** A column with at most this many distinct values is a group-by candidate. */
    static final long GROUP_BY_MAX_DISTINCT = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Profile()
    {
    }

    /** @param history what HotZone knows of the table's access ({@code --history}), or null for the file alone */
    public static ObjectNode of(Profiler p, TokenMap ring, List<String> inputs, double confidence, Instant now, AccessHistory history)
    {
        ObjectNode root = JSON.createObjectNode();
        root.put("profile_version", VERSION);
        root.put("created_at", now.toString());
        root.put("table", p.shape.name());
        ArrayNode in = root.putArray("inputs");
        inputs.forEach(in::add);
        root.put("rows", p.rows);
        root.put("rejected", p.rejected);
        ArrayNode rejects = root.putArray("rejects");
        p.rejects.forEach(rejects::add);
        root.put("bytes", p.bytes);
        ObjectNode sample = root.putObject("sample");
        int sampled = p.sample.items().size();
        sample.put("records", sampled);
        sample.put("of", p.sample.seen());
        sample.put("error", sampled == 0 ? 1.0 : round(SampleSize.errorOf(sampled, confidence)));
        sample.put("confidence", confidence);

        ArrayNode columns = root.putArray("columns");
        for (Profiler.Column c : p.columns)
        {
            ObjectNode o = columns.addObject();
            o.put("name", c.name);
            o.put("type", c.type.asCql(false, true).toLowerCase(Locale.ROOT));
            o.put("role", p.shape.partitionKey.contains(c.name) ? "partition_key" : p.shape.clustering.contains(c.name) ? "clustering" : "regular");
            o.put("nulls", c.nulls);
            o.put("type_errors", c.typeErrors);
            if (c.firstTypeError != null)
                o.put("first_type_error", c.firstTypeError);
            o.put("distinct_estimate", c.distinct.estimate());
            if (c.min <= c.max)
            {
                o.put("min", c.min);
                o.put("max", c.max);
            }
            if (c.minText != null)
            {
                o.put("min", c.minText);
                o.put("max", c.maxText);
            }
        }

        long distinct = Math.max(1, Math.min(p.distinctPartitions.estimate(), p.rows));
        double meanRows = p.rows / (double) distinct;
        ObjectNode partitions = root.putObject("partitions");
        partitions.put("distinct_estimate", distinct);
        partitions.put("distinct_relative_error", round(DistinctCounter.relativeError()));
        partitions.put("rows_per_partition_mean", round(meanRows));
        partitions.put("top_exact", p.partitions.exact());
        ArrayNode top = partitions.putArray("most_rows");
        List<SpaceSaving.Entry<String>> entries = p.partitions.top(MAX_LISTED);
        for (SpaceSaving.Entry<String> e : entries)
        {
            ObjectNode o = top.addObject();
            o.put("key", e.item());
            o.put("token", e.token());
            o.put("rows", e.count());
            o.put("error", e.error());
            o.put("share", round(e.count() / (double) Math.max(1, p.rows)));
        }

        ArrayNode nodes = root.putArray("nodes");
        double skew = 0;
        Map<String, Long> expectedRows = new HashMap<>();
        for (Node n : allNodes(ring, p))
        {
            double owns = Tokens.ownership(ring, p.shape.keyspace, n);
            long[] counts = p.perNode.getOrDefault(n, new long[2]);
            double expected = p.rows * owns;
            ObjectNode o = nodes.addObject();
            o.put("address", Tokens.address(n));
            o.put("tokens", ring.getTokens(n).size());
            o.put("ownership", round(owns));
            o.put("rows", counts[0]);
            o.put("bytes", counts[1]);
            o.put("expected_rows", Math.round(expected));
            double ratio = expected > 0 ? counts[0] / expected : 0;
            o.put("load_vs_ownership", round(ratio));
            skew = Math.max(skew, ratio);
            expectedRows.put(Tokens.address(n), Math.round(expected));
        }
        root.put("skew", round(skew));

        List<Profiler.Sampled> rows = p.sample.items();
        root.set("dependencies", Dependencies.functional(p, rows));
        root.set("correlations", Dependencies.correlations(p, rows));

        ArrayNode patterns = root.putArray("access_patterns");
        patterns.addObject().put("kind", "point_lookup").put("basis", "schema: the partition key").set("by", strings(p.shape.partitionKey));
        if (!p.shape.clustering.isEmpty())
            patterns.addObject().put("kind", "clustering_range_scan").put("basis", "schema: clustering columns").set("by", strings(p.shape.clustering));
        List<String> groupBy = new ArrayList<>();
        List<String> numeric = new ArrayList<>();
        for (Profiler.Column c : p.columns)
        {
            boolean key = p.shape.partitionKey.contains(c.name);
            long d = c.distinct.estimate();
            boolean mostlySet = c.nulls * 2 < Math.max(1, p.rows);
            if (!key && d >= 2 && d <= GROUP_BY_MAX_DISTINCT && mostlySet && !TableShape.numeric(c.type) && !TableShape.temporal(c.type))
                groupBy.add(c.name);
            if (!key && TableShape.numeric(c.type))
                numeric.add(c.name);
            if (TableShape.temporal(c.type))
                patterns.addObject().put("kind", "time_bucketed").put("basis", "schema: a time column").put("column", c.name);
        }
        for (String g : groupBy)
            patterns.addObject().put("kind", "aggregation").put("basis", "sample: few distinct values").put("group_by", g);

        ArrayNode hot = root.putArray("hot_partitions");
        List<String> hotKeys = new ArrayList<>();
        double threshold = Math.max(HOT_FACTOR * meanRows, 0.001 * p.rows);
        for (SpaceSaving.Entry<String> e : entries)
            if (e.count() - e.error() >= threshold && e.count() >= 2)
            {
                ObjectNode o = hot.addObject();
                o.put("key", e.item());
                o.put("token", e.token());
                o.put("confidence", round((e.count() - e.error()) / (double) e.count()));
                o.put("basis", "rows in the input: " + e.count() + " of " + p.rows + " (" + HOT_FACTOR + "x the mean per partition or more)");
                o.put("window", "the load");
                hotKeys.add(e.item());
            }
        if (history != null)
        {
            for (AccessHistory.Hot h : history.hot)
            {
                if (hotKeys.contains(h.key))
                    continue; // the file's own evidence is listed; one entry per partition
                ObjectNode o = hot.addObject();
                o.put("key", h.key);
                o.put("token", h.token);
                o.put("confidence", h.confidence);
                o.put("basis", h.basis);
                o.put("window", h.window);
                hotKeys.add(h.key);
            }
            long total = history.reads + history.writes;
            ObjectNode observed = patterns.addObject();
            double readShare = total == 0 ? 0 : round(history.reads / (double) total);
            observed.put("kind", total == 0 ? "no_access_observed" : readShare >= 0.8 ? "read_heavy" : readShare <= 0.2 ? "write_heavy" : "mixed");
            observed.put("basis", "history: the last " + AccessHistory.describe(history.window) + ", " + history.events + " event(s) to come");
            observed.put("reads", history.reads);
            observed.put("writes", history.writes);
            observed.put("read_share", readShare);
        }

        ObjectNode rec = root.putObject("recommendations");
        ArrayNode zones = rec.putArray("zones");
        if (!hotKeys.isEmpty())
        {
            ObjectNode z = zones.addObject();
            z.put("table", p.shape.name());
            z.set("keys", strings(hotKeys));
            z.put("window", "from before the load until it ends");
        }
        rec.set("token_moves", TokenMoves.of(ring, p, rows));
        rec.set("token_allocation", TokenAllocation.of(ring, p));
        ArrayNode pre = rec.putArray("pre_aggregations");
        for (String g : groupBy)
        {
            ObjectNode o = pre.addObject();
            o.put("group_by", g);
            ArrayNode agg = o.putArray("aggregates");
            agg.add("count(*)");
            numeric.forEach(n -> agg.add("sum(" + n + ")"));
            String why = RuleRecommendations.whyNoRule(p.shape, g);
            o.put("as_rule", why == null);
            if (why != null)
                o.put("why_no_rule", why);
        }
        rec.set("rules", RuleRecommendations.of(p.shape, groupBy, numeric));
        ArrayNode reservations = rec.putArray("reservations");
        for (Node n : allNodes(ring, p))
        {
            long[] counts = p.perNode.getOrDefault(n, new long[2]);
            ObjectNode o = reservations.addObject();
            o.put("node", Tokens.address(n));
            o.put("disk_bytes", counts[1]);
            o.put("write_rows", counts[0]);
        }
        ObjectNode plan = root.putObject("import_plan");
        plan.put("in_flight_per_node", 128);
        plan.put("group_rows_by_partition", true);
        ObjectNode share = plan.putObject("rows_per_node");
        for (Node n : allNodes(ring, p))
            share.put(Tokens.address(n), p.perNode.getOrDefault(n, new long[2])[0]);
        return root;
    }

    /** Every node with tokens, in ring order of their first token. */
    static List<Node> allNodes(TokenMap ring, Profiler p)
    {
        List<Node> out = new ArrayList<>();
        for (com.datastax.oss.driver.api.core.metadata.token.TokenRange r : ring.getTokenRanges())
            for (Node n : ring.getReplicas(p.shape.keyspace, r))
                if (!out.contains(n))
                    out.add(n);
        return out;
    }

    private static ArrayNode strings(List<String> values)
    {
        ArrayNode a = JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    static double round(double v)
    {
        return Math.round(v * 10_000) / 10_000.0;
    }

    public static String json(ObjectNode profile)
    {
        try
        {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(profile) + "\n";
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException e)
        {
            throw new IllegalStateException(e);
        }
    }

    /** For people: what the profile says, nodetool-style. */
    public static String explain(ObjectNode p)
    {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Profile of %s (%s)%n", p.get("table").asText(), String.join(", ", texts(p.get("inputs")))));
        s.append(String.format(Locale.ROOT, "Rows: %d (%d rejected), %d bytes%n", p.get("rows").asLong(), p.get("rejected").asLong(), p.get("bytes").asLong()));
        s.append(String.format(Locale.ROOT, "Sample: %d of %d records (error ±%.3f at %.0f %% confidence)%n", p.at("/sample/records").asLong(),
                               p.at("/sample/of").asLong(), p.at("/sample/error").asDouble(), 100 * p.at("/sample/confidence").asDouble()));
        s.append(String.format(Locale.ROOT, "Partitions: ~%d (±%.1f %%), %.2f rows each on average%n", p.at("/partitions/distinct_estimate").asLong(),
                               100 * p.at("/partitions/distinct_relative_error").asDouble(), p.at("/partitions/rows_per_partition_mean").asDouble()));
        s.append(String.format(Locale.ROOT, "%nColumns:%n  %-20s %-12s %-14s %10s %12s %8s%n", "Name", "Type", "Role", "Nulls", "Distinct~", "Errors"));
        for (var c : p.get("columns"))
            s.append(String.format(Locale.ROOT, "  %-20s %-12s %-14s %10d %12d %8d%n", c.get("name").asText(), c.get("type").asText(), c.get("role").asText(),
                                   c.get("nulls").asLong(), c.get("distinct_estimate").asLong(), c.get("type_errors").asLong()));
        s.append(String.format(Locale.ROOT, "%nNodes (skew %.2f: the most loaded node's rows over what its ownership predicts):%n  %-16s %6s %10s %10s %10s %8s%n",
                               p.get("skew").asDouble(), "Address", "Tokens", "Owns", "Rows", "Expected", "Load"));
        for (var n : p.get("nodes"))
            s.append(String.format(Locale.ROOT, "  %-16s %6d %9.1f%% %10d %10d %8.2f%n", n.get("address").asText(), n.get("tokens").asInt(),
                                   100 * n.get("ownership").asDouble(), n.get("rows").asLong(), n.get("expected_rows").asLong(), n.get("load_vs_ownership").asDouble()));
        s.append(String.format(Locale.ROOT, "%nPredicted hot partitions: %d%n", p.get("hot_partitions").size()));
        for (var h : p.get("hot_partitions"))
            s.append(String.format(Locale.ROOT, "  %-30s confidence %.2f  %s%n", h.get("key").asText(), h.get("confidence").asDouble(), h.get("basis").asText()));
        s.append(String.format(Locale.ROOT, "%nAccess patterns:%n"));
        for (var a : p.get("access_patterns"))
            s.append("  ").append(a.get("kind").asText()).append(a.has("by") ? " by " + String.join(", ", texts(a.get("by"))) : "")
             .append(a.has("group_by") ? " group by " + a.get("group_by").asText() : "").append(a.has("column") ? " on " + a.get("column").asText() : "")
             .append("  (").append(a.get("basis").asText()).append(")\n");
        s.append(String.format(Locale.ROOT, "%nDependencies (sample):%n"));
        for (var d : p.get("dependencies"))
            s.append("  ").append(d.get("from").asText()).append(" -> ").append(d.get("to").asText())
             .append(String.format(Locale.ROOT, "  (%d distinct %s values)%n", d.get("distinct_from").asLong(), d.get("from").asText()));
        for (var d : p.get("correlations"))
            s.append(String.format(Locale.ROOT, "  %s ~ %s  r = %.2f%n", d.get("a").asText(), d.get("b").asText(), d.get("r").asDouble()));
        var moves = p.at("/recommendations/token_moves");
        s.append(String.format(Locale.ROOT, "%nToken moves: %s%n", moves.get("reason").asText()));
        s.append(String.format(Locale.ROOT, "Token allocation: %s%n", p.at("/recommendations/token_allocation/reason").asText()));
        for (var m : moves.path("moves"))
            s.append(String.format(Locale.ROOT, "  %s: %s -> %s%n", m.get("node").asText(), m.get("from").asText(), m.get("to").asText()));
        s.append(String.format(Locale.ROOT, "Zones to boost before the load: %d key(s)%n", p.at("/recommendations/zones").size() == 0 ? 0
                                                                                            : p.at("/recommendations/zones/0/keys").size()));
        s.append(String.format(Locale.ROOT, "Pre-aggregation candidates: %d%n", p.at("/recommendations/pre_aggregations").size()));
        for (var r : p.at("/recommendations/rules"))
            s.append("  rule: ").append(r.get("command").asText()).append(String.format(Locale.ROOT, "%n"));
        if (p.get("rejected").asLong() > 0)
        {
            s.append(String.format(Locale.ROOT, "%nRejected records (first %d):%n", p.get("rejects").size()));
            for (var r : p.get("rejects"))
                s.append("  ").append(r.asText()).append('\n');
        }
        return s.toString();
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array)
    {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
