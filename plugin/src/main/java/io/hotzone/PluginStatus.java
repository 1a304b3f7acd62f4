package io.hotzone;

import java.time.Instant;
import java.util.List;

/**
 * What the plugin is doing on this node, as one immutable snapshot: the MBean, the {@code hotzone_views.status}
 * virtual table and {@code nodetool-ext hotzone status} all print this.
 *
 * @param state     lifecycle state
 * @param reason    why the plugin is in this state, for anything but ACTIVE; empty when ACTIVE
 * @param lastError the most recent error, even if the plugin recovered from it; empty if none
 * @param role      {@code member} or, once leader election exists, {@code leader}
 * @param features  features that are switched on
 * @param since     when the state was entered
 */
public record PluginStatus(State state, String reason, String lastError, String role, List<String> features, Instant since)
{
    public enum State
    {
        /** Waiting for the node to finish starting and joining; nothing acts yet. */
        STARTING,
        /** Initialised; every enabled feature runs. */
        ACTIVE,
        /** Could not initialise (bad config, schema failure); the node runs as if the plugin were absent. */
        PASSIVE,
        /** Switched off in hotzone.yaml; the node runs as if the plugin were absent. */
        DISABLED
    }

    public PluginStatus
    {
        features = List.copyOf(features);
    }

    public static PluginStatus starting(String reason)
    {
        return new PluginStatus(State.STARTING, reason, "", "member", List.of(), Instant.now());
    }

    public PluginStatus to(State next, String why)
    {
        return new PluginStatus(next, why, lastError, role, features, Instant.now());
    }

    public PluginStatus withError(String error)
    {
        return new PluginStatus(state, reason, error, role, features, since);
    }

    public PluginStatus withRole(String newRole)
    {
        return new PluginStatus(state, reason, lastError, newRole, features, since);
    }

    public PluginStatus withFeatures(List<String> enabled)
    {
        return new PluginStatus(state, reason, lastError, role, enabled, since);
    }

    public boolean active()
    {
        return state == State.ACTIVE;
    }
}
