package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.SlidingTimeWindowArrayReservoir;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.QueryOptions;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.ResultSet;
import org.apache.cassandra.cql3.statements.Bound;
import org.apache.cassandra.cql3.statements.SelectStatement;
import org.apache.cassandra.db.ClusteringBound;
import org.apache.cassandra.db.ClusteringComparator;
import org.apache.cassandra.db.ColumnFamilyStore;
import org.apache.cassandra.db.ConsistencyLevel;
import org.apache.cassandra.db.LivenessInfo;
import org.apache.cassandra.db.ReadExecutionController;
import org.apache.cassandra.db.SinglePartitionReadCommand;
import org.apache.cassandra.db.Slice;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.CompositeType;
import org.apache.cassandra.db.marshal.SimpleDateType;
import org.apache.cassandra.db.marshal.TimeType;
import org.apache.cassandra.db.marshal.TimestampType;
import org.apache.cassandra.db.partitions.UnfilteredPartitionIterator;
import org.apache.cassandra.db.rows.Cell;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.db.rows.Unfiltered;
import org.apache.cassandra.db.rows.UnfilteredRowIterator;
import org.apache.cassandra.index.Index;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.ClientState;
import org.apache.cassandra.service.QueryState;
import org.apache.cassandra.transport.messages.ResultMessage;
import org.apache.cassandra.utils.ByteBufferUtil;
import org.apache.cassandra.utils.FBUtilities;

import io.hotzone.HotZonePlugin;
import io.hotzone.aggregates.AggregateRule;
import io.hotzone.aggregates.ResultStats;
import io.hotzone.aggregates.RuleView;
import io.hotzone.capture.TableRef;
import io.hotzone.server.Mirrors;

/**
 * Answers GROUP BY queries a rule covers from the rule's pre-computed result for the partition, on a node that holds
 * the zone's mirror, and keeps those results computed: a query that finds none, or a stale one, takes the mirror's
 * normal path and has the partition recomputed in the background; an update that makes a result stale does too.
 *
 * <p>A result is the rule's own query run on this node's mirror copy of the partition ({@link AggregateState} says
 * when it is still that), so an answer is one the mirror read, and hence Cassandra, could have given.
 */
final class AggregateReads implements ResultStats
{
    private final Cache<String, AggregateShape> shapes = Caffeine.newBuilder().maximumSize(2_000).build();
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();
    private final Map<AggregateIndex, TableRef> sources = new ConcurrentHashMap<>();
    private final Set<Task> queued = ConcurrentHashMap.newKeySet();
    private volatile ScheduledThreadPoolExecutor worker;
    private static final long WARM_EVERY_MILLIS = 2_000;
    private static final long RECOMPUTE_DELAY_MILLIS = 10;
    /** A result of more groups than this is not kept (it would not be much cheaper than the fold). */
    static final int MAX_GROUPS = 10_000;
    private static final int WARM_PER_PASS = 2_000;

    final AtomicLong served = new AtomicLong();
    private final Map<String, AtomicLong> servedByRule = new ConcurrentHashMap<>();
    final AtomicLong missed = new AtomicLong();
    final AtomicLong recomputes = new AtomicLong();
    /** Milliseconds from a result's first dirty mark to its replacement. */
    final Histogram recomputeLagMillis = new Histogram(new SlidingTimeWindowArrayReservoir(5, TimeUnit.MINUTES));

    /** A rule prepared against the source table and its mirror as they are now. */
    private static final class Compiled
    {
        final AggregateRule rule;
        final TableMetadata source;
        final TableMetadata mirror;
        final AggregateShape shape;
        final SelectStatement onMirror;
        final int partitionKeyColumns;
        final int groupColumns;

        Compiled(AggregateRule rule, TableMetadata source, TableMetadata mirror, AggregateShape shape, SelectStatement onMirror)
        {
            this.rule = rule;
            this.source = source;
            this.mirror = mirror;
            this.shape = shape;
            this.onMirror = onMirror;
            this.partitionKeyColumns = source.partitionKeyColumns().size();
            this.groupColumns = rule.groupBy().size() - partitionKeyColumns;
        }
    }

