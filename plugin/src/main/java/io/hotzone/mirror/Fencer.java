package io.hotzone.mirror;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Fence;
import io.hotzone.plan.FenceStore;
import io.hotzone.plan.Zone;

/**
 * Records fences. {@link #fenceAndWait} is what a coordinator does before acknowledging a write some mirror may lack:
 * write the fence at quorum, then wait one routing lease, after which every view that did not see the fence has
 * expired. {@link #fenceLater} does the same in the background, for writes whose acknowledgement does not depend on it.
 */
public final class Fencer
{
    private final FenceStore store;
    private final ZoneDirectory directory;
    private final Executor background;
    private final BiConsumer<String, Throwable> onError;

    public Fencer(FenceStore store, ZoneDirectory directory, Executor background, BiConsumer<String, Throwable> onError)
    {
        this.store = store;
        this.directory = directory;
        this.background = background;
        this.onError = onError;
    }

    /**
     * A fence of this node (or {@link Fence#EVERY_NODE}, or {@link Fence#REFRESH}) on whatever round of the zone is the
     * newest when the leader sees it ({@link Fence#ANY_ROUND}): this node's view of the round may be a lease old.
     */
    public Fence fence(Zone zone, String node, String reason)
    {
        return new Fence(zone.id(), Fence.ANY_ROUND, node, UUID.randomUUID(), reason, directory.me());
    }

    /** A fence on a round known exactly (the round this node just copied). */
    public Fence fence(Zone zone, int round, String node, String reason)
    {
        return new Fence(zone.id(), round, node, UUID.randomUUID(), reason, directory.me());
    }

    /** A fence on every zone of the table (with this id), for every node. */
    public Fence tableFence(TableRef table, UUID tableId, String reason)
    {
        return new Fence(Fence.tableZoneId(table, tableId), -1, Fence.EVERY_NODE, UUID.randomUUID(), reason, directory.me());
    }

    /**
     * Writes the fences, then waits until every valid view shows them ({@link ZoneDirectory#settleNanos}).
     *
     * @return false when the fences could not be recorded at quorum (counted in FenceFailures)
     */
    public boolean fenceAndWait(Collection<Fence> fences)
    {
        if (fences.isEmpty())
            return true;
        boolean written = write(fences);
        long wait = directory.settleNanos();
        long until = directory.now() + wait;
        for (long left = wait; left > 0; left = until - directory.now())
        {
            try
            {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return written;
    }

    /** Writes the fences on a background thread. */
    public void fenceLater(Collection<Fence> fences)
    {
        fenceLater(fences, () -> {});
    }

    /** Writes the fences on a background thread; {@code onFailure} runs there when they could not be recorded. */
    public void fenceLater(Collection<Fence> fences, Runnable onFailure)
    {
        if (fences.isEmpty())
            return;
        List<Fence> copy = List.copyOf(fences);
        Runnable task = () -> {
            if (!write(copy))
                onFailure.run();
        };
        try
        {
            background.execute(task);
        }
        catch (RejectedExecutionException e)
        {
            task.run();
        }
    }

    private boolean write(Collection<Fence> fences)
    {
        try
        {
            boolean ok = store.write(fences);
            directory.fencesWritten.addAndGet(fences.size());
            if (!ok)
            {
                directory.fenceFailures.addAndGet(fences.size());
                onError.accept("could not record " + fences + " at EACH_QUORUM or LOCAL_QUORUM; a mirror may serve an older value until it can read the plan", null);
            }
            return ok;
        }
        catch (RuntimeException e)
        {
            directory.fenceFailures.addAndGet(fences.size());
            onError.accept("could not record " + fences, e);
            return false;
        }
    }
}
