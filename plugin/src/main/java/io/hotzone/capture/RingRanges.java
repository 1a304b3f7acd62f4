package io.hotzone.capture;

/**
 * The fixed split of the Murmur3 ring (-2^63 .. 2^63-1) into {@code count} equal sub-ranges, count a power of two,
 * so that a token's sub-range is one shift.
 */
public final class RingRanges
{
    private final int count;
    private final int shift;

    public RingRanges(int count)
    {
        if (count < 1 || Integer.bitCount(count) != 1 || count > 65536)
            throw new IllegalArgumentException("sub-range count must be a power of two between 1 and 65536, got " + count);
        this.count = count;
        this.shift = 64 - Integer.numberOfTrailingZeros(count);
    }

    public int count()
    {
        return count;
    }

    public int indexOf(long token)
    {
        return count == 1 ? 0 : (int) ((token ^ Long.MIN_VALUE) >>> shift);
    }

    /** First token of sub-range {@code i}. */
    public long start(int i)
    {
        return count == 1 ? Long.MIN_VALUE : ((long) i << shift) ^ Long.MIN_VALUE;
    }

    /** Last token of sub-range {@code i} (inclusive). */
    public long end(int i)
    {
        return i == count - 1 ? Long.MAX_VALUE : start(i + 1) - 1;
    }

    /** Adds one to every sub-range that {@code start..end} (inclusive, wrapping if start > end) touches. */
    public void addCovered(long[] counts, long start, long end)
    {
        int from = indexOf(start), to = indexOf(end);
        if (start <= end)
        {
            for (int i = from; i <= to; i++)
                counts[i]++;
        }
        else
        {
            for (int i = from; i < count; i++)
                counts[i]++;
            for (int i = 0; i <= to; i++)
                counts[i]++;
        }
    }
}
