package io.hotzone.config;

import java.time.Duration;

/**
 * On-cluster forecasting (the {@code forecast:} section of hotzone.yaml), run by the leader each cycle.
 *
 * @param enabled      run forecasts at all
 * @param step         time step of the series the forecaster works on (a multiple of history.step)
 * @param horizonSteps how many steps ahead zones are forecast
 * @param topK         zones kept per table and cycle
 * @param history      how much history each cycle reads
 * @param retrainEvery how often the model is retrained (between retrainings it is reused)
 * @param cpuBudget    wall time one cycle, or one table's training, may take; beyond it the next scheduled retraining is skipped and the overrun logged
 * @param leaseTtl     how long the leader's lease lasts without renewal (it renews every cycle)
 */
public record ForecastSettings(boolean enabled, Duration step, int horizonSteps, int topK, Duration history, Duration retrainEvery,
                               Duration cpuBudget, Duration leaseTtl)
{
    public static ForecastSettings defaults()
    {
        return new ForecastSettings(true, Duration.ofMinutes(10), 6, 20, Duration.ofDays(8), Duration.ofHours(6), Duration.ofSeconds(20),
                                    Duration.ofSeconds(180));
    }
}
