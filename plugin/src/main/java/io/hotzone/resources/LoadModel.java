package io.hotzone.resources;

/**
 * What a node's requests cost it in CPU, learned online: {@code cores = idle + perRead × reads/s + perWrite × writes/s},
 * fitted by recursive least squares with a forgetting factor (recent samples weigh more, so the model follows a node
 * whose costs change: compaction, a colder cache, another JVM sharing the machine). Three parameters, O(1) per
 * sample, no history kept.
 */
public final class LoadModel
{
    /** Rates are given per second; scaled to thousands so the three features have comparable sizes. */
    private static final double SCALE = 1e-3;
    /**
     * Bound on the covariance's trace. With forgetting, a feature that stays 0 (no writes for days) would see its
     * variance grow by 1/forgetting per sample until it overflows; bounded, the model stays finite and its first
     * update after a quiet spell stays moderate.
     */
    private static final double MAX_TRACE = 1e4;

    private final double forgetting;
    private final double[] theta = new double[3];
    private final double[][] p = new double[3][3];
    private long samples;

    /** @param forgetting weight kept by the past per sample, in (0, 1]: 0.98 halves a sample's weight after ~35 more */
    public LoadModel(double forgetting)
    {
        if (!(forgetting > 0 && forgetting <= 1))
            throw new IllegalArgumentException("forgetting must be in (0, 1], got " + forgetting);
        this.forgetting = forgetting;
        reset();
    }

    private void reset()
    {
        for (int i = 0; i < 3; i++)
        {
            theta[i] = 0;
            for (int j = 0; j < 3; j++)
                p[i][j] = i == j ? 1e3 : 0; // a weak prior: the first samples decide
        }
    }

    /** Learns from one sample: the node used {@code cores} while coordinating these rates. */
    public void learn(double reads, double writes, double cores)
    {
        if (!Double.isFinite(reads) || !Double.isFinite(writes) || !Double.isFinite(cores))
            return;
        double[] x = { 1, reads * SCALE, writes * SCALE };
        double[] px = new double[3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                px[i] += p[i][j] * x[j];
        double denominator = forgetting;
        for (int i = 0; i < 3; i++)
            denominator += x[i] * px[i];
        double error = cores - dot(theta, x);
        for (int i = 0; i < 3; i++)
            theta[i] += px[i] / denominator * error;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                p[i][j] = (p[i][j] - px[i] * px[j] / denominator) / forgetting;
        double trace = p[0][0] + p[1][1] + p[2][2];
        if (trace > MAX_TRACE)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    p[i][j] *= MAX_TRACE / trace;
        if (!Double.isFinite(theta[0]) || !Double.isFinite(theta[1]) || !Double.isFinite(theta[2]))
            reset(); // a bad sample (NaN CPU time): start over rather than predict NaN forever
        samples++;
    }

    /** Cores the node is expected to use at these rates (never below 0). */
    public double predict(double reads, double writes)
    {
        return Math.max(0, dot(theta, new double[]{ 1, reads * SCALE, writes * SCALE }));
    }

    public long samples()
    {
        return samples;
    }

    /** CPU seconds per read, as learned. */
    public double cpuPerRead()
    {
        return theta[1] * SCALE;
    }

    private static double dot(double[] a, double[] b)
    {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
