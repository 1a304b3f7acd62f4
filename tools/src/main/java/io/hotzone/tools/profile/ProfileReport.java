package io.hotzone.tools.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The profile as one self-contained HTML page (no script, no external file): the figures of {@code --explain} with
 * their distributions drawn as inline SVG bars — rows per node against what its ownership predicts, the partitions
 * with the most rows against the mean, and each column's share of nulls and its distinct values.
 */
public final class ProfileReport
{
    private static final int WIDTH = 520, BAR = 18, LABEL = 250;

    private ProfileReport()
    {
    }

    public static String html(JsonNode p)
    {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sharding profile of ").append(esc(p.path("table").asText()))
         .append("</title>\n<style>body{font:14px sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}"
                 + "td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}"
                 + "svg text{font:12px sans-serif}.note{color:#555}</style></head><body>\n");
        h.append("<h1>Sharding profile of ").append(esc(p.path("table").asText())).append("</h1>\n");
        h.append("<p class=\"note\">").append(esc(String.join(", ", texts(p.path("inputs"))))).append(" &middot; ")
         .append(p.path("created_at").asText()).append(" &middot; profile version ").append(p.path("profile_version").asInt()).append("</p>\n");
        h.append(String.format(Locale.ROOT, "<p>%d rows (%d rejected), %d bytes of values; ~%d partitions (±%.1f %%), %.2f rows each on average. "
                                            + "Sample of %d records: shares within ±%.3f at %.0f %% confidence.</p>%n",
                               p.path("rows").asLong(), p.path("rejected").asLong(), p.path("bytes").asLong(), p.at("/partitions/distinct_estimate").asLong(),
                               100 * p.at("/partitions/distinct_relative_error").asDouble(), p.at("/partitions/rows_per_partition_mean").asDouble(),
                               p.at("/sample/records").asLong(), p.at("/sample/error").asDouble(), 100 * p.at("/sample/confidence").asDouble()));

        h.append(String.format(Locale.ROOT, "<h2>Rows per node</h2><p class=\"note\">Dark: rows each node will hold as a replica; light: what its share "
                                            + "of the ring predicts. Skew %.2f (1.0: the load is spread as the ring is).</p>%n", p.path("skew").asDouble()));
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (JsonNode n : p.path("nodes"))
        {
            labels.add(n.path("address").asText() + String.format(Locale.ROOT, " (owns %.0f%%)", 100 * n.path("ownership").asDouble()));
            values.add(new double[] { n.path("rows").asDouble(), n.path("expected_rows").asDouble() });
        }
        h.append(bars(labels, values, true));

        h.append("<h2>Partitions with the most rows</h2><p class=\"note\">Against the mean partition (the last bar); a count over-estimates by at "
                 + "most its error when the list is not exact.</p>\n");
        labels.clear();
        values.clear();
        int shown = 0;
        for (JsonNode m : p.at("/partitions/most_rows"))
        {
            if (shown++ == 15)
                break;
            labels.add(m.path("key").asText());
            values.add(new double[] { m.path("rows").asDouble() });
        }
        labels.add("mean partition");
        values.add(new double[] { p.at("/partitions/rows_per_partition_mean").asDouble() });
        h.append(bars(labels, values, false));

        h.append("<h2>Columns</h2><p class=\"note\">Bars: share of the rows where the column is null, in %.</p>\n");
        labels.clear();
        values.clear();
        long rows = Math.max(1, p.path("rows").asLong());
        for (JsonNode c : p.path("columns"))
        {
            labels.add(c.path("name").asText() + " (" + c.path("type").asText() + ", ~" + c.path("distinct_estimate").asLong() + " distinct)");
            values.add(new double[] { 100.0 * c.path("nulls").asLong() / rows });
        }
        h.append(bars(labels, values, false));

        h.append("<h2>Predicted hot partitions</h2>\n<table><tr><th>Partition</th><th>Token</th><th>Confidence</th><th>Basis</th></tr>\n");
        for (JsonNode hot : p.path("hot_partitions"))
            h.append("<tr><td>").append(esc(hot.path("key").asText())).append("</td><td>").append(hot.path("token").asText()).append("</td><td>")
             .append(String.format(Locale.ROOT, "%.2f", hot.path("confidence").asDouble())).append("</td><td>").append(esc(hot.path("basis").asText()))
             .append("</td></tr>\n");
        h.append("</table>\n<h2>Access patterns and dependencies</h2>\n<ul>\n");
        for (JsonNode a : p.path("access_patterns"))
            h.append("<li>").append(esc(a.path("kind").asText())).append(a.has("group_by") ? " by " + esc(a.path("group_by").asText()) : "")
             .append(a.has("column") ? " on " + esc(a.path("column").asText()) : "").append(" <span class=\"note\">(").append(esc(a.path("basis").asText()))
             .append(")</span></li>\n");
        for (JsonNode d : p.path("dependencies"))
            h.append("<li>").append(esc(d.path("from").asText())).append(" &rarr; ").append(esc(d.path("to").asText())).append("</li>\n");
        for (JsonNode d : p.path("correlations"))
            h.append(String.format(Locale.ROOT, "<li>%s ~ %s, r = %.2f</li>%n", esc(d.path("a").asText()), esc(d.path("b").asText()), d.path("r").asDouble()));
        h.append("</ul>\n<h2>Recommendations</h2>\n<ul>\n");
        JsonNode zones = p.at("/recommendations/zones");
        h.append("<li>boost before the load: ").append(zones.size() == 0 ? "nothing" : zones.get(0).path("keys").size() + " partition(s)").append("</li>\n");
        h.append("<li>token moves: ").append(esc(p.at("/recommendations/token_moves/reason").asText())).append("</li>\n");
        h.append("<li>token allocation: ").append(esc(p.at("/recommendations/token_allocation/reason").asText())).append("</li>\n");
        h.append("<li>pre-aggregation candidates: ").append(p.at("/recommendations/pre_aggregations").size()).append("</li>\n</ul>\n</body></html>\n");
        return h.toString();
    }

