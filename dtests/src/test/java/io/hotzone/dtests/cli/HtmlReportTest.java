package io.hotzone.dtests.cli;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo report's charts have axes a reader can read values off. */
class HtmlReportTest
{
    @Test
    void ticksAreRoundValuesCoveringTheData()
    {
        assertThat(HtmlReport.niceStep(37)).isEqualTo(50);
        assertThat(HtmlReport.niceStep(12.5)).isEqualTo(20);
        assertThat(HtmlReport.niceStep(100)).isEqualTo(100);
        assertThat(HtmlReport.niceStep(0.3)).isEqualTo(0.5);
    }

    @Test
    void everyChartLabelsItsAxesWithTicks()
    {
        List<HtmlReport.Point> points = List.of(new HtmlReport.Point(5, 100, 1, 2, new long[]{ 1 }, new long[]{ 0 }, 10, 0),
                                                new HtmlReport.Point(150, 100, 1, 2, new long[]{ 1 }, new long[]{ 0 }, 480, 400));
        String html = HtmlReport.render(points, 90, 150, 60, "routed 1 stock 1");
        assertThat(html).contains(">t (s)<").contains(">reads / step<");
        // x: 0..150 s every 20 s; y: 0..480 reads every 200
        assertThat(html).contains(">140</text>").contains(">400</text>").contains(">200</text>");
    }
}
