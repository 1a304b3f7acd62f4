package io.hotzone.dtests;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.metadata.Node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The plugin and the driver policy each pick a sized zone's mirror replicas ({@code io.hotzone.mirror.MirrorSet} and
 * {@code io.hotzone.driver.internal.MirrorSet}: the policy may not depend on server code). They must pick the same
 * nodes, or drivers send the zone's reads to nodes that answer them the normal way.
 */
class MirrorSetAgreementTest
{
    @Test
    void thePluginAndTheDriverPickTheSameNodesForEveryZone()
    {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++)
        {
            int dcs = 1 + random.nextInt(3), perDc = random.nextInt(8);
            List<String[]> nodes = new ArrayList<>(); // {dc, address}
            for (int d = 0; d < dcs; d++)
                for (int i = 0, n = 1 + random.nextInt(40); i < n; i++)
                    nodes.add(new String[]{ "dc" + d, random.nextBoolean() ? "10." + d + "." + (i / 250) + "." + (i % 250 + 1)
                                                                            : "fd00::" + Integer.toHexString(d * 1000 + i + 1) });
            String zone = String.format("z%012x", random.nextLong() & 0xffffffffffffL);

            Set<String> server = io.hotzone.mirror.MirrorSet.choose(zone, perDc, nodes, n -> normalized(n[1]), n -> n[0])
                                                            .stream().map(n -> normalized(n[1])).collect(Collectors.toSet());
            Map<Node, String> driverNodes = new IdentityHashMap<>();
            for (String[] n : nodes)
            {
                Node node = mock(Node.class);
                when(node.getDatacenter()).thenReturn(n[0]);
                when(node.getBroadcastAddress()).thenReturn(Optional.of(new InetSocketAddress(n[1], 7000)));
                driverNodes.put(node, normalized(n[1]));
            }
            Set<String> driver = io.hotzone.driver.internal.MirrorSet.choose(zone, perDc, driverNodes.keySet())
                                                                     .stream().map(driverNodes::get).collect(Collectors.toSet());
            assertThat(driver).as("zone %s, %d per DC over %d nodes", zone, perDc, nodes.size()).isEqualTo(server);
            assertThat(server).hasSize(perDc == 0 ? nodes.size()
                                                  : nodes.stream().collect(Collectors.groupingBy(n -> n[0], Collectors.counting())).values().stream()
                                                         .mapToInt(c -> (int) Math.min(c, perDc)).sum());
        }
    }

    /** As the server prints its broadcast address (InetAddress#getHostAddress). */
    private static String normalized(String address)
    {
        return new InetSocketAddress(address, 0).getAddress().getHostAddress();
    }
}
