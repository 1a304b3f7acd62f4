package io.hotzone.mirror;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Plan;
import io.hotzone.plan.PlanStore;
import io.hotzone.plan.Progress;
import io.hotzone.plan.Zone;
import io.hotzone.plan.ZoneState;
import io.hotzone.server.Mirrors;

/**
 * Every node's half of acting on the plan, every {@code boost.plan_poll}: reads the plan when its version moved and
 * publishes it to the request path (mirroring and routing), then reports per zone that it has the mirror table
 * (PREPARED), that it mirrors the zone's writes (MIRRORING), copies its local part when the zone is WARMING (COPIED), reports DIRTY when its mirror may have missed
 * writes, and DISARMED for draining zones. After a start it reports every zone it finds warming or ready as DIRTY:
 * it may have missed mirror writes while it was down.
 */
public final class PlanFollower
{
    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(PlanFollower.class);
    private final PlanStore store;
    private final Mirrors mirrors;
    private final ZoneDirectory directory;
    private final String me;
    private final BiFunction<TableRef, String, byte[]> keyParser;
    private final BiConsumer<String, Throwable> onError;
    private final Map<String, Progress> reported = new HashMap<>();
    private long seenVersion = -1;
    private Plan plan = Plan.EMPTY;
    private boolean started;
    private int failures;
    public final java.util.concurrent.atomic.AtomicLong copiedPartitions = new java.util.concurrent.atomic.AtomicLong();
    public final java.util.concurrent.atomic.AtomicLong copiedBytes = new java.util.concurrent.atomic.AtomicLong();
    public final java.util.concurrent.atomic.AtomicLong copyMillis = new java.util.concurrent.atomic.AtomicLong();

    public PlanFollower(PlanStore store, Mirrors mirrors, ZoneDirectory directory, String me, BiFunction<TableRef, String, byte[]> keyParser,
                        BiConsumer<String, Throwable> onError)
    {
        this.store = store;
        this.mirrors = mirrors;
        this.directory = directory;
        this.me = me;
        this.keyParser = keyParser;
        this.onError = onError;
    }

    /** One pass; never throws (a failure is reported and the next pass tries again). */
    public synchronized void poll()
    {
        try
        {
            long version = store.version();
            if (version != seenVersion)
            {
                plan = store.load();
                directory.publish(ActiveZones.of(plan, keyParser));
                seenVersion = plan.version();
            }
            if (!started)
            {
                started = true;
                for (Zone z : plan.zones())
                    if (!z.dryRun() && z.state().mirrored())
                        dirty(z.id(), z.round());
            }
            Set<TableRef> unmirrored = directory.drainUnmirrored();
            for (Zone z : plan.zones())
                if (z.state().mirrored() && unmirrored.contains(z.table()))
                    dirty(z.id(), z.round());
            directory.drainDirty().forEach(this::dirty);
            for (Zone z : plan.zones())
                if (!z.dryRun())
                    act(z);
        }
        catch (RuntimeException e)
        {
            // Right after a start the plan tables may not have reached every replica's schema yet, and a replica may be
            // briefly down: report only a failure that persists (then every 100th).
            if (++failures == 5 || failures % 100 == 0)
                onError.accept("following the plan failed " + failures + " times in a row", e);
            return;
        }
        failures = 0;
    }

    private void act(Zone z)
    {
        switch (z.state())
        {
            case PLANNED:
                if (mirrors.tableReady(z.table(), z.mirrorTable()) && !reportedAtLeast(z, Progress.Phase.PREPARED))
                    report(new Progress(z.id(), me, z.round(), Progress.Phase.PREPARED, 0, 0));
                return;
            case ARMING:
            case WARMING:
            case READY:
                // The published plan already has this node's trigger mirroring the zone (ActiveZones); say so.
                Progress mine = reported.get(z.id());
                if (mine != null && mine.phase() == Progress.Phase.DIRTY && mine.round() >= z.round())
                    return; // the leader has not started the next round yet: keep the report visible
                if (!reportedAtLeast(z, Progress.Phase.MIRRORING))
                    report(new Progress(z.id(), me, z.round(), Progress.Phase.MIRRORING, 0, 0));
                if (z.state() == ZoneState.WARMING && !reportedAtLeast(z, Progress.Phase.COPIED))
                    copy(z);
                return;
            case DRAINING:
                Progress last = reported.get(z.id());
                if (last == null || last.phase() != Progress.Phase.DISARMED)
                    report(new Progress(z.id(), me, z.round(), Progress.Phase.DISARMED, 0, 0));
                return;
            default:
                reported.remove(z.id());
        }
    }

    private void copy(Zone z)
    {
        long started = System.nanoTime();
        Mirrors.Copied copied;
        if (z.range() != null)
        {
            copied = mirrors.copyRange(z.table(), z.mirrorTable(), z.range().start(), z.range().end());
        }
        else
        {
            List<byte[]> keys = new ArrayList<>(z.keys().size());
            for (String k : z.keys())
                keys.add(keyParser.apply(z.table(), k));
            copied = mirrors.copyKeys(z.table(), z.mirrorTable(), keys);
        }
        long micros = Math.max(1, (System.nanoTime() - started) / 1000);
        logger.info("HotZone: copied zone {} round {}: {} partitions, {} bytes in {} ms ({} partitions/s, {} MB/s)", z.id(), z.round(),
                    copied.partitions(), copied.bytes(), micros / 1000, copied.partitions() * 1_000_000 / micros,
                    String.format("%.2f", copied.bytes() / (double) micros));
        copyMillis.addAndGet(micros / 1000);
        copiedPartitions.addAndGet(copied.partitions());
        copiedBytes.addAndGet(copied.bytes());
        report(new Progress(z.id(), me, z.round(), Progress.Phase.COPIED, copied.partitions(), copied.bytes()));
    }

    private void dirty(String zoneId, int round)
    {
        directory.noteDirtyRound(zoneId, round);
        report(new Progress(zoneId, me, round, Progress.Phase.DIRTY, 0, 0));
    }

    /** Whether this node already reported this phase or a later one for the zone's current round. */
    private boolean reportedAtLeast(Zone z, Progress.Phase phase)
    {
        Progress p = reported.get(z.id());
        return p != null && p.round() == z.round() && p.phase() != Progress.Phase.DIRTY && p.phase().ordinal() >= phase.ordinal();
    }

    private void report(Progress p)
    {
        store.report(p);
        reported.put(p.zoneId(), p);
    }

    /** The plan this node acts on. */
    public Plan plan()
    {
        return plan;
    }
}
