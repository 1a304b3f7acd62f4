package io.hotzone.driver;

import com.datastax.oss.driver.api.core.config.DriverOption;


/**
 * The options of {@link HotZoneLoadBalancingPolicy}, under {@code datastax-java-driver.hotzone} (per execution
 * profile, like every driver option). Their defaults and documentation are in the {@code reference.conf} of this
 * artifact; a profile that does not define them uses those defaults.
 */
public enum HotZoneOption implements DriverOption
{
    /**
     * How often the plan version is polled (a node-local read of the version the node follows) while the plan changes;
     * the full plan is read only when it moved.
     */
    PLAN_REFRESH_INTERVAL("hotzone.plan-refresh-interval"),
    /**
     * The longest interval between two polls while the plan is at rest: each unchanged poll doubles the interval up to
     * this; a change brings it back to {@link #PLAN_REFRESH_INTERVAL}. Equal to it to poll at a fixed rate.
     */
    PLAN_REFRESH_MAX_INTERVAL("hotzone.plan-refresh-max-interval"),
    /** Consistency levels of the reads that may be routed to pre-warmed replicas. */
    CONSISTENCY_LEVELS("hotzone.consistency-levels"),
    /** Share of hot-zone reads that keep the stock plan, for the A/B measurement (0 to 1). */
    STOCK_SHARE("hotzone.ab-stock-share"),
    /** The keyspace holding the plan. */
    PLAN_KEYSPACE("hotzone.plan-keyspace"),
    /** The keyspace holding the mirror tables, whose token map tells which nodes hold a zone's copy. */
    MIRROR_KEYSPACE("hotzone.mirror-keyspace"),
    /** Register the A/B summary as a JMX MBean. */
    JMX_ENABLED("hotzone.jmx-enabled"),
    /**
     * How often every node's tokens are checked, and a node whose tokens changed refreshed, so token-aware routing
     * follows token moves, which Java driver 4 does not learn of by itself; 0 turns it off. A check reads one node's
     * digest of the ring, and every node's tokens only when the digest moved (and every 30th check).
     */
    TOKEN_REFRESH_INTERVAL("hotzone.token-refresh-interval");

    private final String path;

    HotZoneOption(String path)
    {
        this.path = path;
    }

    @Override
    public String getPath()
    {
        return path;
    }
}
