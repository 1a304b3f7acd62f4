package io.hotzone.tools.profile;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class TokenAllocationTest
{
    @Test
    void newNodesGetTheRingsTokensAndTheAllocatorForTheKeyspacesRf()
    {
        ObjectNode even = TokenAllocation.advise(16, 1.05, 1.0, 2);
        assertThat(even.get("applicable").asBoolean()).isTrue();
        assertThat(even.get("num_tokens").asInt()).isEqualTo(16);
        assertThat(even.get("allocate_tokens_for_local_replication_factor").asInt()).isEqualTo(2);
        assertThat(even.get("reason").asText()).contains("ownership spread 1.05").contains(": even");

        ObjectNode many = TokenAllocation.advise(256, 1.3, 1.0, 3);
        assertThat(many.get("num_tokens").asInt()).as("a new node with fewer tokens than the others owns less").isEqualTo(256);
    }

    @Test
    void tooFewRandomTokensAreRaisedToTheDefaultAndDataSkewIsToldApartFromTokenSkew()
    {
        ObjectNode few = TokenAllocation.advise(4, 1.4, 1.5, 3);
        assertThat(few.get("num_tokens").asInt()).isEqualTo(16);
        assertThat(few.get("reason").asText()).contains("uneven").contains("4 tokens per node are too few").doesNotContain("heavy partitions");

        ObjectNode heavy = TokenAllocation.advise(16, 1.05, 1.8, 3);
        assertThat(heavy.get("reason").asText()).contains("skew 1.80 is in the data (heavy partitions)");
        assertThat(TokenAllocation.advise(1, 1.0, 1.0, 2).get("applicable").asBoolean()).isFalse();
    }
}
