package io.hotzone.surfaces;

import java.util.ArrayList;
import java.util.List;

import com.codahale.metrics.Gauge;

import io.hotzone.forecast.ForecastScoring;
import io.hotzone.forecast.Scores;
import io.hotzone.server.Server;
import io.hotzone.server.View;
import io.hotzone.server.View.Column;
import io.hotzone.server.View.Type;

/**
 * {@code hotzone_views.scores} and the {@code Forecast*} metrics: how the forecasts this node made as leader turned
 * out, once their horizon passed (empty on a node that has not been leader).
 */
public final class ScoresView
{
    private ScoresView()
    {
    }

    public static View create(ForecastScoring scoring)
    {
        List<Column> columns = List.of(new Column("table_name", Type.TEXT), new Column("forecasts_scored", Type.BIGINT),
                                       new Column("precision", Type.DOUBLE), new Column("recall", Type.DOUBLE), new Column("f1", Type.DOUBLE),
                                       new Column("mae_log", Type.DOUBLE), new Column("lead_time_steps", Type.DOUBLE));
        return new View("scores", "How this node's forecasts (as leader) turned out, per table, over its recent forecasts", columns, 0, () -> {
            List<Object[]> rows = new ArrayList<>();
            scoring.summary().forEach((table, s) -> rows.add(new Object[]{ table.toString(), s.forecasts(), s.precision(), s.recall(), s.f1(),
                                                                         s.maeLog(), s.leadTime() }));
            return rows;
        });
    }

    public static void registerMetrics(Server server, ForecastScoring scoring)
    {
        server.registerMetric("ForecastsScored", (Gauge<Long>) () -> scoring.overall().forecasts());
        server.registerMetric("ForecastPrecision", (Gauge<Double>) () -> scoring.overall().precision());
        server.registerMetric("ForecastRecall", (Gauge<Double>) () -> scoring.overall().recall());
        server.registerMetric("ForecastF1", (Gauge<Double>) () -> scoring.overall().f1());
        server.registerMetric("ForecastMaeLog", (Gauge<Double>) () -> scoring.overall().maeLog());
        server.registerMetric("ForecastLeadTimeSteps", (Gauge<Double>) () -> scoring.overall().leadTime());
    }
}
