package io.hotzone.forecast;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Holds the thread that runs it to a share of one core: at each {@link #pace()} it sleeps until the thread's CPU time
 * since {@link #start()} is at most {@code share} times the wall time since then. Time the thread spent off the CPU
 * for other reasons (waiting for a core, I/O) is credit for at most {@link #MAX_CREDIT_NANOS}: a thread that was
 * starved cannot then run unpaced for long. Training paces after each tree, each validation step and each other
 * part (a tenth to half a second of CPU each here), so it exceeds its share for no longer than one part, whatever the
 * table's size. Not thread-safe: one pacer per run, used by the thread it measures.
 */
public final class CpuPacer
{
    /** The thread's CPU clock, the wall clock and sleep; the real ones by default, fixed ones in tests. */
    public interface Clock
    {
        /** CPU time of the calling thread, or -1 where the JVM cannot measure it (then nothing is paced). */
        long cpuNanos();

        long wallNanos();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final Clock THREAD = new Clock()
    {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        @Override
        public long cpuNanos()
        {
            return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        }

        @Override
        public long wallNanos()
        {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException
        {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };

    /** Wall time beyond the share's need that may be carried into the next parts: one second. */
    static final long MAX_CREDIT_NANOS = 1_000_000_000L;

    private final double share;
    private final Clock clock;
    private long cpuStart = -1, wallStart, cpu, slept;
    private int paces;

    /** @param share of one core, in (0, 1]; 1 never sleeps */
    public CpuPacer(double share, Clock clock)
    {
        if (!(share > 0 && share <= 1))
            throw new IllegalArgumentException("share must be in (0, 1], got " + share);
        this.share = share;
        this.clock = clock;
    }

    /** A pacer of the calling thread's CPU time. */
    public static CpuPacer ofThread(double share)
    {
        return new CpuPacer(share, THREAD);
    }

    /** A pacer that never sleeps and measures nothing (it is never started): offline training runs at full speed. */
    public static CpuPacer unpaced()
    {
        return new CpuPacer(1, THREAD);
    }

    /** From now on. */
    public CpuPacer start()
    {
        cpuStart = clock.cpuNanos();
        wallStart = clock.wallNanos();
        cpu = 0;
        slept = 0;
        paces = 0;
        return this;
    }

    /**
     * Sleeps as long as the share asks. Throws {@link CancellationException} when the thread is interrupted meanwhile
     * (its owner stops), with the interrupt kept.
     */
    public void pace()
    {
        if (Thread.currentThread().isInterrupted())
            throw new CancellationException("interrupted"); // the owner stops: checked even when no sleep is due
        if (cpuStart < 0)
            return; // not started, or no CPU clock here
        paces++;
        cpu = clock.cpuNanos() - cpuStart;
        long needed = (long) (cpu / share), now = clock.wallNanos();
        if (now - wallStart - needed > MAX_CREDIT_NANOS)
            wallStart = now - needed - MAX_CREDIT_NANOS;
        long due = needed - (now - wallStart);
        if (share >= 1 || due <= 0)
            return;
        try
        {
            clock.sleepNanos(due);
            slept += due;
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while pacing to " + share + " of a core");
        }
    }

    /** Whether this JVM measures the thread's CPU time (without it nothing is paced). */
    public boolean measures()
    {
        return cpuStart >= 0;
    }

    /** How many times {@link #pace()} measured since {@link #start()}. */
    public int paces()
    {
        return paces;
    }

    /** CPU time of the thread from {@link #start()} to the last {@link #pace()}. */
    public long cpuNanos()
    {
        return cpu;
    }

    /** How long {@link #pace()} slept since {@link #start()}. */
    public long sleptNanos()
    {
        return slept;
    }

    public double share()
    {
        return share;
    }
}
