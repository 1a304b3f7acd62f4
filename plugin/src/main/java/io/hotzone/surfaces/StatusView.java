package io.hotzone.surfaces;

import java.util.Date;
import java.util.List;
import java.util.function.Supplier;

import io.hotzone.PluginStatus;
import io.hotzone.server.View;
import io.hotzone.server.View.Column;
import io.hotzone.server.View.Type;

/**
 * {@code hotzone_views.status}: one row, this node's plugin status, the plan version it follows and a digest of the
 * ring's tokens as it sees them: drivers poll those ({@code SELECT plan_version, ring_digest FROM hotzone_views.status})
 * on whichever node they reach, a read from memory, instead of all reading the plan partition's replicas, and read
 * {@code system.peers} only when the digest moved.
 */
public final class StatusView
{
    private StatusView()
    {
    }

    /**
     * @param planVersion the plan version this node acts on, null while it follows none
     * @param ringDigest  the token owners as this node sees them ({@code Mirrors#ringDigest})
     */
    public static View create(String nodeAddress, String version, String configSource, Supplier<PluginStatus> status, Supplier<Long> planVersion,
                              Supplier<String> ringDigest)
    {
        List<Column> columns = List.of(new Column("node", Type.TEXT),
                                       new Column("plugin_version", Type.TEXT),
                                       new Column("state", Type.TEXT),
                                       new Column("active", Type.BOOLEAN),
                                       new Column("reason", Type.TEXT),
                                       new Column("last_error", Type.TEXT),
                                       new Column("role", Type.TEXT),
                                       new Column("features", Type.TEXT),
                                       new Column("config_source", Type.TEXT),
                                       new Column("state_since", Type.TIMESTAMP),
                                       new Column("plan_version", Type.BIGINT),
                                       new Column("ring_digest", Type.TEXT));
        return new View("status", "HotZone plugin status on this node", columns, 0, () -> {
            PluginStatus s = status.get();
            return List.<Object[]>of(new Object[]{ nodeAddress, version, s.state().name(), s.active(), s.reason(), s.lastError(),
                                                   s.role(), String.join(",", s.features()), configSource, Date.from(s.since()),
                                                   planVersion.get(), ringDigest.get() });
        });
    }
}