    /**
     * The answer from a result, or null for the mirror's normal path. The caller has checked that the zone is READY
     * here and the mirror in step, and authorized the statement.
     */
    ResultMessage.Rows tryServe(SelectStatement select, String raw, String sessionKeyspace, ByteBuffer key, String mirrorTable,
                                QueryState state, QueryOptions options)
    {
        HotZonePlugin plugin = HotZonePlugin.current();
        RuleView view = plugin == null ? null : plugin.ruleView();
        TableRef table = new TableRef(select.table.keyspace, select.table.name);
        List<AggregateRule> rules = view == null ? List.of() : view.of(table);
        if (rules.isEmpty() || select.getRestrictions().usesSecondaryIndexing() || select.getRestrictions().keyIsInRelation()
            || options.getPagingState() != null)
            return null;
        AggregateShape shape = shape(raw, sessionKeyspace, select.table);
        AggregateIndex index = shape == null ? null : index(mirrorTable);
        if (index == null)
            return null;
        sources.put(index, table);
        NavigableSet<ClusteringBound<?>> starts = select.getRestrictions().getClusteringColumnsBounds(Bound.START, options);
        NavigableSet<ClusteringBound<?>> ends = select.getRestrictions().getClusteringColumnsBounds(Bound.END, options);
        if (starts.size() != 1 || ends.size() != 1)
            return null;
        Slice range = Slice.make(starts.first(), ends.first());
        boolean matched = false, stale = false;
        for (AggregateRule rule : rules)
        {
            Compiled c = compile(rule, select.table, index.table().metadata());
            int[] columns = c == null ? null : shape.columnsIn(c.shape);
            if (columns == null)
                continue;
            matched = true;
            long now = options.getNowInSeconds(state);
            List<List<ByteBuffer>> rows = answer(c, index.state(), key, range, now, options.getPageSize());
            AggregateState.Result held = index.state().get(key, ruleKey(c.rule));
            // only a missing, changed or expired result is worth recomputing (not one the range cuts or the page exceeds)
            stale |= held == null || (held.rows != null && (held.dirty() || now >= held.deadline));
            if (rows != null)
            {
                served.incrementAndGet();
                servedByRule.computeIfAbsent(table + "/" + rule.name(), k -> new AtomicLong()).incrementAndGet();
                ResultSet.ResultMetadata metadata = select.getResultMetadata().copy();
                metadata.setHasMorePages(null);
                return new ResultMessage.Rows(new ResultSet(metadata, project(rows, columns)));
            }
        }
        if (matched)
            missed.incrementAndGet();
        if (stale)
            recomputeLater(index, key);
        return null;
    }

    /** The result's rows the range selects, or null when the result cannot answer it exactly. */
    private static List<List<ByteBuffer>> answer(Compiled c, AggregateState state, ByteBuffer key, Slice range, long nowInSec, int pageSize)
    {
        AggregateState.Result r = state.get(key, ruleKey(c.rule));
        // a query asking for an earlier moment may count cells that had expired when the result was computed
        if (r == null || r.rows == null || nowInSec < r.computedAt || nowInSec >= r.deadline || r.dirtyWithin(state.comparator, range))
            return null;
        ClusteringComparator cmp = state.comparator;
        boolean whole = cmp.compare(range.start(), ClusteringBound.BOTTOM) == 0 && cmp.compare(range.end(), ClusteringBound.TOP) == 0;
        List<List<ByteBuffer>> out;
        if (whole)
            out = r.rows;
        else if (r.groups == null)
            return null;
        else
        {
            out = new ArrayList<>();
            for (int i = 0; i < r.rows.size(); i++)
            {
                Slice g = r.groups.get(i);
                if (cmp.compare(range.start(), g.start()) <= 0 && cmp.compare(g.end(), range.end()) <= 0)
                    out.add(r.rows.get(i));
                else if (g.intersects(cmp, range))
                    return null; // the range cuts a group: its aggregate over part of the group is not in the result
            }
        }
        // a full page would carry a paging state on Cassandra's path
        return pageSize > 0 && out.size() >= pageSize ? null : out;
    }

    private static List<List<ByteBuffer>> project(List<List<ByteBuffer>> rows, int[] columns)
    {
        List<List<ByteBuffer>> out = new ArrayList<>(rows.size());
        for (List<ByteBuffer> row : rows)
        {
            List<ByteBuffer> projected = new ArrayList<>(columns.length);
            for (int c : columns)
                projected.add(row.get(c) == null ? null : row.get(c).duplicate());
            out.add(projected);
        }
        return out;
    }

