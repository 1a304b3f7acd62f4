package io.hotzone.tools.profile;

import java.nio.charset.StandardCharsets;

/**
 * HyperLogLog: the number of distinct values in a stream in 16 KiB, with a relative standard error of about 0.8 %
 * (1.04 / √16384); exact-enough linear counting while most registers are still empty.
 */
public final class DistinctCounter
{
    private static final int P = 14;
    private static final int M = 1 << P;
    private final byte[] registers = new byte[M];

    public void add(String value)
    {
        long h = hash(value.getBytes(StandardCharsets.UTF_8));
        int index = (int) (h >>> (64 - P));
        int rank = Long.numberOfLeadingZeros((h << P) | (1L << (P - 1))) + 1;
        if (rank > registers[index])
            registers[index] = (byte) rank;
    }

    public long estimate()
    {
        double sum = 0;
        int zeros = 0;
        for (byte r : registers)
        {
            sum += 1.0 / (1L << r);
            if (r == 0)
                zeros++;
        }
        double alpha = 0.7213 / (1 + 1.079 / M);
        double raw = alpha * M * (double) M / sum;
        if (raw <= 2.5 * M && zeros > 0)
            return Math.round(M * Math.log((double) M / zeros));
        return Math.round(raw);
    }

    /** The relative standard error of {@link #estimate} for large counts. */
    public static double relativeError()
    {
        return 1.04 / Math.sqrt(M);
    }

    /** FNV-1a over the bytes, then SplitMix64's finalizer so that every bit depends on every input bit. */
    static long hash(byte[] bytes)
    {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes)
        {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }
}