    /** Horizontal bars, one row per label; a second value per row is drawn lighter behind the first (a reference). */
    private static String bars(List<String> labels, List<double[]> values, boolean withReference)
    {
        double max = 1e-9;
        for (double[] v : values)
            for (double x : v)
                max = Math.max(max, x);
        StringBuilder s = new StringBuilder();
        int height = labels.size() * (BAR + 6) + 6;
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABEL + WIDTH + 80).append("\" height=\"").append(height).append("\">\n");
        for (int i = 0; i < labels.size(); i++)
        {
            int y = 6 + i * (BAR + 6);
            double[] v = values.get(i);
            s.append("<text x=\"0\" y=\"").append(y + BAR - 5).append("\">").append(esc(abbreviate(labels.get(i)))).append("</text>\n");
            if (withReference && v.length > 1)
                s.append(rect(LABEL, y, v[1] / max * WIDTH, BAR, "#c6dbef"));
            s.append(rect(LABEL, y + (withReference ? 4 : 0), v[0] / max * WIDTH, withReference ? BAR - 8 : BAR, "#2171b5"));
            s.append("<text x=\"").append(LABEL + (int) (Math.max(v[0], v.length > 1 ? v[1] : 0) / max * WIDTH) + 4).append("\" y=\"").append(y + BAR - 5)
             .append("\">").append(format(v[0])).append(withReference && v.length > 1 ? " / " + format(v[1]) : "").append("</text>\n");
        }
        return s.append("</svg>\n").toString();
    }

    private static String rect(int x, int y, double w, int h, String fill)
    {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", x, y, Math.max(w, 0.5), h, fill);
    }

    private static String format(double v)
    {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String abbreviate(String s)
    {
        return s.length() <= 36 ? s : s.substring(0, 35) + "…";
    }

    private static String esc(String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static List<String> texts(JsonNode array)
    {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
