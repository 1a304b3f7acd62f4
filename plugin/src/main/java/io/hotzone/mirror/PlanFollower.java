package io.hotzone.mirror;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Fence;
import io.hotzone.plan.FenceStore;
import io.hotzone.plan.Plan;
import io.hotzone.plan.PlanStore;
import io.hotzone.plan.Progress;
import io.hotzone.plan.Zone;
import io.hotzone.plan.ZoneState;
import io.hotzone.server.Mirrors;

/**
 * Every node's half of acting on the plan. Every renewal ({@code boost.route_lease} / 4) it reads the plan version and
 * the fences at LOCAL_QUORUM (the plan itself when its version moved) and publishes them as the node's routing view;
 * then it reports per zone that it has the mirror table (PREPARED), that it mirrors the zone's writes (MIRRORING), that
 * it copied its local part of the newest round (COPIED, on the copy thread, after fencing the mirror replicas that did
 * not take all of it), and that it stopped routing a draining zone (DISARMED).
 *
 * <p>A node that (re)starts fences itself for every mirrored zone before it uses its first view: it may have missed
 * mirror writes while it was down, and it may have died with writes whose mirroring never happened; the leader's next
 * round copies them. A node that sees the token ring or the mirror keyspace's replication change stops serving at once
 * and fences every node (see {@link #fenceEveryone}).
 */
public final class PlanFollower
{
    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(PlanFollower.class);

    private final PlanStore store;
    private final FenceStore fences;
    private final Mirrors mirrors;
    private final ZoneDirectory directory;
    private final Fencer fencer;
    private final BiFunction<TableRef, String, byte[]> keyParser;
    private final BiConsumer<String, Throwable> onError;
    private final ExecutorService copier;
    private final Map<String, Progress> reported = new HashMap<>();
    /** Zone id + round → when this node first saw that round being copied (System.nanoTime). */
    private final Map<String, Long> roundSeen = new HashMap<>();
    private final Set<String> copying = ConcurrentHashMap.newKeySet();
    /** Tables replayed hints wrote to since the last refresh requests (see {@link #requestHintRefreshes}). */
    private final Set<TableRef> hintedTables = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean hintedUnknownTable = new java.util.concurrent.atomic.AtomicBoolean();
    private long nextHintRefresh;
    private volatile Plan plan = Plan.EMPTY;
    private ActiveZones zones = ActiveZones.NONE;
    private String placement;
    private boolean started;
    private int failures;
    public final AtomicLong copiedPartitions = new AtomicLong();
    public final AtomicLong copiedBytes = new AtomicLong();
    public final AtomicLong copyMillis = new AtomicLong();
    /** Of {@link #copyMillis}, the time in Cassandra streaming sessions. */
    public final AtomicLong copyStreamMillis = new AtomicLong();
    /** CPU time of the copy thread in copies (reading, re-addressing, writing; not the streaming threads): the copy's cost per core. */
    public final AtomicLong copyCpuMillis = new AtomicLong();
    /** Hints received here for tables with mirrored zones (they ask the copying or serving ones for a new round). */
    public final AtomicLong replayedHints = new AtomicLong();

    public PlanFollower(PlanStore store, FenceStore fences, Mirrors mirrors, ZoneDirectory directory, Fencer fencer,
                        BiFunction<TableRef, String, byte[]> keyParser, ExecutorService copier, BiConsumer<String, Throwable> onError)
    {
        this.store = store;
        this.fences = fences;
        this.mirrors = mirrors;
        this.directory = directory;
        this.fencer = fencer;
        this.keyParser = keyParser;
        this.copier = copier;
        this.onError = onError;
        this.nextHintRefresh = directory.now();
    }

    /** One renewal; never throws (a failure is reported and the next renewal tries again; the lease runs out meanwhile). */
    public synchronized void poll()
    {
        try
        {
            renew();
            failures = 0;
        }
        catch (RuntimeException e)
        {
            // Right after a start the plan tables may not have reached every replica's schema yet, and a replica may be
            // briefly down: report only a failure that persists (then every 100th).
            if (++failures == 20 || failures % 400 == 0)
                onError.accept("reading the plan failed " + failures + " times in a row; no mirror reads until it succeeds", e);
        }
        catch (Throwable t)
        {
            onError.accept("following the plan failed", t); // never let an Error cancel the schedule
        }
    }

