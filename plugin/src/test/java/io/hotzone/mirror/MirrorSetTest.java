package io.hotzone.mirror;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorSetTest
{
    /** "dc:address" nodes */
    private static List<String> nodes(int perDc, String... dcs)
    {
        List<String> out = new ArrayList<>();
        for (String dc : dcs)
            for (int i = 1; i <= perDc; i++)
                out.add(dc + ":10.0." + dc.length() + "." + i);
        return out;
    }

    private static Set<String> choose(String zone, int perDc, List<String> candidates)
    {
        return MirrorSet.choose(zone, perDc, candidates, n -> n.substring(n.indexOf(':') + 1), n -> n.substring(0, n.indexOf(':')));
    }

    @Test
    void zeroKeepsEveryCandidateAndASizedZoneGetsThatManyInEachDataCenter()
    {
        List<String> ring = nodes(20, "east", "west1");
        assertThat(choose("z1", 0, ring)).containsExactlyInAnyOrderElementsOf(ring);
        Set<String> sized = choose("z1", 3, ring);
        assertThat(sized).hasSize(6);
        assertThat(sized.stream().filter(n -> n.startsWith("east:"))).hasSize(3);
        assertThat(sized.stream().filter(n -> n.startsWith("west1:"))).hasSize(3);
        assertThat(choose("z1", 30, ring)).as("a data center smaller than the count gives all its nodes").hasSize(40);
    }

    @Test
    void theChoiceDependsOnlyOnTheZoneAndTheNodesNotOnTheirOrder()
    {
        List<String> ring = nodes(50, "dc1");
        Set<String> first = choose("z00000000abcd", 4, ring);
        List<String> shuffled = new ArrayList<>(ring);
        Collections.shuffle(shuffled, new Random(7));
        assertThat(choose("z00000000abcd", 4, shuffled)).containsExactlyInAnyOrderElementsOf(first);
        // nodes leaving that were not chosen change nothing: here 30 of the 46 others
        List<String> fewer = new ArrayList<>(ring);
        List<String> others = new ArrayList<>(ring);
        others.removeAll(first);
        fewer.removeAll(others.subList(0, 30));
        assertThat(fewer).hasSize(20);
        assertThat(choose("z00000000abcd", 4, fewer)).containsExactlyInAnyOrderElementsOf(first);
    }

    @Test
    void zonesSpreadOverTheDataCenter()
    {
        List<String> ring = nodes(100, "dc1");
        Map<String, Integer> load = new HashMap<>();
        for (int z = 0; z < 1000; z++)
            for (String n : choose(String.format("z%012x", z * 7919L), 3, ring))
                load.merge(n, 1, Integer::sum);
        assertThat(load).as("every node holds some of the 1 000 zones").hasSize(100);
        // 3 000 copies over 100 nodes: 30 each on average; rendezvous hashing keeps the busiest within 2x
        assertThat(Collections.max(load.values())).isLessThanOrEqualTo(60);
    }

    @Test
    void rankIsAFixedFunction()
    {
        // Pinned: nodes of two plugin versions, and the driver policy (its copy pins the same values), must rank alike
        assertThat(MirrorSet.rank("z0123456789ab", "127.0.0.1")).isEqualTo(4444199733793859162L);
        assertThat(MirrorSet.rank("z0123456789ab", "10.0.0.2")).isEqualTo(-6873763686490997349L);
        assertThat(MirrorSet.rank("zffffffffffff", "fd00:0:0:0:0:0:0:1")).isEqualTo(4399383781005256508L);
    }
}
