package io.hotzone.dtests.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.hotzone.events.Event;
import io.hotzone.events.EventParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignScheduleTest
{
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void shiftsTheConfiguredShareOntoTheCampaignKeysOnlyWhileItRuns()
    {
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        CampaignSchedule schedule = new CampaignSchedule(T0, now::get)
            .add(new CampaignSchedule.Campaign("c1", List.of(500, 501), Duration.ofSeconds(60), Duration.ofSeconds(30), 0.7, 10, true));
        Popularity p = schedule.over(Popularity.uniform(100));
        SplittableRandom random = new SplittableRandom(1);

        assertThat(share(p, random)).as("before").isZero();
        now.set(T0.plusSeconds(60));
        assertThat(share(p, random)).as("at the start").isBetween(0.67, 0.73);
        now.set(T0.plusSeconds(89));
        assertThat(schedule.active()).isPresent();
        now.set(T0.plusSeconds(90));
        assertThat(share(p, random)).as("at the end (exclusive)").isZero();
        assertThat(schedule.active()).isEmpty();
    }

    @Test
    void theAnnouncedLiftIsWhatTheCampaignGivesItsKeysToTwoDigits()
    {
        double base = Popularity.zipfShare(2000, 0.9, 1000);
        assertThat(base).isBetween(1.5e-4, 1.8e-4);
        assertThat(CampaignSchedule.lift(0.7, 20, base)).isEqualTo(Math.round((0.035 / base + 0.3) / 10) * 10.0);
        assertThat(CampaignSchedule.lift(0.5, 1, 0.5)).isEqualTo(1.5);
        // measured: the shifted popularity gives a campaign key that lift over its base share
        SplittableRandom random = new SplittableRandom(3);
        Popularity shifted = new CampaignSchedule(T0, () -> T0.plusSeconds(1))
                                 .add(new CampaignSchedule.Campaign("c", java.util.List.of(1000), Duration.ZERO, Duration.ofMinutes(1), 0.2, 1, true))
                                 .over(Popularity.zipf(2000, 0.9));
        int n = 200_000, hits = 0;
        for (int i = 0; i < n; i++)
            if (shifted.next(random) == 1000)
                hits++;
        assertThat(hits / (double) n / base).isCloseTo(CampaignSchedule.lift(0.2, 1, base), org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Test
    void announcedCampaignsAreValidHotZoneEvents()
    {
        CampaignSchedule schedule = new CampaignSchedule(T0)
            .add(new CampaignSchedule.Campaign("spring", List.of(7, 9), Duration.ofMinutes(5), Duration.ofMinutes(2), 0.5, 8, true))
            .add(new CampaignSchedule.Campaign("silent", List.of(3), Duration.ofMinutes(1), Duration.ofMinutes(1), 0.5, 8, false));

        List<EventParser.Located> parsed = EventParser.parse("csv", schedule.eventsCsv("shop.products"));

        assertThat(parsed).hasSize(1);
        Event e = parsed.get(0).event();
        assertThat(e.id()).isEqualTo("spring");
        assertThat(e.start()).isEqualTo(T0.plusSeconds(300));
        assertThat(e.end()).isEqualTo(T0.plusSeconds(420));
        assertThat(e.keys()).containsExactly("'k7'", "'k9'");
        assertThat(e.multiplier()).isEqualTo(8.0);
        assertThat(e.table().toString()).isEqualTo("shop.products");
    }

    @Test
    void rejectsACampaignWithoutKeysOrWithAnImpossibleShare()
    {
        assertThatThrownBy(() -> new CampaignSchedule.Campaign("x", List.of(), Duration.ZERO, Duration.ofSeconds(1), 0.5, 2, false))
            .hasMessageContaining("no keys");
        assertThatThrownBy(() -> new CampaignSchedule.Campaign("x", List.of(1), Duration.ZERO, Duration.ofSeconds(1), 1.5, 2, false))
            .hasMessageContaining("share");
    }

    private static double share(Popularity p, SplittableRandom random)
    {
        int hits = 0, n = 20_000;
        for (int i = 0; i < n; i++)
            if (p.next(random) >= 500)
                hits++;
        return hits / (double) n;
    }
}
