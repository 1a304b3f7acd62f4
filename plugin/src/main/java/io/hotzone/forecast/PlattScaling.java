package io.hotzone.forecast;

/**
 * A monotone map from a raw confidence to the share of such cases that turned hot: {@code sigmoid(a * logit(c) + b)},
 * fitted by logistic regression on scored outcomes (Platt, 1999). Two parameters, so a few hundred outcomes with a few
 * dozen hot ones fit it without the steps of an isotonic fit; {@code a > 0} keeps the order of confidences, so which
 * segments are zones does not change, only what their confidence claims. A weak pull towards the identity keeps the
 * fit finite when the outcomes separate perfectly.
 */
public final class PlattScaling
{
    private final double a;
    private final double b;

    public PlattScaling(double a, double b)
    {
        this.a = a;
        this.b = b;
    }

    public static final PlattScaling IDENTITY = new PlattScaling(1, 0);

    private static final double EDGE = 1e-4;
    /** Weight of the pull towards the identity: just enough to keep a perfect separation finite. */
    private static final double PRIOR = 0.01;

    private static double logit(double c)
    {
        double p = Math.min(1 - EDGE, Math.max(EDGE, c));
        return Math.log(p / (1 - p));
    }

    public double apply(double confidence)
    {
        if (equals(IDENTITY))
            return confidence;
        return sigmoid(a * logit(confidence) + b);
    }

    /** The scaling that best explains which of {@code n} confidences turned hot: Newton's method on the log-loss, halving a step that does not lower it. */
    public static PlattScaling fit(double[] confidence, boolean[] hot, int n)
    {
        double[] x = new double[n];
        for (int k = 0; k < n; k++)
            x[k] = logit(confidence[k]);
        double a = 1, b = 0, loss = loss(x, hot, n, a, b);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            // gradient and Hessian of the loss; the pull towards the identity keeps the Hessian positive definite
            double ga = PRIOR * (a - 1), gb = PRIOR * b, haa = PRIOR, hab = 0, hbb = PRIOR;
            for (int k = 0; k < n; k++)
            {
                double p = sigmoid(a * x[k] + b);
                double r = p - (hot[k] ? 1 : 0), w = p * (1 - p);
                ga += r * x[k];
                gb += r;
                haa += w * x[k] * x[k];
                hab += w * x[k];
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            double step = 1, next = loss(x, hot, n, a - da, b - db);
            while (next > loss && step > 1e-6)
            {
                step /= 2;
                next = loss(x, hot, n, a - step * da, b - step * db);
            }
            if (next > loss)
                break;
            a -= step * da;
            b -= step * db;
            boolean converged = loss - next < 1e-10;
            loss = next;
            if (converged)
                break;
        }
        return a > 0 ? new PlattScaling(a, b) : IDENTITY; // a decreasing map would invert the ranking: keep the raw values
    }

    private static double sigmoid(double z)
    {
        return 1 / (1 + Math.exp(-z));
    }

    private static double loss(double[] x, boolean[] hot, int n, double a, double b)
    {
        double l = PRIOR / 2 * ((a - 1) * (a - 1) + b * b);
        for (int k = 0; k < n; k++)
        {
            double z = a * x[k] + b;
            // log(1 + e^-z) for hot, log(1 + e^z) otherwise, without overflow
            double m = hot[k] ? -z : z;
            l += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
        }
        return l;
    }

    public double a()
    {
        return a;
    }

    public double b()
    {
        return b;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof PlattScaling))
            return false;
        PlattScaling that = (PlattScaling) o;
        return Double.compare(a, that.a) == 0 && Double.compare(b, that.b) == 0;
    }

    @Override
    public int hashCode()
    {
        int h = Double.hashCode(a);
        h = 31 * h + Double.hashCode(b);
        return h;
    }

    @Override
    public String toString()
    {
        return "PlattScaling[a=" + a + ", b=" + b + "]";
    }
}
