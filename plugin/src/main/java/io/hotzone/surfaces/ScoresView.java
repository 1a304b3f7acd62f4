package io.hotzone.surfaces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.codahale.metrics.Gauge;

import io.hotzone.capture.TableRef;
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
                                       new Column("mae_log", Type.DOUBLE), new Column("lead_time_steps", Type.DOUBLE),
                                       new Column("challengers_compared", Type.BIGINT), new Column("challengers_won", Type.BIGINT),
                                       new Column("served", Type.TEXT), new Column("served_why", Type.TEXT));
        return new View("scores", "How this node's forecasts (as leader) turned out, per table, over its recent forecasts", columns, 0, () -> {
            List<Object[]> rows = new ArrayList<>();
            Set<TableRef> tables = new TreeSet<>(Comparator.comparing(TableRef::toString));
            tables.addAll(scoring.summary().keySet());
            tables.addAll(scoring.retrainings().keySet());
            tables.addAll(scoring.served().keySet());
            for (TableRef table : tables)
            {
                Scores s = scoring.summary().getOrDefault(table, new Scores());
                ForecastScoring.Retrainings r = scoring.retrainings().getOrDefault(table, new ForecastScoring.Retrainings(0, 0));
                String[] served = scoring.served().getOrDefault(table, new String[]{ "baselines", "no model yet: the baselines and the event prior serve" });
                rows.add(new Object[]{ table.toString(), s.forecasts(), s.precision(), s.recall(), s.f1(), s.maeLog(), s.leadTime(),
                                       r.compared(), r.replaced(), served[0], served[1] });
            }
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
        server.registerMetric("ForecastChallengersCompared", (Gauge<Long>) () -> scoring.retrainings().values().stream().mapToLong(ForecastScoring.Retrainings::compared).sum());
        server.registerMetric("ForecastChallengersWon", (Gauge<Long>) () -> scoring.retrainings().values().stream().mapToLong(ForecastScoring.Retrainings::replaced).sum());
    }
}
