package io.hotzone;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest
{
    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void twoPerTaskAndMinuteAreToleratedTheThirdIsReported()
    {
        TransientFailures failures = new TransientFailures();
        assertThat(failures.tolerate("token moves", T)).isTrue();
        assertThat(failures.tolerate("token moves", T.plusSeconds(10))).isTrue();
        assertThat(failures.tolerate("forecast cycle", T.plusSeconds(11))).as("another task counts apart").isTrue();
        assertThat(failures.tolerate("token moves", T.plusSeconds(20))).as("a third within a minute").isFalse();
        assertThat(failures.tolerate("token moves", T.plusSeconds(30))).as("and on while it persists").isFalse();
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten()
    {
        TransientFailures failures = new TransientFailures();
        assertThat(failures.tolerate("token moves", T)).isTrue();
        assertThat(failures.tolerate("token moves", T.plusSeconds(30))).isTrue();
        assertThat(failures.tolerate("token moves", T.plusSeconds(61))).as("the first is more than a minute old").isTrue();
        assertThat(failures.tolerate("token moves", T.plusSeconds(70))).as("30 s, 61 s and 70 s are within a minute").isFalse();
    }
}
