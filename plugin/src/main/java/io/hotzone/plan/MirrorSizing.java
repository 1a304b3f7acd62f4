package io.hotzone.plan;

import java.util.Map;

import io.hotzone.config.MirrorSizingSettings;

/**
 * How many mirror replicas per data center a forecast zone gets: enough that each, taking its share of the zone's
 * predicted reads and every one of its writes (each mirror replica takes them all), stays within what one replica serves
 * divided by the headroom — but never more than twice what the load needs without headroom (where the writes nearly
 * fill a replica, headroom would take many times that). A zone its own replicas serve needs no mirror, nor does one
 * whose writes alone fill a replica: more replicas would only add load (it needs a token move). The simulator
 * ({@code bin/hotzone simulate}) sizes zones with this same rule.
 */
public final class MirrorSizing
{
    /** {@link #replicas}: the zone needs no mirror. */
    public static final int NONE = -1;
    /** {@link #replicas}: every mirror replica (also what a zone gets while the capacity is unknown). */
    public static final int EVERY = 0;

    private MirrorSizing()
    {
    }

    /**
     * @param reads    predicted reads per second of the whole zone (at its peak)
     * @param writes   predicted writes per second of the whole zone
     * @param capacity reads per second one replica serves; NaN or not positive when unknown
     * @param rf       the source table's replicas per data center (they serve the zone without a mirror)
     * @return the replica count needed without headroom, at least {@code rf}; {@code Long.MAX_VALUE} when the writes
     *         alone fill a replica
     */
    public static long needed(double reads, double writes, double capacity, double headroom, int rf)
    {
        double room = capacity / headroom - writes;
        if (!(room > 0))
            return Long.MAX_VALUE;
        return Math.max(rf, (long) Math.ceil(reads / room));
    }

    /**
     * The count a zone gets: {@link #EVERY}, {@link #NONE}, or a number of replicas per data center above {@code rf} and
     * below {@code ceiling}.
     *
     * @param ceiling   the most a zone can get (the mirror keyspace's replicas per DC in its largest DC)
     * @param largestDc nodes in the largest data center (mode {@code auto} sizes only above 12)
     */
    public static int replicas(MirrorSizingSettings settings, double reads, double writes, double capacity, int rf, int ceiling, int largestDc)
    {
        if (!sizes(settings, capacity, largestDc))
            return EVERY;
        long bare = needed(reads, writes, capacity, 1, rf);
        if (bare == Long.MAX_VALUE)
            return NONE;
        long sized = Math.min(Math.max(bare, needed(reads, writes, capacity, settings.headroom(), rf)), 2 * bare);
        if (sized <= rf)
            return NONE;
        return sized >= ceiling ? EVERY : (int) sized;
    }

    /**
     * Whether zones are sized at all: not under {@code every-node}, nor under {@code auto} in data centers of up to 12
     * nodes, nor while the capacity of a replica is unknown (then every zone goes to every mirror replica, and no zone
     * grows for it).
     */
    public static boolean sizes(MirrorSizingSettings settings, double capacity, int largestDc)
    {
        return settings.mode() != MirrorSizingSettings.Mode.EVERY_NODE
               && !(settings.mode() == MirrorSizingSettings.Mode.AUTO && largestDc <= MirrorSizingSettings.AUTO_EVERY_NODE_UP_TO)
               && capacity > 0;
    }

    /** The largest data center's share of the mirror keyspace: {@code replicasPerDc}, or the DC's size when 0. */
    public static int ceiling(int replicasPerDc, Map<String, Integer> dcSizes)
    {
        int largest = dcSizes.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        return replicasPerDc <= 0 ? largest : Math.min(replicasPerDc, largest);
    }
}