    private void renew()
    {
        long sent = directory.now();
        // Fences before the plan: the leader deletes a fence only after it committed the plan change that makes it
        // obsolete (a newer complete round, a zone draining), so a fence missing from this read means that change is in
        // the plan read next. The other order could pair the old plan with the fence already gone.
        List<Fence> fenceList = fences.load();
        long version = store.version();
        if (version != plan.version() || !started)
        {
            plan = store.load();
            zones = ActiveZones.of(plan, keyParser);
        }
        long readNanos = directory.now();
        if (!started)
        {
            // Before the first view is used: this node may lack writes, as a mirror replica and as a coordinator.
            fenceSelf("node started");
            started = true;
            try
            {
                mirrors.watchHints(this::hinted);
            }
            catch (Throwable t)
            {
                onError.accept("cannot watch replayed hints; zones copy them at the next boost.refresh_every", t);
            }
        }
        String now = mirrors.placement();
        if (placement != null && !placement.equals(now))
        {
            logger.info("HotZone: the ring or the mirror keyspace's replication changed; every node stops serving mirrors until they are copied again");
            fenceEveryone("the ring or the mirror keyspace's replication changed (seen by " + directory.me() + ")");
        }
        placement = now;
        // A fence seen here first at readNanos is on a quorum (reads at quorum repair before they return): every
        // view read after that shows it, so writes may skip its node once the older views have expired.
        directory.publish(RoutingView.of(plan, zones, fenceList, sent, directory.view(), readNanos), now);
        requestHintRefreshes();
        Set<String> ids = new HashSet<>();
        plan.zones().forEach(z -> ids.add(z.id()));
        directory.retainBlocks(ids);
        reported.keySet().retainAll(ids);
        roundSeen.keySet().removeIf(k -> !ids.contains(k.substring(0, k.indexOf('/'))));
        for (Zone z : plan.zones())
            if (!z.dryRun())
            {
                if (z.state().mirrored() && z.tableId() != null)
                    mirrors.watchSource(z.table(), z.tableId(), () -> bypassed(z.table()));
                act(z);
            }
    }

    /**
     * Data reached a source table here without its write path (streaming, sstableloader, nodetool import): every mirrored
     * zone of the table gets a refresh round, which copies it. Runs on Cassandra's thread: only records fences (in the
     * background).
     */
    private void bypassed(TableRef table)
    {
        List<Fence> out = new ArrayList<>();
        for (Zone z : plan.zones()) // volatile read: never wait for a renewal on Cassandra's thread
            if (!z.dryRun() && z.state().mirrored() && z.table().equals(table))
                out.add(fencer.fence(z, Fence.REFRESH, "sstables added without the write path (streaming or import) on " + directory.me()));
        fencer.fenceLater(out);
    }

    /**
     * A hint replayed here (a write that reached this replica through no coordinator) for this table, or for a table
     * that could not be told (null): noted for the next renewal, which asks the table's zones for a new round. Runs on
     * the thread that applies the hint, just before, once per hint: never blocks.
     */
    private void hinted(TableRef table)
    {
        RoutingView view = directory.view(); // a map lookup per hint; which zones get a round is decided at the renewal
        if (view == null || (table == null ? plan.zones().isEmpty() : !view.zones().has(table)))
            return;
        replayedHints.incrementAndGet();
        if (table == null)
            hintedUnknownTable.set(true);
        else
            hintedTables.add(table);
    }

    /**
     * The refresh requests that replayed hints asked for since the last ones, at most once per lease: a replay of
     * thousands of hints makes one fence per zone, not one per hint. A round started after the hint arrived copies it
     * (its copy waits a lease plus the write timeout after this node sees it). A request that could not be recorded is
     * asked for again.
     */
    private void requestHintRefreshes()
    {
        long now = directory.now();
        if ((hintedTables.isEmpty() && !hintedUnknownTable.get()) || now - nextHintRefresh < 0)
            return;
        nextHintRefresh = now + directory.leaseNanos();
        boolean unknown = hintedUnknownTable.getAndSet(false);
        Set<TableRef> tables = new HashSet<>();
        for (java.util.Iterator<TableRef> it = hintedTables.iterator(); it.hasNext(); )
        {
            tables.add(it.next());
            it.remove();
        }
        List<Fence> out = new ArrayList<>();
        for (Zone z : plan.zones())
            if (unknown ? hintRefreshes(z, null) : tables.stream().anyMatch(t -> hintRefreshes(z, t)))
                out.add(fencer.fence(z, Fence.REFRESH, "hints replayed on " + directory.me()));
        fencer.fenceLater(out, () -> {
            hintedTables.addAll(tables);
            if (unknown)
                hintedUnknownTable.set(true);
        });
    }

    /**
     * Whether a hint for the table asks the zone for a round: only once it is copying or serving; one still arming
     * copies after the hint is applied anyway, a draining one no longer serves.
     */
    private static boolean hintRefreshes(Zone z, TableRef table)
    {
        return !z.dryRun() && (z.state() == ZoneState.WARMING || z.state() == ZoneState.READY) && (table == null || z.table().equals(table));
    }

    /**
     * After a placement change: nodes learn of it at different moments (gossip), and one still on the old placement may
     * serve keys that this node, on the new one, no longer sends writes to. So every zone is fenced for every node (the
     * leader restarts it, copying under the new placement), and until the fence has reached every valid view this
     * node's writes go to every node.
     */
    private void fenceEveryone(String reason)
    {
        directory.widen(true);
        try
        {
            List<Fence> out = new ArrayList<>();
            for (Zone z : plan.zones())
                if (!z.dryRun() && z.state().mirrored())
                {
                    directory.blockLocally(z.id(), z.round());
                    out.add(fencer.fence(z, Fence.EVERY_NODE, reason));
                }
            fencer.fenceAndWait(out);
        }
        finally
        {
            directory.widen(false); // writes stay wide until the view under the new placement is published
        }
    }

