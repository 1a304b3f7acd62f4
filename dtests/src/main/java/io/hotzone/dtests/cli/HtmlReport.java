package io.hotzone.dtests.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The demo's report: one self-contained HTML page with inline SVG line charts (no scripts, no downloads). */
final class HtmlReport
{
    private static final String[] COLORS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f" };
    private static final int W = 860, H = 260, PAD = 50;

    /** One 5-second chunk of the run. */
    record Point(double t, double opsPerSec, double p50, double p99, long[] coordinated, long[] mirrorReads, double forecastPeak, long campaignReads)
    {
    }

    private record Series(String name, List<double[]> xy, boolean dashed)
    {
    }

    private HtmlReport()
    {
    }

    static String render(List<Point> points, double spikeStart, double spikeEnd, double readyAt, String abSummary)
    {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>HotZone demo</title>"
                                               + "<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#222}"
                                               + "pre{background:#f4f4f4;padding:1em}</style></head><body><h1>HotZone demo</h1>");
        html.append(String.format(Locale.ROOT, "<p>Campaign from t=%.0f s to t=%.0f s (grey band). %s</p>", spikeStart, spikeEnd,
                                  readyAt < 0 ? "The campaign's zone never became READY."
                                              : String.format(Locale.ROOT, "Its zone was READY at t=%.0f s (green line), %.0f s before the campaign.", readyAt,
                                                              spikeStart - readyAt)));
        html.append("<h2>Forecast versus actual: the campaign's first product</h2>");
        html.append(chart(List.of(series("forecast peak per 5 s step", points, Point::forecastPeak, false),
                                  series("actual reads per 5 s step (merged history)", points, p -> p.campaignReads(), false)),
                          spikeStart, spikeEnd, readyAt, "reads / step"));
        html.append("<h2>Reads coordinated per node (solid) and answered from its mirror (dashed), per 5 s</h2>");
        List<Series> perNode = new ArrayList<>();
        int nodes = points.isEmpty() ? 0 : points.get(0).coordinated().length;
        for (int n = 0; n < nodes; n++)
        {
            int node = n;
            perNode.add(series("node " + (n + 1), points, p -> p.coordinated()[node], false));
            perNode.add(series("node " + (n + 1) + " mirror", points, p -> p.mirrorReads()[node], true));
        }
        html.append(chart(perNode, spikeStart, spikeEnd, readyAt, "reads / 5 s"));
        html.append("<h2>Client latency (all requests)</h2>");
        html.append(chart(List.of(series("p50 ms", points, Point::p50, false), series("p99 ms", points, Point::p99, false)), spikeStart, spikeEnd,
                          readyAt, "ms"));
        html.append("<h2>A/B measurement of hot-zone reads (driver policy)</h2><pre>").append(escape(abSummary)).append("</pre>");
        return html.append("</body></html>").toString();
    }

    private static Series series(String name, List<Point> points, ToDoubleFunction<Point> y, boolean dashed)
    {
        return new Series(name, points.stream().map(p -> new double[]{ p.t(), y.applyAsDouble(p) }).toList(), dashed);
    }

    private static String chart(List<Series> series, double bandFrom, double bandTo, double marker, String unit)
    {
        double maxX = 1, maxY = 1;
        for (Series s : series)
            for (double[] p : s.xy())
            {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        double fx = (W - 2.0 * PAD) / maxX, fy = (H - 2.0 * PAD) / maxY;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">", W, H + 20 * ((series.size() + 3) / 4)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#eee\"/>", PAD + bandFrom * fx, PAD,
                                 Math.max(0, (Math.min(bandTo, maxX) - bandFrom) * fx), H - 2 * PAD));
        if (marker >= 0)
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#2ca02c\" stroke-width=\"2\"/>", PAD + marker * fx, PAD,
                                     PAD + marker * fx, H - PAD));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>",
                                 PAD, H - PAD, W - PAD, H - PAD, PAD, PAD, PAD, H - PAD));
        // Ticks at round values (1, 2 or 5 times a power of ten), light grid lines across the plot.
        double yStep = niceStep(maxY / 4), xStep = niceStep(maxX / 8);
        for (double y = 0; y <= maxY + 1e-9; y += yStep)
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                                                  + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>",
                                     PAD - 4, H - PAD - y * fy, W - PAD, H - PAD - y * fy, PAD - 6, H - PAD - y * fy + 3, tick(y)));
        for (double x = 0; x <= maxX + 1e-9; x += xStep)
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\"/>"
                                                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                                     PAD + x * fx, H - PAD, PAD + x * fx, H - PAD + 4, PAD + x * fx, H - PAD + 15, tick(x)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text><text x=\"%d\" y=\"%d\" font-size=\"11\">t (s)</text>",
                                 2, PAD - 10, escape(unit), W - PAD + 6, H - PAD + 4));
        for (int i = 0; i < series.size(); i++)
        {
            Series s = series.get(i);
            String color = COLORS[(s.dashed() ? i - 1 : i) / (series.stream().anyMatch(Series::dashed) ? 2 : 1) % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : s.xy())
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", PAD + p[0] * fx, H - PAD - p[1] * fy));
            svg.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"%s\"/>", color,
                                     s.dashed() ? " stroke-dasharray=\"4 3\"" : "", pts));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>", PAD + (i % 4) * 200, H + 4 + 20 * (i / 4),
                                     color, escape(s.name())));
        }
        return svg.append("</svg>").toString();
    }

    /** The smallest of 1, 2 or 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw)
    {
        double power = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[]{ 1, 2, 5, 10 })
            if (m * power >= raw)
                return m * power;
        return 10 * power;
    }

    private static String tick(double v)
    {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2g", v);
    }

    private static String escape(String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
