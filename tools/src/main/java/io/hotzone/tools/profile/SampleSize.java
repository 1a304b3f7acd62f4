package io.hotzone.tools.profile;

/**
 * How many sampled records estimate a share (a value's frequency, a dependency's support) within ±{@code error} at a
 * confidence level, whatever the file's size: n = z² · p(1 − p) / error², at the worst case p = ½ (the finite
 * population correction only lowers it, so it is left out).
 */
public final class SampleSize
{
    private SampleSize()
    {
    }

    public static int forError(double error, double confidence)
    {
        if (!(error > 0 && error < 0.5))
            throw new IllegalArgumentException("--error must be between 0 and 0.5, got " + error);
        double z = z(confidence);
        return (int) Math.ceil(z * z * 0.25 / (error * error));
    }

    /** The error bound a sample of n records gives at the confidence level. */
    public static double errorOf(int n, double confidence)
    {
        if (n < 1)
            throw new IllegalArgumentException("--sample must be at least 1, got " + n);
        return z(confidence) * Math.sqrt(0.25 / n);
    }

    /** The two-sided standard normal quantile for the confidence level (Acklam's approximation, |error| < 1.2e-9). */
    static double z(double confidence)
    {
        if (!(confidence > 0 && confidence < 1))
            throw new IllegalArgumentException("--confidence must be between 0 and 1, got " + confidence);
        double p = 1 - (1 - confidence) / 2;
        double[] a = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
        double[] b = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
        double[] c = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
        double[] d = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00 };
        if (p > 1 - 0.02425)
        {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double q = p - 0.5, r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
