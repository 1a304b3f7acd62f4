package io.hotzone;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the plugin is doing on this node, as one immutable snapshot: the MBean, the {@code hotzone_views.status}
 * virtual table and {@code nodetool-ext hotzone status} all print this.
 */
public final class PluginStatus
{
    private final State state;
    private final String reason;
    private final String lastError;
    private final String role;
    private final List<String> features;
    private final Instant since;

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

    /**
     * @param state lifecycle state
     * @param reason why the plugin is in this state, for anything but ACTIVE; empty when ACTIVE
     * @param lastError the most recent error, even if the plugin recovered from it; empty if none
     * @param role {@code member} or, once leader election exists, {@code leader}
     * @param features features that are switched on
     * @param since when the state was entered
     */
    public PluginStatus(State state, String reason, String lastError, String role, List<String> features, Instant since)
    {
        features = List.copyOf(features);
        this.state = state;
        this.reason = reason;
        this.lastError = lastError;
        this.role = role;
        this.features = features;
        this.since = since;
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

    /** lifecycle state */
    public State state()
    {
        return state;
    }

    /** why the plugin is in this state, for anything but ACTIVE; empty when ACTIVE */
    public String reason()
    {
        return reason;
    }

    /** the most recent error, even if the plugin recovered from it; empty if none */
    public String lastError()
    {
        return lastError;
    }

    /** {@code member} or, once leader election exists, {@code leader} */
    public String role()
    {
        return role;
    }

    /** features that are switched on */
    public List<String> features()
    {
        return features;
    }

    /** when the state was entered */
    public Instant since()
    {
        return since;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof PluginStatus))
            return false;
        PluginStatus that = (PluginStatus) o;
        return Objects.equals(state, that.state) && Objects.equals(reason, that.reason)
               && Objects.equals(lastError, that.lastError) && Objects.equals(role, that.role)
               && Objects.equals(features, that.features) && Objects.equals(since, that.since);
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(state);
        h = 31 * h + Objects.hashCode(reason);
        h = 31 * h + Objects.hashCode(lastError);
        h = 31 * h + Objects.hashCode(role);
        h = 31 * h + Objects.hashCode(features);
        h = 31 * h + Objects.hashCode(since);
        return h;
    }

    @Override
    public String toString()
    {
        return "PluginStatus[state=" + state + ", reason=" + reason + ", lastError=" + lastError + ", role=" + role
               + ", features=" + features + ", since=" + since + "]";
    }
}
