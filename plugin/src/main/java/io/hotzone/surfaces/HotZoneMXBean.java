package io.hotzone.surfaces;

import java.util.List;

/**
 * JMX interface of the plugin, registered as {@value #OBJECT_NAME}. nodetool-ext talks to this; every
 * operation the plugin offers is reachable here.
 */
public interface HotZoneMXBean
{
    String OBJECT_NAME = "io.hotzone:type=HotZone";

    String getVersion();

    /** STARTING, ACTIVE, PASSIVE or DISABLED. */
    String getState();

    boolean isActive();

    /** Why the plugin is not ACTIVE; empty when it is. */
    String getReason();

    String getLastError();

    String getRole();

    List<String> getFeatures();

    /** The hotzone.yaml in use, or empty when the defaults apply. */
    String getConfigSource();

    /** Seconds since the epoch at which the current state was entered. */
    long getStateSince();
}
