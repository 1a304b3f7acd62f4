package io.hotzone.history;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;
import io.hotzone.capture.TableSnapshot.KeyCount;

import static org.assertj.core.api.Assertions.assertThat;

class TopMergeTest
{
    private static final TableRef T = new TableRef("ks", "t");

    private static KeyCount k(String key, long count, long error)
    {
        return new KeyCount(key.getBytes(StandardCharsets.UTF_8), key.hashCode(), count, error);
    }

    private static TableSnapshot snap(long floor, boolean exact, KeyCount... keys)
    {
        return new TableSnapshot(T, 10, 2, new long[]{ 1, 2 }, new long[]{ 0, 1 }, List.of(keys), floor, exact);
    }

    private static String name(KeyCount k)
    {
        return new String(k.key(), StandardCharsets.UTF_8);
    }

    @Test
    void exactPartsMergeExactly()
    {
        TableSnapshot m = TopMerge.merge(T, List.of(snap(0, true, k("a", 5, 0), k("b", 1, 0)), snap(0, true, k("b", 7, 0))), 10);
        assertThat(m.exact()).isTrue();
        assertThat(m.top()).extracting(TopMergeTest::name).containsExactly("b", "a");
        assertThat(m.top()).extracting(KeyCount::count).containsExactly(8L, 5L);
        assertThat(m.top()).allMatch(x -> x.error() == 0);
        assertThat(m.reads()).isEqualTo(20);
        assertThat(m.rangeReads()).containsExactly(2, 4);
    }

    @Test
    void aKeyMissingFromAnInexactPartMayHaveHadItsFloor()
    {
        TableSnapshot m = TopMerge.merge(T, List.of(snap(3, false, k("a", 10, 1)), snap(0, true, k("b", 4, 0))), 10);
        assertThat(m.exact()).isFalse();
        KeyCount b = m.top().stream().filter(x -> name(x).equals("b")).findFirst().orElseThrow();
        assertThat(b.count()).isEqualTo(7);  // 4 seen + up to 3 unseen in the inexact part
        assertThat(b.error()).isEqualTo(3);
        KeyCount a = m.top().get(0);
        assertThat(a.count()).isEqualTo(10);
        assertThat(a.error()).isEqualTo(1);
    }

    @Test
    void truncationKeepsTheLargestAndRaisesTheFloor()
    {
        TableSnapshot m = TopMerge.merge(T, List.of(snap(0, true, k("a", 5, 0), k("b", 3, 0), k("c", 2, 0))), 2);
        assertThat(m.top()).extracting(TopMergeTest::name).containsExactly("a", "b");
        assertThat(m.exact()).isFalse();
        assertThat(m.floor()).isEqualTo(2);
    }

    @Test
    void writesAddUpLikeCounts()
    {
        KeyCount a1 = new KeyCount("a".getBytes(StandardCharsets.UTF_8), 1, 5, 0, 2), a2 = new KeyCount("a".getBytes(StandardCharsets.UTF_8), 1, 4, 0, 4);
        TableSnapshot m = TopMerge.merge(T, List.of(snap(0, true, a1), snap(0, true, a2)), 10);
        assertThat(m.top()).singleElement().satisfies(k -> {
            assertThat(k.count()).isEqualTo(9);
            assertThat(k.writes()).isEqualTo(6);
            assertThat(k.reads()).isEqualTo(3);
        });
    }
}
