package io.hotzone.config;

import java.time.Duration;
import java.util.Objects;

/** On-cluster forecasting (the {@code forecast:} section of hotzone.yaml), run by the leader each cycle. */
public final class ForecastSettings
{
    /** The smallest forecast.cpu_budget: below it a training of a few seconds of CPU would take hours. */
    public static final double MIN_CPU_SHARE = 0.05;

    private final boolean enabled;
    private final Duration step;
    private final int horizonSteps;
    private final int topK;
    private final Duration history;
    private final Duration retrainEvery;
    private final double cpuBudget;
    private final Duration leaseTtl;

    /**
     * @param enabled run forecasts at all
     * @param step time step of the series the forecaster works on (a multiple of history.step)
     * @param horizonSteps how many steps ahead zones are forecast
     * @param topK zones kept per table and cycle
     * @param history how much history each cycle reads
     * @param retrainEvery how often the model is retrained (between retrainings it is reused)
     * @param cpuBudget share of one core, in [0.05, 1], the training thread may use (paced between trees; 1 = unpaced)
     * @param leaseTtl how long the leader's lease lasts without renewal (it renews every cycle)
     */
    public ForecastSettings(boolean enabled, Duration step, int horizonSteps, int topK, Duration history,
                            Duration retrainEvery, double cpuBudget, Duration leaseTtl)
    {
        this.enabled = enabled;
        this.step = step;
        this.horizonSteps = horizonSteps;
        this.topK = topK;
        this.history = history;
        this.retrainEvery = retrainEvery;
        if (!(cpuBudget >= MIN_CPU_SHARE && cpuBudget <= 1))
            throw new IllegalArgumentException("cpuBudget must be a share of one core in [" + MIN_CPU_SHARE + ", 1], got " + cpuBudget);
        this.cpuBudget = cpuBudget;
        this.leaseTtl = leaseTtl;
    }

    public static ForecastSettings defaults()
    {
        return new ForecastSettings(true, Duration.ofMinutes(10), 6, 20, Duration.ofDays(8), Duration.ofHours(6), 0.5,
                                    Duration.ofSeconds(180));
    }

    /** run forecasts at all */
    public boolean enabled()
    {
        return enabled;
    }

    /** time step of the series the forecaster works on (a multiple of history.step) */
    public Duration step()
    {
        return step;
    }

    /** how many steps ahead zones are forecast */
    public int horizonSteps()
    {
        return horizonSteps;
    }

    /** zones kept per table and cycle */
    public int topK()
    {
        return topK;
    }

    /** how much history each cycle reads */
    public Duration history()
    {
        return history;
    }

    /** how often the model is retrained (between retrainings it is reused) */
    public Duration retrainEvery()
    {
        return retrainEvery;
    }

    /** share of one core, in [0.05, 1], the training thread may use (paced between trees; 1 = unpaced) */
    public double cpuBudget()
    {
        return cpuBudget;
    }

    /** how long the leader's lease lasts without renewal (it renews every cycle) */
    public Duration leaseTtl()
    {
        return leaseTtl;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof ForecastSettings))
            return false;
        ForecastSettings that = (ForecastSettings) o;
        return enabled == that.enabled && Objects.equals(step, that.step) && horizonSteps == that.horizonSteps
               && topK == that.topK && Objects.equals(history, that.history)
               && Objects.equals(retrainEvery, that.retrainEvery) && Double.compare(cpuBudget, that.cpuBudget) == 0
               && Objects.equals(leaseTtl, that.leaseTtl);
    }

    @Override
    public int hashCode()
    {
        int h = Boolean.hashCode(enabled);
        h = 31 * h + Objects.hashCode(step);
        h = 31 * h + horizonSteps;
        h = 31 * h + topK;
        h = 31 * h + Objects.hashCode(history);
        h = 31 * h + Objects.hashCode(retrainEvery);
        h = 31 * h + Double.hashCode(cpuBudget);
        h = 31 * h + Objects.hashCode(leaseTtl);
        return h;
    }

    @Override
    public String toString()
    {
        return "ForecastSettings[enabled=" + enabled + ", step=" + step + ", horizonSteps=" + horizonSteps
               + ", topK=" + topK + ", history=" + history + ", retrainEvery=" + retrainEvery
               + ", cpuBudget=" + cpuBudget + ", leaseTtl=" + leaseTtl + "]";
    }
}
