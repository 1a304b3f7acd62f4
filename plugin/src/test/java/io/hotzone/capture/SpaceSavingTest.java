package io.hotzone.capture;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpaceSavingTest
{
    @Test
    void exactWhileEveryItemFits()
    {
        SpaceSaving<String> s = new SpaceSaving<>(10);
        String stream = "abacabadabacabae";
        for (char ch : stream.toCharArray())
            s.offer(String.valueOf(ch), ch);
        assertThat(s.exact()).isTrue();
        assertThat(s.floor()).isZero();
        List<SpaceSaving.Entry<String>> top = s.top(10);
        assertThat(top.subList(0, 3)).extracting(SpaceSaving.Entry::item).containsExactly("a", "b", "c");
        assertThat(top.subList(3, 5)).extracting(SpaceSaving.Entry::item).containsExactlyInAnyOrder("d", "e"); // a tie
        assertThat(top).extracting(SpaceSaving.Entry::count).containsExactly(8L, 4L, 2L, 1L, 1L);
        assertThat(top).allMatch(e -> e.error() == 0);
        assertThat(top.get(0).token()).isEqualTo('a');
    }

    @Test
    void boundsHoldOnASkewedStreamLargerThanTheSummary()
    {
        Random random = new Random(42);
        SpaceSaving<Integer> s = new SpaceSaving<>(50);
        Map<Integer, Long> truth = new HashMap<>();
        int n = 200_000;
        for (int i = 0; i < n; i++)
        {
            // Zipf-like: a few heavy items, a long tail of 5 000.
            int item = (int) Math.floor(Math.pow(5000, random.nextDouble()));
            truth.merge(item, 1L, Long::sum);
            s.offer(item, item);
        }
        assertThat(s.exact()).isFalse();
        assertThat(s.size()).isEqualTo(50);
        List<SpaceSaving.Entry<Integer>> top = s.top(50);
        for (SpaceSaving.Entry<Integer> e : top)
        {
            long real = truth.get(e.item());
            assertThat(e.count()).isGreaterThanOrEqualTo(real);
            assertThat(e.count() - e.error()).isLessThanOrEqualTo(real);
        }
        for (Map.Entry<Integer, Long> t : truth.entrySet())
            if (top.stream().noneMatch(e -> e.item().equals(t.getKey())))
                assertThat(t.getValue()).isLessThanOrEqualTo(s.floor());
        // Every item above n / capacity is guaranteed to be tracked.
        truth.forEach((item, count) -> {
            if (count > n / 50)
                assertThat(top).anyMatch(e -> e.item().equals(item));
        });
        for (int i = 1; i < top.size(); i++)
            assertThat(top.get(i - 1).count()).isGreaterThanOrEqualTo(top.get(i).count());
    }

    @Test
    void summaryOfOneKeepsTheLatestWithTheWholeStreamAsError()
    {
        SpaceSaving<String> s = new SpaceSaving<>(1);
        s.offer("a", 1);
        s.offer("a", 1);
        s.offer("b", 2);
        assertThat(s.top(5)).containsExactly(new SpaceSaving.Entry<>("b", 3L, 2L, 2L));
        assertThat(s.floor()).isEqualTo(3);
    }

    @Test
    void taggedOccurrencesAreExactWhileTrackedAndALowerBoundWithinTheErrorAfterAnEviction()
    {
        SpaceSaving<String> s = new SpaceSaving<>(2);
        s.offer("a", 1, true);
        s.offer("a", 1, false);
        s.offer("a", 1, true);
        s.offer("b", 2, false);
        assertThat(s.top(2)).containsExactly(new SpaceSaving.Entry<>("a", 3L, 0L, 1L, 2L), new SpaceSaving.Entry<>("b", 1L, 0L, 2L, 0L));
        s.offer("c", 3, true); // evicts b: c inherits b's count as its error, and none of b's tags
        SpaceSaving.Entry<String> c = s.top(2).get(1);
        assertThat(c.item()).isEqualTo("c");
        assertThat(c.tagged()).isEqualTo(1);
        assertThat(c.count() - c.error()).as("what c surely occurred").isEqualTo(1);
    }
}
