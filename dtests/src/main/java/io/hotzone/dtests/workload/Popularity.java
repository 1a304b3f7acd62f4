package io.hotzone.dtests.workload;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Which key each operation picks: uniform, Zipf (exponent s) or hotspot (a share of operations on a share of keys). */
public abstract class Popularity
{
    public abstract int next(SplittableRandom random);

    public static Popularity uniform(int keys)
    {
        return new Popularity()
        {
            @Override
            public int next(SplittableRandom random)
            {
                return random.nextInt(keys);
            }
        };
    }

    /** The share of draws {@link #zipf(int, double)} gives to {@code key}. */
    public static double zipfShare(int keys, double exponent, int key)
    {
        double sum = 0;
        for (int i = 0; i < keys; i++)
            sum += 1 / Math.pow(i + 1, exponent);
        return 1 / Math.pow(key + 1, exponent) / sum;
    }

    /** Zipf over {@code keys} ranks: key 0 is the most popular. Inverse-CDF sampling on a precomputed table. */
    public static Popularity zipf(int keys, double exponent)
    {
        double[] cdf = new double[keys];
        double sum = 0;
        for (int i = 0; i < keys; i++)
            cdf[i] = sum += 1 / Math.pow(i + 1, exponent);
        for (int i = 0; i < keys; i++)
            cdf[i] /= sum;
        return new Popularity()
        {
            @Override
            public int next(SplittableRandom random)
            {
                int i = Arrays.binarySearch(cdf, random.nextDouble());
                return Math.min(keys - 1, i >= 0 ? i : -i - 1);
            }
        };
    }

    /** {@code opShare} of the operations go to the first {@code keyShare} of the keys, the rest spread uniformly. */
    public static Popularity hotspot(int keys, double keyShare, double opShare)
    {
        int hot = Math.max(1, (int) (keys * keyShare));
        return new Popularity()
        {
            @Override
            public int next(SplittableRandom random)
            {
                return random.nextDouble() < opShare ? random.nextInt(hot) : random.nextInt(keys);
            }
        };
    }

    /** Uniform over the given key numbers. */
    public static Popularity of(java.util.List<Integer> keys)
    {
        if (keys.isEmpty())
            throw new IllegalArgumentException("no keys");
        int[] k = keys.stream().mapToInt(Integer::intValue).toArray();
        return new Popularity()
        {
            @Override
            public int next(SplittableRandom random)
            {
                return k[random.nextInt(k.length)];
            }
        };
    }
}