    private AggregateShape shape(String raw, String sessionKeyspace, TableMetadata table)
    {
        String cacheKey = sessionKeyspace + '\u0000' + raw;
        AggregateShape s = shapes.getIfPresent(cacheKey);
        if (s == null || s.table != table)
        {
            // statements without a shape are remembered too: most reads of a table with rules are not aggregates
            s = AggregateShape.of(raw, table);
            shapes.put(cacheKey, s == null ? AggregateShape.none(table) : s);
        }
        return s == null || s.selectors == null ? null : s;
    }

    /** A rule's identity in the results: its name and what it computes (a rule removed and added again differently is another). */
    static String ruleKey(AggregateRule rule)
    {
        return rule.name() + '\u0000' + String.join(",", rule.groupByTerms()) + '\u0000'
               + rule.aggregates().stream().map(io.hotzone.aggregates.Aggregate::cql).collect(Collectors.joining(","));
    }

    private Compiled compile(AggregateRule rule, TableMetadata source, TableMetadata mirror)
    {
        String cacheKey = rule.table() + "/" + rule.name();
        Compiled c = compiled.get(cacheKey);
        if (c != null && c.rule.equals(rule) && c.source == source && c.mirror == mirror)
            return c;
        List<String> partitionKey = source.partitionKeyColumns().stream().map(col -> col.name.toString()).collect(Collectors.toList());
        AggregateShape shape = AggregateShape.of(rule.query(partitionKey), source);
        if (shape == null)
            return null;
        try
        {
            CQLStatement.Raw parsed = QueryProcessor.parseStatement(rule.query(mirror.keyspace, mirror.name, partitionKey));
            SelectStatement onMirror = ((SelectStatement.RawStatement) parsed).prepare(ClientState.forInternalCalls());
            c = new Compiled(rule, source, mirror, shape, onMirror);
            compiled.put(cacheKey, c);
            return c;
        }
        catch (RuntimeException e)
        {
            return null; // the rule no longer fits the table (a column dropped): it answers nothing
        }
    }

    private static AggregateIndex index(String mirrorTable)
    {
        if (Schema.instance.getTableMetadata(Mirrors.KEYSPACE, mirrorTable) == null)
            return null;
        ColumnFamilyStore cfs = ColumnFamilyStore.getIfExists(Mirrors.KEYSPACE, mirrorTable);
        Index index = cfs == null ? null : cfs.indexManager.getIndexByName(mirrorTable + AggregateIndex.SUFFIX);
        // Cassandra registers an index a moment before it calls it for writes: results count only from then on
        return index instanceof AggregateIndex && cfs.indexManager.isIndexWritable(index) ? (AggregateIndex) index : null;
    }

    // ---- recomputing ----

    private static final class Task
    {
        final AggregateIndex index;
        final ByteBuffer key;
        /** When the oldest result it replaces went stale (nanos; 0: none was), kept across retries for the lag. */
        final long staleSince;

        Task(AggregateIndex index, ByteBuffer key)
        {
            this(index, key, 0);
        }

        Task(AggregateIndex index, ByteBuffer key, long staleSince)
        {
            this.index = index;
            this.key = key;
            this.staleSince = staleSince;
        }

        @Override
        public boolean equals(Object o)
        {
            return o instanceof Task && ((Task) o).index == index && ((Task) o).key.equals(key);
        }

        @Override
        public int hashCode()
        {
            return System.identityHashCode(index) * 31 + key.hashCode();
        }
    }

    /** The index's table was dropped (the zone ended). */
    void forget(AggregateIndex index)
    {
        sources.remove(index);
    }

    /** Has the partition's results computed again soon, once (a request already queued covers this one). */
    void recomputeLater(AggregateIndex index, ByteBuffer key)
    {
        // a short delay lets a burst of updates to the partition share one recompute
        if (sources.containsKey(index))
            submit(new Task(index, key), 0, RECOMPUTE_DELAY_MILLIS);
    }

