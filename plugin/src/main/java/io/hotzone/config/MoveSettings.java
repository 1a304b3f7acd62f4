package io.hotzone.config;

import java.time.Duration;

/** Token move settings (the {@code moves:} section of hotzone.yaml). */
public final class MoveSettings
{
    private final boolean enabled;
    private final boolean dryRun;
    private final Duration poll;
    private final Duration lockTtl;
    private final Duration cooldown;
    private final int dailyBudget;
    private final double freeDiskFactor;
    private final int maxMoves;
    private final double minGain;
    private final Duration window;
    private final boolean automatic;
    private final double minConfidence;

    /**
     * @param enabled        nodes run requested token moves (single-token rings only)
     * @param dryRun         a requested move is checked by every guard and recorded, never run
     * @param poll           how often a node looks for moves requested of it
     * @param lockTtl        the cluster-wide move lock lapses this long after its holder stopped renewing it
     * @param cooldown       a node that moved may not move again within this (a revert may)
     * @param dailyBudget    moves started in any 24 hours, at most
     * @param freeDiskFactor the moving node's free disk must hold this many times the data it is estimated to receive
     * @param maxMoves       moves in one plan, at most
     * @param minGain        share by which the busiest node's load must drop for a plan to propose moves
     * @param window         access history a plan balances (the most recent)
     * @param automatic      the leader requests moves for forecast write-hot ranges, and merges back after them
     * @param minConfidence  a write-hot range the forecast found (not an announced event) gets a move only this confident
     */
    public MoveSettings(boolean enabled, boolean dryRun, Duration poll, Duration lockTtl, Duration cooldown, int dailyBudget, double freeDiskFactor,
                        int maxMoves, double minGain, Duration window, boolean automatic, double minConfidence)
    {
        this.automatic = automatic;
        this.minConfidence = minConfidence;
        this.enabled = enabled;
        this.dryRun = dryRun;
        this.poll = poll;
        this.lockTtl = lockTtl;
        this.cooldown = cooldown;
        this.dailyBudget = dailyBudget;
        this.freeDiskFactor = freeDiskFactor;
        this.maxMoves = maxMoves;
        this.minGain = minGain;
        this.window = window;
    }

    public static MoveSettings defaults()
    {
        return new MoveSettings(true, false, Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofHours(1), 4, 2.0, 3, 0.1, Duration.ofMinutes(15), false, 0.8);
    }

    public boolean enabled()
    {
        return enabled;
    }

    public boolean automatic()
    {
        return automatic;
    }

    public double minConfidence()
    {
        return minConfidence;
    }

    public boolean dryRun()
    {
        return dryRun;
    }

    public Duration poll()
    {
        return poll;
    }

    public Duration lockTtl()
    {
        return lockTtl;
    }

    public Duration cooldown()
    {
        return cooldown;
    }

    public int dailyBudget()
    {
        return dailyBudget;
    }

    public double freeDiskFactor()
    {
        return freeDiskFactor;
    }

    public int maxMoves()
    {
        return maxMoves;
    }

    public double minGain()
    {
        return minGain;
    }

    public Duration window()
    {
        return window;
    }

    @Override
    public String toString()
    {
        return "MoveSettings[enabled=" + enabled + ", dryRun=" + dryRun + ", poll=" + poll + ", lockTtl=" + lockTtl + ", cooldown=" + cooldown
               + ", dailyBudget=" + dailyBudget + ", freeDiskFactor=" + freeDiskFactor + ", maxMoves=" + maxMoves + ", minGain=" + minGain
               + ", window=" + window + ", automatic=" + automatic + ", minConfidence=" + minConfidence + "]";
    }
}
