package io.hotzone.tools.profile;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class TokenAllocationTest
{
    @Test
    void newNodesGetTheirDataCentersTokenCountAndTheAllocatorForItsRf()
    {
        ObjectNode even = TokenAllocation.advise("dc1", 16, 1.05, 1.0, 2);
        assertThat(even.get("num_tokens").asInt()).isEqualTo(16);
        assertThat(even.get("allocate_tokens_for_local_replication_factor").asInt()).isEqualTo(2);
        assertThat(even.get("reason").asText()).startsWith("dc1: 16 tokens per node, ownership spread 1.05").doesNotContain("uneven");
        ObjectNode few = TokenAllocation.advise("dc2", 4, 1.4, 1.0, 3);
        assertThat(few.get("num_tokens").asInt()).as("a node owns in proportion to its tokens: never another count").isEqualTo(4);
        assertThat(few.get("reason").asText()).contains("the ring is uneven, which new nodes do not fix");
    }

    @Test
    void skewInTheDataIsToldApartFromSkewInTheTokens()
    {
        assertThat(TokenAllocation.advise("dc1", 16, 1.05, 1.8, 3).get("reason").asText()).contains("skew 1.80 is in the data (heavy partitions)");
        assertThat(TokenAllocation.advise("dc1", 16, 1.05, 1.1, 3).get("reason").asText()).doesNotContain("heavy partitions");
    }
}
