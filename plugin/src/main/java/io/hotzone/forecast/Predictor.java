package io.hotzone.forecast;

/** Predicts the largest count of segment {@code s} within the horizon after origin {@code i}. */
@FunctionalInterface
public interface Predictor
{
    double predict(int s, int i);

    /** Same step one season back (a day; a week when steps are days). */
    static Predictor seasonalNaive(SegmentSeries series, int horizon)
    {
        int season = series.stepsPerDay() > 1 ? series.stepsPerDay() : 7;
        return (s, i) -> {
            double max = 0;
            for (int h = 1; h <= horizon; h++)
                max = Math.max(max, series.at(s, i + h - season * (1 + (h - 1) / season)));
            return max;
        };
    }

    /** What is happening now will go on: the last step's count. */
    static Predictor reactive(SegmentSeries series)
    {
        return series::at;
    }
}
