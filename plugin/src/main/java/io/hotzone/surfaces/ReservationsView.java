package io.hotzone.surfaces;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.hotzone.resources.Reservation;
import io.hotzone.resources.ReservationStore;

/**
 * Every node's reservations (the plan) beside what each node reported applying, as tab-separated lines ordered by
 * node and knob; knobs nobody reserved and nobody touched (also those a node lacks) are left out.
 */
public final class ReservationsView
{
    /** Column names of each line, in order. */
    public static final List<String> COLUMNS = List.of("Node", "Knob", "Reserved", "Until", "Origin", "Reason", "Applied", "Baseline", "Current",
                                                       "Ceiling", "Status");

    private final ReservationStore store;

    public ReservationsView(ReservationStore store)
    {
        this.store = store;
    }

    public List<String> lines(Instant now)
    {
        Map<String, String[]> byKey = new TreeMap<>();
        for (Map<String, Object> s : store.states())
        {
            String[] line = line(byKey, (String) s.get("node"), (String) s.get("knob"));
            line[6] = text(s.get("applied"));
            line[7] = text(s.get("baseline"));
            line[8] = text(s.get("current"));
            line[9] = text(s.get("ceiling"));
            line[10] = text(s.get("status"));
        }
        for (Reservation r : store.all(now))
        {
            String[] line = line(byKey, r.node(), r.knob().key());
            line[2] = String.valueOf(r.value());
            line[3] = r.expires().toString();
            line[4] = r.origin();
            line[5] = r.reason();
        }
        return byKey.values().stream()
                    .filter(l -> !l[2].isEmpty() || !l[6].isEmpty() || !l[7].isEmpty() || !l[10].isEmpty() && !l[10].startsWith("unavailable"))
                    .map(l -> String.join("\t", l))
                    .collect(java.util.stream.Collectors.toList());
    }

    private static String[] line(Map<String, String[]> byKey, String node, String knob)
    {
        return byKey.computeIfAbsent(node + "\t" + knob, k -> {
            String[] l = new String[COLUMNS.size()];
            java.util.Arrays.fill(l, "");
            l[0] = node;
            l[1] = knob;
            return l;
        });
    }

    private static String text(Object o)
    {
        return o == null ? "" : o.toString().replace('\t', ' ').replace('\n', ' ');
    }
}