    private void submit(Task task, int attempt, long delayMillis)
    {
        if (attempt > 50 || !queued.add(task))
            return;
        worker().schedule(() -> {
            queued.remove(task);
            recompute(task, attempt);
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private ScheduledThreadPoolExecutor worker()
    {
        ScheduledThreadPoolExecutor w = worker;
        if (w == null)
        {
            synchronized (this)
            {
                if (worker == null)
                {
                    ScheduledThreadPoolExecutor created = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, "HotZone-aggregates");
                        t.setDaemon(true);
                        return t;
                    });
                    created.setRemoveOnCancelPolicy(true);
                    created.scheduleWithFixedDelay(this::warm, WARM_EVERY_MILLIS, WARM_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                    worker = created;
                }
                w = worker;
            }
        }
        return w;
    }

    /** Starts the background work (a mirror table with the index exists on this node). */
    void start()
    {
        worker();
    }

    /**
     * Pre-computes: the results of every key of every READY zone with rules that this node mirrors and has none of
     * yet, a bounded number per pass; range zones' partitions are computed when first asked for.
     */
    private void warm()
    {
        try
        {
            HotZonePlugin plugin = HotZonePlugin.current();
            io.hotzone.mirror.ZoneDirectory zones = plugin == null ? null : plugin.zoneDirectory();
            RuleView view = plugin == null ? null : plugin.ruleView();
            if (zones == null || view == null)
                return;
            // results of rules removed or changed since go
            sources.forEach((index, table) -> index.state().retainRules(view.of(table).stream().map(AggregateReads::ruleKey).collect(Collectors.toSet())));
            int budget = WARM_PER_PASS;
            for (io.hotzone.plan.Zone zone : zones.view().plan().zones())
            {
                List<AggregateRule> rules = view.of(zone.table());
                if (!zone.serving() || rules.isEmpty() || zone.keys().isEmpty())
                    continue;
                AggregateIndex index = index(zone.mirrorTable());
                if (index == null || index.state().partitions() >= AggregateIndex.MAX_PARTITIONS)
                    continue;
                sources.put(index, zone.table());
                for (String literal : zone.keys())
                {
                    ByteBuffer key;
                    try
                    {
                        key = ByteBuffer.wrap(plugin.server().parseKey(zone.table(), literal).bytes());
                    }
                    catch (RuntimeException e)
                    {
                        continue; // a key the table's type no longer parses (the table was re-created)
                    }
                    if (!ZoneReplicas.isLocal(zone.id(), zone.servingMirrorReplicas(), index.table().metadata().partitioner.getToken(key))
                        || rules.stream().allMatch(r -> index.state().get(key, ruleKey(r)) != null))
                        continue;
                    submit(new Task(index, key), 0, 0);
                    if (--budget == 0)
                        return;
                }
            }
        }
        catch (Throwable t)
        {
            // a zone ended under us: the next pass sees the new plan (and a throwable must not end the schedule)
        }
    }

    private void recompute(Task task, int attempt)
    {
        try
        {
            HotZonePlugin plugin = HotZonePlugin.current();
            TableRef table = sources.get(task.index);
            RuleView view = plugin == null ? null : plugin.ruleView();
            TableMetadata source = table == null ? null : Schema.instance.getTableMetadata(table.keyspace(), table.table());
            if (view == null || source == null)
                return;
            AggregateState state = task.index.state();
            // the generation before the metadata: an ALTER after this moves it, and the install is refused
            long generation = state.generation();
            TableMetadata mirror = task.index.table().metadata();
            // One stamp, one clock and one expiry scan for all the partition's rules: each install checks that no
            // update began since the stamp, so every result is of the same state of the partition.
            long stamp = state.quietStamp(task.key);
            if (stamp < 0)
            {
                submit(task, attempt + 1, 2L << Math.min(attempt, 6));
                return;
            }
            // Updates that finished their index calls may not be readable yet (a trie memtable publishes after them,
            // the row cache is invalidated after them): wait for every write begun so far to complete.
            org.apache.cassandra.utils.concurrent.OpOrder.Barrier barrier = org.apache.cassandra.db.Keyspace.writeOrder.newBarrier();
            barrier.issue();
            barrier.await();
            long now = FBUtilities.nowInSeconds();
            long deadline = deadline(mirror, task.key, now);
            long staleSince = task.staleSince;
            for (AggregateRule rule : view.of(table))
            {
                AggregateState.Result before = state.get(task.key, ruleKey(rule));
                if (before != null && before.dirtySinceNanos() != 0 && (staleSince == 0 || before.dirtySinceNanos() < staleSince))
                    staleSince = before.dirtySinceNanos();
                Compiled c = compile(rule, source, mirror);
                AggregateState.Install done = c == null
                                              ? state.install(task.key, ruleKey(rule), AggregateState.Result.nothing(now, generation), stamp) // the rule no longer fits
                                              : computeAndInstall(c, state, task.key, stamp, generation, now, deadline);
                if (done == AggregateState.Install.OVERTAKEN)
                {
                    submit(new Task(task.index, task.key, staleSince), attempt + 1, 2L << Math.min(attempt, 6));
                    return;
                }
            }
            if (staleSince != 0)
                recomputeLagMillis.update(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - staleSince));
        }
        catch (RuntimeException e)
        {
            // the mirror went away or the rule no longer fits: the normal path answers
        }
    }

