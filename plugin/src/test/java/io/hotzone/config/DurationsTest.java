package io.hotzone.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest
{
    @Test
    void parsesEveryUnit()
    {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse(" 5 m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("14d")).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void rejectsWhatIsNotADuration()
    {
        for (String bad : new String[]{ "", "10", "-5s", "1.5h", "10 seconds", null })
            assertThatThrownBy(() -> Durations.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsToTheLargestExactUnitAndReadsBack()
    {
        for (String text : new String[]{ "250ms", "10s", "90s", "5m", "2h", "14d" })
            assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
        assertThat(Durations.format(Duration.ofSeconds(3600))).isEqualTo("1h");
    }
}
