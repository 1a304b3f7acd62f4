package io.hotzone.dtests.cluster;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeFilesTest
{
    @Test
    void singleTokenRingIsEvenlySpacedPerDataCenter()
    {
        ClusterSpec spec = ClusterSpec.of("t", 4).withNumTokens(1);
        List<BigInteger> tokens = new ArrayList<>();
        for (int n = 1; n <= 4; n++)
            tokens.add(new BigInteger(NodeFiles.initialToken(spec, n)));
        BigInteger quarter = BigInteger.TWO.pow(62);
        assertThat(tokens.get(0)).isEqualTo(BigInteger.TWO.pow(63).negate());
        for (int i = 1; i < 4; i++)
            assertThat(tokens.get(i).subtract(tokens.get(i - 1))).isEqualTo(quarter);
    }

    @Test
    void tokensOfTwoDataCentersNeverCollide()
    {
        ClusterSpec spec = ClusterSpec.of("t", 6).withDcs(2).withNumTokens(1);
        HashSet<String> tokens = new HashSet<>();
        for (int n = 1; n <= 6; n++)
            tokens.add(NodeFiles.initialToken(spec, n));
        assertThat(tokens).hasSize(6);
    }

    @Test
    void addressesPortsAndDataCentersFollowTheNodeNumber()
    {
        ClusterSpec spec = ClusterSpec.of("t", 4).withDcs(2);
        assertThat(spec.address(3)).isEqualTo("127.0.0.3");
        assertThat(spec.jmxPort(1)).isEqualTo(7199);
        assertThat(spec.jmxPort(3)).isEqualTo(7399);
        assertThat(spec.datacenter(1)).isEqualTo("dc1");
        assertThat(spec.datacenter(2)).isEqualTo("dc2");
        assertThat(spec.datacenter(3)).isEqualTo("dc1");
        assertThat(spec.withFirstAddress(10).address(1)).isEqualTo("127.0.0.10");
    }

    @Test
    void impossibleShapesAreRefused()
    {
        assertThatThrownBy(() -> ClusterSpec.of("t", 0)).hasMessageContaining("nodes");
        assertThatThrownBy(() -> ClusterSpec.of("t", 2).withDcs(3)).hasMessageContaining("dcs");
    }
}
