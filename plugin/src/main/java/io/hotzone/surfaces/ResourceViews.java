package io.hotzone.surfaces;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;

import io.hotzone.resources.KnobState;
import io.hotzone.resources.LoadPredictions;
import io.hotzone.resources.LoadWindow;
import io.hotzone.resources.NodeSample;
import io.hotzone.resources.NodeSampler;
import io.hotzone.resources.Reservation;
import io.hotzone.resources.ReservationApplier;
import io.hotzone.server.View;
import io.hotzone.server.View.Column;
import io.hotzone.server.View.Type;

/** {@code hotzone_views.node_metrics} and {@code hotzone_views.reservations}: this node's load and its knobs. */
public final class ResourceViews
{
    private ResourceViews()
    {
    }

    /** The samples this node keeps in memory, newest first; empty while resources are off or not started. */
    public static View nodeMetrics(String node, Supplier<NodeSampler> sampler)
    {
        List<Column> columns = new ArrayList<>(List.of(new Column("node", Type.TEXT), new Column("at", Type.TIMESTAMP), new Column("step_seconds", Type.DOUBLE)));
        NodeSample.COLUMNS.forEach(c -> columns.add(new Column(c, Type.DOUBLE)));
        return new View("node_metrics", "This node's load per sample step (also in hotzone.node_metrics, for every node)", columns, 1, () -> {
            List<Object[]> rows = new ArrayList<>();
            NodeSampler s = sampler.get();
            if (s == null)
                return rows;
            for (NodeSample sample : s.recent())
            {
                List<Object> row = new ArrayList<>(List.of(node, Date.from(sample.at()), sample.stepSeconds()));
                row.addAll(sample.values().values());
                rows.add(row.toArray());
            }
            return rows;
        });
    }

    /**
     * This node's load prediction windows, oldest first: predicted at the start, measured at the end, the CPU error, and
     * the CPU MAPE over the last {@value LoadPredictions#MAPE_WINDOWS} closed windows up to this one.
     */
    public static View loadPredictions(String node, Supplier<LoadPredictions> predictions)
    {
        List<Column> columns = List.of(new Column("node", Type.TEXT), new Column("window_start", Type.TIMESTAMP), new Column("window_end", Type.TIMESTAMP),
                                       new Column("predicted_reads_per_s", Type.DOUBLE), new Column("zone_reads_per_s", Type.DOUBLE),
                                       new Column("predicted_writes_per_s", Type.DOUBLE), new Column("predicted_cpu", Type.DOUBLE),
                                       new Column("measured_reads_per_s", Type.DOUBLE), new Column("measured_writes_per_s", Type.DOUBLE),
                                       new Column("measured_cpu", Type.DOUBLE), new Column("cpu_error", Type.DOUBLE), new Column("cpu_mape", Type.DOUBLE));
        return new View("load_predictions", "This node's load per window: predicted (requests, of which from zones, CPU in cores) and measured", columns, 1, () -> {
            List<Object[]> rows = new ArrayList<>();
            LoadPredictions p = predictions.get();
            if (p == null)
                return rows;
            for (LoadWindow w : p.windows())
                rows.add(new Object[]{ node, Date.from(w.start()), Date.from(w.end()), w.predictedReads(), w.zoneReads(), w.predictedWrites(),
                                       orNull(w.predictedCpu()), orNull(w.measuredReads()), orNull(w.measuredWrites()), orNull(w.measuredCpu()),
                                       orNull(w.cpuError()), orNull(w.cpuMape()) });
            return rows;
        });
    }

    private static Double orNull(double v)
    {
        return Double.isNaN(v) ? null : v;
    }

    /** Per knob: the reservation this node follows, what it applied, its baseline, value now and ceiling. */
    public static View reservations(Supplier<ReservationApplier> applier)
    {
        List<Column> columns = List.of(new Column("knob", Type.TEXT), new Column("reserved", Type.BIGINT), new Column("expires", Type.TIMESTAMP),
                                       new Column("origin", Type.TEXT), new Column("reason", Type.TEXT), new Column("applied", Type.BIGINT),
                                       new Column("baseline", Type.BIGINT), new Column("current", Type.BIGINT), new Column("ceiling", Type.BIGINT),
                                       new Column("status", Type.TEXT));
        return new View("reservations", "This node's reservable knobs: reservation followed, value applied, baseline, ceiling", columns, 0, () -> {
            List<Object[]> rows = new ArrayList<>();
            ReservationApplier a = applier.get();
            if (a == null)
                return rows;
            for (KnobState s : a.states())
            {
                Reservation r = a.reservation(s.knob()).orElse(null);
                rows.add(new Object[]{ s.knob().key(), r == null ? null : r.value(), r == null ? null : Date.from(r.expires()), r == null ? null : r.origin(),
                                       r == null ? null : r.reason(), s.applied(), s.baseline(), s.current(), s.ceiling(), s.status() });
            }
            return rows;
        });
    }
}
