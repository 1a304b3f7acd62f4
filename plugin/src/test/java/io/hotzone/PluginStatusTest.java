package io.hotzone;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.hotzone.PluginStatus.State;

import static org.assertj.core.api.Assertions.assertThat;

class PluginStatusTest
{
    @Test
    void anErrorOutlivesTheStateItHappenedIn()
    {
        PluginStatus s = PluginStatus.starting("waiting").withError("schema attempt 1 failed").to(State.ACTIVE, "");
        assertThat(s.active()).isTrue();
        assertThat(s.lastError()).isEqualTo("schema attempt 1 failed");
        assertThat(s.reason()).isEmpty();
    }

    @Test
    void onlyActiveIsActive()
    {
        for (State state : State.values())
            assertThat(PluginStatus.starting("x").to(state, "y").active()).isEqualTo(state == State.ACTIVE);
        assertThat(PluginStatus.starting("x").withFeatures(List.of("status")).features()).containsExactly("status");
    }
}