    /** Computes the rule's result for the partition from this node's mirror copy; false when an update got in between. */
    private AggregateState.Install computeAndInstall(Compiled c, AggregateState state, ByteBuffer key, long stamp, long generation, long now, long deadline)
    {
        List<ByteBuffer> keyValues = c.partitionKeyColumns == 1 ? List.of(key) : Arrays.asList(((CompositeType) c.mirror.partitionKeyType).split(key));
        ResultMessage.Rows rows = c.onMirror.executeLocally(QueryState.forInternalCalls(),
                                                            QueryOptions.forInternalCallsWithNowInSec(now, ConsistencyLevel.ONE, keyValues));
        AggregateState.Result result = rows.result.rows.size() > MAX_GROUPS
                                       ? AggregateState.Result.nothing(now, generation)
                                       : new AggregateState.Result(rows.result.rows, groups(c, rows.result.rows), now, deadline, generation);
        AggregateState.Install done = state.install(key, ruleKey(c.rule), result, stamp);
        if (done == AggregateState.Install.DONE)
            recomputes.incrementAndGet();
        return done;
    }

    /** Each row's group as a clustering slice, or null when one cannot be placed (only whole-partition queries then). */
    private static List<Slice> groups(Compiled c, List<List<ByteBuffer>> rows)
    {
        List<ColumnMetadata> clustering = c.mirror.clusteringColumns();
        int k = c.groupColumns;
        if (k == 0)
            return rows.stream().map(r -> Slice.ALL).collect(Collectors.toList());
        List<Slice> out = new ArrayList<>(rows.size());
        for (List<ByteBuffer> row : rows)
        {
            ByteBuffer[] values = new ByteBuffer[k];
            for (int i = 0; i < k; i++)
                if ((values[i] = row.get(c.partitionKeyColumns + i)) == null)
                    return null;
            if (c.rule.bucket().isEmpty())
            {
                out.add(Slice.make(org.apache.cassandra.db.BufferClusteringBound.inclusiveStartOf(values), org.apache.cassandra.db.BufferClusteringBound.inclusiveEndOf(values)));
                continue;
            }
            ColumnMetadata bucketed = clustering.get(k - 1);
            ByteBuffer low = values[k - 1];
            ByteBuffer high = plus(bucketed.type.unwrap(), low, c.rule.bucket().get().width());
            if (high == null)
                return null;
            ByteBuffer[] highValues = values.clone();
            highValues[k - 1] = high;
            out.add(bucketed.isReversedType()
                    ? Slice.make(org.apache.cassandra.db.BufferClusteringBound.exclusiveStartOf(highValues), org.apache.cassandra.db.BufferClusteringBound.inclusiveEndOf(values))
                    : Slice.make(org.apache.cassandra.db.BufferClusteringBound.inclusiveStartOf(values), org.apache.cassandra.db.BufferClusteringBound.exclusiveEndOf(highValues)));
        }
        return out;
    }

