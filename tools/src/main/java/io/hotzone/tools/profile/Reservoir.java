package io.hotzone.tools.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A uniform random sample of a stream of unknown length, in one pass and fixed memory (Vitter's algorithm R). */
public final class Reservoir<T>
{
    private final int capacity;
    private final Random random;
    private final List<T> items;
    private long seen;

    public Reservoir(int capacity, long seed)
    {
        this.capacity = capacity;
        this.random = new Random(seed);
        this.items = new ArrayList<>(Math.min(capacity, 1 << 16));
    }

    public void offer(T item)
    {
        seen++;
        if (items.size() < capacity)
            items.add(item);
        else
        {
            long j = (long) (random.nextDouble() * seen);
            if (j < capacity)
                items.set((int) j, item);
        }
    }

    public List<T> items()
    {
        return items;
    }

    public long seen()
    {
        return seen;
    }
}
