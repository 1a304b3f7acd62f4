package io.hotzone.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Drives the plan ({@link PlanDriver}) on its own thread, every {@code boost.plan_poll} while this node leads. A zone
 * moves PLANNED → ARMING → WARMING → READY over several passes, each after the nodes reported; once per forecast cycle
 * (60 s by default) that took minutes, and a pass that changes schema (seconds on a busy node) held up forecasting.
 */
public final class PlanDriverLoop
{
    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(PlanDriverLoop.class);

    private final PlanDriver driver;
    private final BooleanSupplier leading;
    private final Duration period;
    private final BiConsumer<String, Throwable> onError;
    private final AtomicBoolean nudged = new AtomicBoolean();
    private ScheduledExecutorService executor;
    private int failures;

    public PlanDriverLoop(PlanDriver driver, BooleanSupplier leading, Duration period, BiConsumer<String, Throwable> onError)
    {
        this.driver = driver;
        this.leading = leading;
        this.period = period;
        this.onError = onError;
    }

    public synchronized void start()
    {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "HotZone-driver");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::pass, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop()
    {
        if (executor != null)
            executor.shutdownNow();
    }

    /**
     * A pass soon (after the leader planned new zones), besides the scheduled ones; passes never overlap, and nudges
     * that arrive before the nudged pass started (one per table in a cycle) make one pass, not one each.
     */
    public synchronized void nudge()
    {
        if (executor == null || !nudged.compareAndSet(false, true))
            return;
        try
        {
            executor.execute(this::pass);
        }
        catch (RejectedExecutionException stopped)
        {
            // stopping: nothing more to drive
        }
    }

    /** Runs on the driver thread only; a scheduled task that throws is never run again, so nothing escapes. */
    private void pass()
    {
        nudged.set(false);
        try
        {
            if (!leading.getAsBoolean())
                return;
            long t0 = System.currentTimeMillis();
            driver.drive(Instant.now());
            long took = System.currentTimeMillis() - t0;
            if (took > period.toMillis() * 4)
                logger.info("HotZone: driving the plan took {} ms", took);
            failures = 0;
        }
        catch (RuntimeException e)
        {
            // A schema change still spreading or a replica briefly down fails one pass; the next one retries.
            if (++failures == 3 || failures % 100 == 0)
                onError.accept("driving the plan failed " + failures + " times in a row", e);
        }
        catch (Throwable t)
        {
            onError.accept("driving the plan failed", t);
        }
    }
}
