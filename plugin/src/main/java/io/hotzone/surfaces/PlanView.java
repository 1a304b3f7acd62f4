package io.hotzone.surfaces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.hotzone.plan.Plan;
import io.hotzone.plan.Progress;
import io.hotzone.plan.Zone;

/**
 * The plan as tab-separated lines for nodetool-ext: zones with state, copy progress and bytes. Columns are only ever
 * added at the end (scripts read them by position).
 */
public final class PlanView
{
    /** Column names of each zone line, in order. */
    public static final List<String> COLUMNS = List.of("Zone", "Table", "Target", "State", "Round", "Origin", "Confidence", "Until",
                                                       "Mirroring", "Copied", "Partitions", "Bytes", "Note", "Mirrors");

    private PlanView()
    {
    }

    public static List<String> lines(Plan plan, Map<String, List<Progress>> progress)
    {
        List<String> out = new ArrayList<>();
        out.add(Long.toString(plan.version()));
        for (Zone z : plan.zones())
        {
            List<Progress> reports = progress.getOrDefault(z.id(), List.of());
            long armed = reports.stream().filter(p -> p.round() == z.round() && (p.phase() == Progress.Phase.MIRRORING || p.phase() == Progress.Phase.COPIED)).count();
            List<Progress> copied = reports.stream().filter(p -> p.round() == z.round() && p.phase() == Progress.Phase.COPIED).collect(Collectors.toList());
            out.add(String.join("\t", z.id(), z.table().toString(), abbreviate(z.target()), z.state() + (z.dryRun() ? " (dry run)" : ""),
                                Integer.toString(z.round()), z.origin(), String.format("%.2f", z.confidence()), z.end().toString(),
                                Long.toString(armed), Integer.toString(copied.size()),
                                Long.toString(copied.stream().mapToLong(Progress::partitions).sum()),
                                Long.toString(copied.stream().mapToLong(Progress::bytes).sum()), z.note(),
                                mirrors(z)));
        }
        return out;
    }

    /** "all", "3 per DC", or while a zone grows "6 per DC (3 serving)". */
    private static String mirrors(Zone z)
    {
        String target = z.mirrorReplicas() == 0 ? "all" : z.mirrorReplicas() + " per DC";
        return z.servingMirrorReplicas() == z.mirrorReplicas() ? target : target + " (" + z.servingMirrorReplicas() + " serving)";
    }

    private static String abbreviate(String target)
    {
        return target.length() <= 60 ? target : target.substring(0, 57) + "...";
    }
}
