package io.hotzone.dtests.cli;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest
{
    @Test
    void valuesSwitchesAndDefaults() throws Exception
    {
        Options o = Options.parse(List.of("--nodes", "4", "--single-token", "--step", "10m"), Set.of("--nodes", "--step", "--dcs"), Set.of("--single-token"));
        assertThat(o.integer("--nodes", 3)).isEqualTo(4);
        assertThat(o.integer("--dcs", 1)).isEqualTo(1);
        assertThat(o.flag("--single-token")).isTrue();
        assertThat(o.duration("--step", Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void mistakesAreUsageErrors()
    {
        assertThatThrownBy(() -> Options.parse(List.of("--nodse", "4"), Set.of("--nodes"), Set.of())).hasMessageContaining("unknown option '--nodse'");
        assertThatThrownBy(() -> Options.parse(List.of("--nodes"), Set.of("--nodes"), Set.of())).hasMessageContaining("--nodes needs a value");
        assertThatThrownBy(() -> Options.parse(List.of("--nodes", "four"), Set.of("--nodes"), Set.of()).integer("--nodes", 3))
            .hasMessageContaining("--nodes needs a whole number, got 'four'");
        assertThatThrownBy(() -> Options.parse(List.of("--step", "soon"), Set.of("--step"), Set.of()).duration("--step", Duration.ZERO))
            .hasMessageContaining("--step needs a duration such as 10s, 5m or 1h, got 'soon'");
    }
}
