package io.hotzone.config;

import java.util.Locale;
import java.util.Objects;

/**
 * How many mirror replicas a forecast zone gets ({@code boost.mirror_sizing}, {@code boost.replica_reads_per_second},
 * {@code boost.mirror_headroom}).
 */
public final class MirrorSizingSettings
{
    /** While the largest data center has at most this many nodes, {@link Mode#AUTO} puts every zone on every node. */
    public static final int AUTO_EVERY_NODE_UP_TO = 12;

    public enum Mode
    {
        /** Every node while the largest data center has up to {@link #AUTO_EVERY_NODE_UP_TO} nodes, sized to the load once it has more. */
        AUTO,
        /** Sized to the zone's predicted load. */
        LOAD,
        /** Every mirror replica ({@code boost.replicas_per_dc}). */
        EVERY_NODE;

        public String configName()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Mode parse(String value)
        {
            for (Mode m : values())
                if (m.configName().equals(value.trim().toLowerCase(Locale.ROOT)))
                    return m;
            throw new IllegalArgumentException("must be auto, load or every-node, got '" + value + "'");
        }
    }

    private final Mode mode;
    private final double replicaReadsPerSecond;
    private final double headroom;

    /**
     * @param replicaReadsPerSecond what one replica serves; 0: measured on the leader (its learned CPU per read)
     * @param headroom              spare capacity a sized zone keeps: each replica at most at capacity / headroom
     */
    public MirrorSizingSettings(Mode mode, double replicaReadsPerSecond, double headroom)
    {
        this.mode = mode;
        this.replicaReadsPerSecond = replicaReadsPerSecond;
        this.headroom = headroom;
    }

    public static MirrorSizingSettings defaults()
    {
        return new MirrorSizingSettings(Mode.AUTO, 0, 1.25);
    }

    public Mode mode()
    {
        return mode;
    }

    public double replicaReadsPerSecond()
    {
        return replicaReadsPerSecond;
    }

    public double headroom()
    {
        return headroom;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof MirrorSizingSettings))
            return false;
        MirrorSizingSettings that = (MirrorSizingSettings) o;
        return mode == that.mode && Double.compare(replicaReadsPerSecond, that.replicaReadsPerSecond) == 0 && Double.compare(headroom, that.headroom) == 0;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(mode, replicaReadsPerSecond, headroom);
    }

    @Override
    public String toString()
    {
        return "MirrorSizingSettings[mode=" + mode.configName() + ", replicaReadsPerSecond=" + replicaReadsPerSecond + ", headroom=" + headroom + "]";
    }
}
