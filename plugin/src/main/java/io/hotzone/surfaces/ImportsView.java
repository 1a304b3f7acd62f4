package io.hotzone.surfaces;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Server;

/** The bulk imports the client tool recorded in {@code hotzone.imports}, as tab-separated lines, newest first. */
public final class ImportsView
{
    /** Column names of each import line, in order. */
    public static final List<String> COLUMNS = List.of("Import", "Table", "State", "Records", "Done", "Rows", "Rejected", "Started", "Updated",
                                                       "Rows per node", "Zones", "Note");

    private final Server server;

    public ImportsView(Server server)
    {
        this.server = server;
    }

    /** At most {@code limit} imports, the most recently updated first. */
    public List<String> lines(int limit)
    {
        List<Map<String, Object>> rows = new ArrayList<>(server.execute("SELECT * FROM " + HotZoneKeyspace.NAME + "." + HotZoneKeyspace.IMPORTS,
                                                                        Consistency.LOCAL_QUORUM));
        rows.sort(Comparator.comparing((Map<String, Object> r) -> time(r.get("updated_at"))).reversed());
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : rows.subList(0, Math.min(limit, rows.size())))
        {
            Object nodes = r.get("node_rows");
            String perNode = nodes instanceof Map
                             ? ((Map<?, ?>) nodes).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))
                             : "";
            Object zones = r.get("zones");
            out.add(String.join("\t", text(r.get("id")), text(r.get("keyspace_name")) + "." + text(r.get("table_name")), text(r.get("state")),
                                text(r.get("records")), text(r.get("records_done")), text(r.get("rows_written")), text(r.get("rejected")),
                                time(r.get("started_at")).toString(), time(r.get("updated_at")).toString(), perNode,
                                zones instanceof List ? String.join(" ", ((List<?>) zones).stream().map(Object::toString).collect(Collectors.toList())) : "",
                                text(r.get("note"))));
        }
        return out;
    }

    private static String text(Object o)
    {
        return o == null ? "" : o.toString().replace('\t', ' ').replace('\n', ' ');
    }

    private static Instant time(Object o)
    {
        return o instanceof Date ? ((Date) o).toInstant() : o instanceof Instant ? (Instant) o : Instant.EPOCH;
    }
}