    /** Blocks every mirrored zone here at once, then records the fence so the leader copies a new round. */
    private void fenceSelf(String reason)
    {
        List<Fence> out = new ArrayList<>();
        for (Zone z : plan.zones())
            if (!z.dryRun() && z.state().mirrored())
            {
                directory.blockLocally(z.id(), z.round());
                out.add(fencer.fence(z, directory.me(), reason));
            }
        fencer.fenceLater(out);
    }

    private void act(Zone z)
    {
        switch (z.state())
        {
            case PLANNED:
                if (mirrors.tableReady(z.table(), z.mirrorTable()) && !reportedAtLeast(z, Progress.Phase.PREPARED))
                    report(new Progress(z.id(), directory.me(), z.round(), Progress.Phase.PREPARED, 0, 0));
                return;
            case ARMING:
            case WARMING:
            case READY:
                // The published view already has this node's trigger mirroring the zone; say so.
                if (!reportedAtLeast(z, Progress.Phase.MIRRORING))
                    report(new Progress(z.id(), directory.me(), z.round(), Progress.Phase.MIRRORING, 0, 0));
                if (z.copying() && !reportedAtLeast(z, Progress.Phase.COPIED))
                    maybeCopy(z);
                return;
            case DRAINING:
                // The published view shows it DRAINING: this node no longer routes it.
                Progress last = reported.get(z.id());
                if (last == null || last.phase() != Progress.Phase.DISARMED)
                    report(new Progress(z.id(), directory.me(), z.round(), Progress.Phase.DISARMED, 0, 0));
                return;
            default:
                reported.remove(z.id());
        }
    }

    /**
     * Copies the zone's newest round once one lease plus Cassandra's write timeout passed since this node first saw the
     * round: a write decided on an older view (which did not mirror to a replica it thought fenced) is applied by then
     * or never, so the copy includes it.
     */
    private void maybeCopy(Zone z)
    {
        String key = z.id() + "/" + z.round();
        long now = directory.now();
        long seen = roundSeen.computeIfAbsent(key, k -> now);
        if (now - seen < directory.leaseNanos() + mirrors.writeTimeout().toNanos() || !copying.add(key))
            return;
        try
        {
            copier.execute(() -> {
                try
                {
                    copy(z);
                }
                catch (Throwable t)
                {
                    onError.accept("copying zone " + z.id() + " round " + z.round() + " failed; retrying", t);
                }
                finally
                {
                    copying.remove(key);
                }
            });
        }
        catch (RejectedExecutionException e)
        {
            copying.remove(key);
        }
    }

    private void copy(Zone z)
    {
        long started = System.nanoTime();
        long cpuStarted = threadCpuNanos();
        Mirrors.Copied copied;
        if (z.range() != null)
            copied = mirrors.copyRange(z.table(), z.mirrorTable(), z.writingMirrorReplicas(), z.range().start(), z.range().end());
        else
        {
            List<byte[]> keys = new ArrayList<>(z.keys().size());
            for (String k : z.keys())
                keys.add(keyParser.apply(z.table(), k));
            copied = mirrors.copyKeys(z.table(), z.mirrorTable(), z.writingMirrorReplicas(), keys);
        }
        long micros = Math.max(1, (System.nanoTime() - started) / 1000);
        logger.info("HotZone: copied zone {} round {}: {} partitions, {} bytes in {} ms ({} MB/s; {} ms streaming){}", z.id(), z.round(), copied.partitions(),
                    copied.bytes(), micros / 1000, String.format("%.2f", copied.bytes() / (double) micros), copied.streamMillis(),
                    copied.missed().isEmpty() ? "" : "; not acknowledged by " + copied.missed() + ", fenced");
        List<Fence> missed = new ArrayList<>();
        for (String node : copied.missed())
            missed.add(fencer.fence(z, z.round(), node, "copy of round " + z.round() + " not acknowledged"));
        if (!missed.isEmpty() && !fencer.fenceAndWait(missed))
            return; // not reported: the round stays open and is copied again
        copyMillis.addAndGet(micros / 1000);
        copyStreamMillis.addAndGet(copied.streamMillis());
        copyCpuMillis.addAndGet((threadCpuNanos() - cpuStarted) / 1_000_000);
        copiedPartitions.addAndGet(copied.partitions());
        copiedBytes.addAndGet(copied.bytes());
        synchronized (this)
        {
            report(new Progress(z.id(), directory.me(), z.round(), Progress.Phase.COPIED, copied.partitions(), copied.bytes()));
        }
    }

    /** Whether this node already reported this phase or a later one for the zone's newest round. */
    private boolean reportedAtLeast(Zone z, Progress.Phase phase)
    {
        Progress p = reported.get(z.id());
        return p != null && p.round() == z.round() && p.phase() != Progress.Phase.DISARMED && p.phase().ordinal() >= phase.ordinal();
    }

    private void report(Progress p)
    {
        store.report(p);
        reported.put(p.zoneId(), p);
    }

    /** The plan this node acts on. */
    public synchronized Plan plan()
    {
        return plan;
    }

    private static long threadCpuNanos()
    {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }
}