    /** The end of a bucket starting at the value, in the column's type; null for a type whose buckets are not placed. */
    static ByteBuffer plus(AbstractType<?> type, ByteBuffer value, Duration width)
    {
        try
        {
            if (type instanceof TimestampType)
                return ByteBufferUtil.bytes(Math.addExact(ByteBufferUtil.toLong(value), width.toMillis()));
            if (type instanceof SimpleDateType)
            {
                long next = Integer.toUnsignedLong(ByteBufferUtil.toInt(value)) + width.toDays();
                return next > 0xffffffffL ? null : ByteBufferUtil.bytes((int) next);
            }
            if (type instanceof TimeType)
                return ByteBufferUtil.bytes(Math.addExact(ByteBufferUtil.toLong(value), width.toNanos()));
            return null;
        }
        catch (ArithmeticException e)
        {
            return null;
        }
    }

    /** The first moment (seconds) a cell or row still live at {@code now} expires: from then on the result is stale. */
    private static long deadline(TableMetadata mirror, ByteBuffer key, long now)
    {
        long first = Long.MAX_VALUE;
        SinglePartitionReadCommand read = SinglePartitionReadCommand.fullPartitionRead(mirror, now, key);
        try (ReadExecutionController controller = read.executionController();
             UnfilteredPartitionIterator partitions = read.executeLocally(controller))
        {
            while (partitions.hasNext())
                try (UnfilteredRowIterator partition = partitions.next())
                {
                    first = Math.min(first, expiry(partition.staticRow(), now));
                    while (partition.hasNext())
                    {
                        Unfiltered u = partition.next();
                        if (u.isRow())
                            first = Math.min(first, expiry((Row) u, now));
                    }
                }
        }
        return first;
    }

    private static long expiry(Row row, long now)
    {
        long first = Long.MAX_VALUE;
        LivenessInfo liveness = row.primaryKeyLivenessInfo();
        if (liveness.isExpiring() && liveness.localExpirationTime() > now)
            first = liveness.localExpirationTime();
        for (Cell<?> cell : row.cells())
            if (cell.isExpiring() && cell.localDeletionTime() > now)
                first = Math.min(first, cell.localDeletionTime());
        return first;
    }

    void registerMetrics(io.hotzone.server.Server server)
    {
        server.registerMetric("AggregateReads", io.hotzone.surfaces.PluginMetrics.count(served));
        server.registerMetric("AggregateMisses", io.hotzone.surfaces.PluginMetrics.count(missed));
        server.registerMetric("AggregateRecomputes", io.hotzone.surfaces.PluginMetrics.count(recomputes));
        server.registerMetric("AggregatePartitions", (com.codahale.metrics.Gauge<Long>) () -> state()[0]);
        server.registerMetric("AggregatesDirty", (com.codahale.metrics.Gauge<Long>) () -> state()[1]);
        server.registerMetric("AggregateOldestDirtyMillis", (com.codahale.metrics.Gauge<Long>) () -> state()[2]);
        server.registerMetric("AggregateRecomputeLagMillis", recomputeLagMillis);
    }

    @Override
    public List<RuleResults> byRule()
    {
        HotZonePlugin plugin = HotZonePlugin.current();
        RuleView view = plugin == null ? null : plugin.ruleView();
        List<RuleResults> out = new ArrayList<>();
        if (view == null)
            return out;
        for (TableRef table : view.tables())
            for (AggregateRule rule : view.of(table))
            {
                long held = 0, dirty = 0;
                for (Map.Entry<AggregateIndex, TableRef> e : sources.entrySet())
                    if (e.getValue().equals(table))
                    {
                        long[] c = e.getKey().state().counts(ruleKey(rule));
                        held += c[0];
                        dirty += c[1];
                    }
                AtomicLong n = servedByRule.get(table + "/" + rule.name());
                out.add(new RuleResults(table.toString(), rule.name(), held, dirty, n == null ? 0 : n.get()));
            }
        return out;
    }

    /** Results held and dirty over every mirror table this node has answered for: partitions, dirty results, oldest dirty ms. */
    long[] state()
    {
        long partitions = 0, dirty = 0, oldest = 0, now = System.nanoTime();
        for (AggregateIndex index : sources.keySet())
        {
            partitions += index.state().partitions();
            long[] d = index.state().dirtyCountAndOldestNanos(now);
            dirty += d[0];
            oldest = Math.max(oldest, d[1]);
        }
        return new long[]{ partitions, dirty, TimeUnit.NANOSECONDS.toMillis(oldest) };
    }
}
