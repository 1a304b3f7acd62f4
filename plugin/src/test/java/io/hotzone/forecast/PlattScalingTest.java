package io.hotzone.forecast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class PlattScalingTest
{
    /** {@code n} outcomes at each raw confidence in {@code raw}, of which the share {@code hotShare[k]} turned hot. */
    private static PlattScaling fit(double[] raw, double[] hotShare, int n)
    {
        double[] c = new double[raw.length * n];
        boolean[] h = new boolean[c.length];
        for (int k = 0; k < raw.length; k++)
            for (int j = 0; j < n; j++)
            {
                c[k * n + j] = raw[k];
                h[k * n + j] = j < hotShare[k] * n;
            }
        return PlattScaling.fit(c, h, c.length);
    }

    @Test
    void overconfidentRawValuesAreScaledDownToWhatHappened()
    {
        // The model says 0.9 where 60 % turned hot, 0.5 where 25 % did, 0.1 where 5 % did.
        PlattScaling s = fit(new double[]{ 0.9, 0.5, 0.1 }, new double[]{ 0.6, 0.25, 0.05 }, 100);
        assertThat(s.apply(0.9)).isEqualTo(0.6, offset(0.05));
        assertThat(s.apply(0.5)).isEqualTo(0.25, offset(0.05));
        assertThat(s.apply(0.1)).isEqualTo(0.05, offset(0.03));
        assertThat(s.apply(0.95)).as("order kept").isGreaterThan(s.apply(0.9));
    }

    @Test
    void calibratedRawValuesStayAboutTheSame()
    {
        PlattScaling s = fit(new double[]{ 0.9, 0.5, 0.2 }, new double[]{ 0.9, 0.5, 0.2 }, 200);
        assertThat(s.a()).isEqualTo(1, offset(0.05));
        assertThat(s.b()).isEqualTo(0, offset(0.05));
    }

    @Test
    void perfectlySeparatedOutcomesGiveAFiniteIncreasingMap()
    {
        PlattScaling s = fit(new double[]{ 0.8, 0.2 }, new double[]{ 1, 0 }, 50);
        assertThat(s.a()).isPositive().isFinite();
        assertThat(s.apply(0.8)).isGreaterThan(0.9);
        assertThat(s.apply(0.2)).isLessThan(0.1);
    }

    @Test
    void aFitThatWouldInvertTheOrderKeepsTheRawValues()
    {
        // Low confidences turned hot, high ones did not: a decreasing map would swap which segments are zones.
        assertThat(fit(new double[]{ 0.9, 0.1 }, new double[]{ 0.1, 0.9 }, 50)).isEqualTo(PlattScaling.IDENTITY);
    }
}
