package io.hotzone.forecast;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChampionTest
{
    @Test
    void aChallengerReplacesTheChampionOnlyWhenStrictlyBetter()
    {
        Map<String, Double> f1 = Map.of("first", 0.4, "worse", 0.3, "tie", 0.4, "better", 0.5);
        Champion<String> c = new Champion<>();
        assertThat(c.offer("first", f1::get)).isTrue();
        assertThat(c.offer("worse", f1::get)).isFalse();
        assertThat(c.offer("tie", f1::get)).isFalse();
        assertThat(c.current()).isEqualTo("first");
        assertThat(c.offer("better", f1::get)).isTrue();
        assertThat(c.current()).isEqualTo("better");
        assertThat(c.replacements()).isEqualTo(1);
    }

    @Test
    void withNothingToJudgeOnTheNewerModelServes()
    {
        Champion<String> c = new Champion<>("trained on the first hours");
        assertThat(c.offer("newer", m -> Double.NaN)).isTrue();
        assertThat(c.current()).isEqualTo("newer");
        assertThat(c.replacements()).isEqualTo(1);
    }
}
