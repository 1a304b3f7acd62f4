package io.hotzone.capture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Space-Saving top-k (Metwally, Agrawal, El Abbadi 2005) on the Stream-Summary structure: O(1) per
 * observation, at most {@code capacity} counters whatever the stream. Each counter carries an over-estimate
 * bound: {@code count - error <= true count <= count}; an item not tracked occurred at most {@link #floor()} times.
 * While no counter has been evicted every count is exact. Not thread-safe: one writer (the capture thread).
 *
 * @param <K> item type; must have value equality
 */
public final class SpaceSaving<K>
{
    /** An item with its estimated count, the over-estimate bound of that count, and its tagged occurrences. */
    public static final class Entry<K>
    {
        private final K item;
        private final long count;
        private final long error;
        private final long token;
        private final long tagged;

        public Entry(K item, long count, long error, long token)
        {
            this(item, count, error, token, 0);
        }

        public Entry(K item, long count, long error, long token, long tagged)
        {
            this.item = item;
            this.count = count;
            this.error = error;
            this.token = token;
            this.tagged = tagged;
        }

        /** Tagged occurrences counted while the item was tracked: short of the truth by at most {@link #error()}. */
        public long tagged()
        {
            return tagged;
        }

        public K item()
        {
            return item;
        }

        public long count()
        {
            return count;
        }

        public long error()
        {
            return error;
        }

        public long token()
        {
            return token;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Entry))
                return false;
            Entry<?> that = (Entry<?>) o;
            return Objects.equals(item, that.item) && count == that.count && error == that.error && token == that.token
                   && tagged == that.tagged;
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(item);
            h = 31 * h + Long.hashCode(count);
            h = 31 * h + Long.hashCode(error);
            h = 31 * h + Long.hashCode(token);
            h = 31 * h + Long.hashCode(tagged);
            return h;
        }

        @Override
        public String toString()
        {
            return "Entry[item=" + item + ", count=" + count + ", error=" + error + ", token=" + token + ", tagged=" + tagged + "]";
        }
    }

    private final int capacity;
    private final Map<K, Counter<K>> counters;
    /** Buckets of counters with equal counts, ascending; the head holds the minimum. */
    private Bucket<K> lowest;
    private long evictions;

    public SpaceSaving(int capacity)
    {
        if (capacity < 1)
            throw new IllegalArgumentException("capacity must be >= 1");
        this.capacity = capacity;
        this.counters = new HashMap<>(Math.min(capacity, 1 << 16) * 2);
    }

    /** Counts one occurrence of {@code item}; {@code token} is kept with the item (its ring position). */
    public void offer(K item, long token)
    {
        offer(item, token, false);
    }

    /**
     * Counts one occurrence of {@code item}, also in its {@link Entry#tagged() tagged} count when {@code tagged} (a
     * write among accesses): tagged occurrences are counted exactly while the item is tracked, so the tagged count is
     * a lower bound, short by at most the entry's error.
     */
    public void offer(K item, long token, boolean tagged)
    {
        Counter<K> c = counters.get(item);
        if (c == null)
        {
            if (counters.size() < capacity)
            {
                c = new Counter<>(item, token);
                c.tagged = tagged ? 1 : 0;
                counters.put(item, c);
                push(c, lowest != null && lowest.count == 1 ? lowest : insertFirst(1));
                return;
            }
            // Full: the item with the smallest count makes room; the newcomer inherits that count as its error.
            c = lowest.head;
            counters.remove(c.item);
            evictions++;
            c.item = item;
            c.token = token;
            c.error = lowest.count;
            c.tagged = 0;
            counters.put(item, c);
        }
        if (tagged)
            c.tagged++;
        increment(c);
    }

    private void increment(Counter<K> c)
    {
        Bucket<K> from = c.bucket;
        long count = from.count + 1;
        Bucket<K> next = from.next;
        if (next != null && next.count == count)
        {
            detach(c);
            push(c, next);
        }
        else if (from.head == c && c.next == null)
        {
            from.count = count; // alone in its bucket, and the next bucket is higher: bump in place
        }
        else
        {
            Bucket<K> created = insertAfter(from, count);
            detach(c);
            push(c, created);
        }
    }

    private void push(Counter<K> c, Bucket<K> b)
    {
        c.bucket = b;
        c.prev = null;
        c.next = b.head;
        if (b.head != null)
            b.head.prev = c;
        b.head = c;
    }

    private Bucket<K> insertFirst(long count)
    {
        Bucket<K> b = new Bucket<>(count);
        b.next = lowest;
        if (lowest != null)
            lowest.prev = b;
        lowest = b;
        return b;
    }

    private Bucket<K> insertAfter(Bucket<K> after, long count)
    {
        Bucket<K> b = new Bucket<>(count);
        b.prev = after;
        b.next = after.next;
        if (after.next != null)
            after.next.prev = b;
        after.next = b;
        return b;
    }

    /** Unlinks the counter from its bucket, and the bucket from the list when it empties. */
    private void detach(Counter<K> c)
    {
        Bucket<K> b = c.bucket;
        if (c.prev != null) c.prev.next = c.next; else b.head = c.next;
        if (c.next != null) c.next.prev = c.prev;
        c.prev = c.next = null;
        if (b.head == null)
        {
            if (b.prev != null) b.prev.next = b.next; else lowest = b.next;
            if (b.next != null) b.next.prev = b.prev;
        }
    }

    /** Largest count an untracked item can have had. 0 while nothing was evicted. */
    public long floor()
    {
        return evictions == 0 || lowest == null ? 0 : lowest.count;
    }

    /** True while every count is exact (the summary never had to evict). */
    public boolean exact()
    {
        return evictions == 0;
    }

    public int size()
    {
        return counters.size();
    }

    public int capacity()
    {
        return capacity;
    }

    /** The {@code n} largest counts, largest first. */
    public List<Entry<K>> top(int n)
    {
        List<Entry<K>> result = new ArrayList<>(Math.min(n, counters.size()));
        Bucket<K> highest = lowest;
        while (highest != null && highest.next != null)
            highest = highest.next;
        for (Bucket<K> b = highest; b != null && result.size() < n; b = b.prev)
            for (Counter<K> c = b.head; c != null && result.size() < n; c = c.next)
                result.add(new Entry<>(c.item, b.count, c.error, c.token, c.tagged));
        return result;
    }

    private static final class Counter<K>
    {
        K item;
        long token;
        long error;
        long tagged;
        Bucket<K> bucket;
        Counter<K> prev, next;

        Counter(K item, long token)
        {
            this.item = item;
            this.token = token;
        }
    }

    private static final class Bucket<K>
    {
        long count;
        Counter<K> head;
        Bucket<K> prev, next;

        Bucket(long count)
        {
            this.count = count;
        }
    }
}
