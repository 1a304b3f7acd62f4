package io.hotzone.driver;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.session.Session;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import com.datastax.oss.driver.internal.core.loadbalancing.DefaultLoadBalancingPolicy;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token;


import io.hotzone.driver.internal.HotQueryPlan;
import io.hotzone.driver.internal.MirrorSet;
import io.hotzone.driver.internal.PlanClient;
import io.hotzone.driver.internal.TokenRefresher;
import io.hotzone.driver.internal.PlanSnapshot;

/**
 * {@link DefaultLoadBalancingPolicy} that sends reads of HotZone's READY zones to the zone's pre-warmed replicas first.
 *
 * <p>For a prepared SELECT at one of the configured consistency levels (default ONE, LOCAL_ONE) whose routing token
 * falls in a READY zone of its table, the plan starts with the nodes of the local DC that hold the zone's mirror copy
 * (the replicas of that token in the mirror keyspace), least busy first (power of two choices on in-flight requests),
 * followed by the rest of the stock plan. Every other request (no plan yet, no {@code hotzone} keyspace, the plan
 * unreadable, no routing information, simple statements, writes, other consistency levels) gets exactly the plan
 * {@code DefaultLoadBalancingPolicy} computes, slow-replica avoidance and DC failover included.
 *
 * <p>The plan is read on the driver's own session, from its admin executor: the version every
 * {@code hotzone.plan-refresh-interval} while the plan changes, backing off to {@code hotzone.plan-refresh-max-interval}
 * while it is at rest, from whichever node the request reaches (each node tells the version it follows); the full
 * plan only when the version grew. Every
 * {@code hotzone.token-refresh-interval} the node list is re-read, so that token-aware routing follows token moves
 * (Java driver 4 ignores the server's MOVED_NODE event). A share of hot-zone reads
 * ({@code hotzone.ab-stock-share}, default 10 %) keeps the stock plan, chosen deterministically per request, and both
 * arms are timed: see {@link #abMeasurement()}.
 *
 * <p>Configure it like the stock policy, {@code basic.load-balancing-policy.class = io.hotzone.driver.HotZoneLoadBalancingPolicy},
 * with its options under {@code datastax-java-driver.hotzone} (see this artifact's {@code reference.conf}), or
 * programmatically through {@link HotZoneOption}. The hook methods below can be overridden like the stock ones.
 */
public class HotZoneLoadBalancingPolicy extends DefaultLoadBalancingPolicy
{
    private static final Logger LOG = LoggerFactory.getLogger(HotZoneLoadBalancingPolicy.class);

    private final PlanClient planClient;
    private final TokenRefresher tokenRefresher;
    /** Indexed by protocol code: whether reads at that level may be routed. */
    private final boolean[] routedLevels = new boolean[64];
    private final ConsistencyLevel defaultLevel;
    private final double stockShare;
    private final CqlIdentifier mirrorKeyspace;
    private final boolean jmx;
    private final AbMeasurement measurement;
    /** Per prepared statement (by identity: the driver keeps one instance per query), what it reads. */
    private final Map<PreparedStatement, Target> targets = new ConcurrentHashMap<>();
    /** {statement, target} pairs; racy writes are fine, each entry is immutable. */
    private final Object[][] recent = new Object[64][];
    private volatile ObjectName mbeanName;
    private volatile boolean loggedFailure;
    /** The context's metadata manager: one per session, so looked up once. */
    private final com.datastax.oss.driver.internal.core.metadata.MetadataManager metadataManager;

    /**
     * What a prepared statement reads: its table as "keyspace.table" (null for statements that are not SELECTs), and
     * that table's zones in the last plan snapshot seen, so the request path does no map lookup per plan.
     */
    private static final class Target
    {
        final String table;
        private volatile Object[] cached = { null, null }; // {PlanSnapshot, PlanSnapshot.TableIndex}

        Target(String table)
        {
            this.table = table;
        }

        PlanSnapshot.TableIndex zonesIn(PlanSnapshot plan)
        {
            Object[] c = cached;
            if (c[0] != plan)
            {
                c = new Object[]{ plan, plan.table(table) };
                cached = c;
            }
            return (PlanSnapshot.TableIndex) c[1];
        }
    }

    private static final Target NOT_A_READ = new Target(null);

    public HotZoneLoadBalancingPolicy(DriverContext context, String profileName)
    {
        super(context, profileName);
        DriverExecutionProfile p = profile;
        Duration interval = p.isDefined(HotZoneOption.PLAN_REFRESH_INTERVAL) ? p.getDuration(HotZoneOption.PLAN_REFRESH_INTERVAL) : Duration.ofSeconds(5);
        List<String> names = p.isDefined(HotZoneOption.CONSISTENCY_LEVELS) ? p.getStringList(HotZoneOption.CONSISTENCY_LEVELS) : Arrays.asList("ONE", "LOCAL_ONE");
        Set<ConsistencyLevel> parsed = ConcurrentHashMap.newKeySet();
        for (String n : names)
            parsed.add(this.context.getConsistencyLevelRegistry().codeToLevel(this.context.getConsistencyLevelRegistry().nameToCode(n.trim().toUpperCase())));
        for (ConsistencyLevel level : parsed)
            if (level.getProtocolCode() >= 0 && level.getProtocolCode() < routedLevels.length)
                routedLevels[level.getProtocolCode()] = true;
        String dflt = p.isDefined(DefaultDriverOption.REQUEST_CONSISTENCY) ? p.getString(DefaultDriverOption.REQUEST_CONSISTENCY) : "LOCAL_ONE";
        this.defaultLevel = this.context.getConsistencyLevelRegistry().codeToLevel(this.context.getConsistencyLevelRegistry().nameToCode(dflt));
        this.stockShare = p.isDefined(HotZoneOption.STOCK_SHARE) ? p.getDouble(HotZoneOption.STOCK_SHARE) : 0.1;
        if (stockShare < 0 || stockShare > 1)
            throw new IllegalArgumentException(HotZoneOption.STOCK_SHARE.getPath() + " must be between 0 and 1, got " + stockShare);
        String planKeyspace = p.isDefined(HotZoneOption.PLAN_KEYSPACE) ? p.getString(HotZoneOption.PLAN_KEYSPACE) : "hotzone";
        this.mirrorKeyspace = CqlIdentifier.fromInternal(p.isDefined(HotZoneOption.MIRROR_KEYSPACE) ? p.getString(HotZoneOption.MIRROR_KEYSPACE) : "hotzone_mirror");
        this.jmx = !p.isDefined(HotZoneOption.JMX_ENABLED) || p.getBoolean(HotZoneOption.JMX_ENABLED);
        Duration maxInterval = p.isDefined(HotZoneOption.PLAN_REFRESH_MAX_INTERVAL) ? p.getDuration(HotZoneOption.PLAN_REFRESH_MAX_INTERVAL) : Duration.ofSeconds(30);
        if (interval.isNegative() || interval.isZero())
            throw new IllegalArgumentException(HotZoneOption.PLAN_REFRESH_INTERVAL.getPath() + " must be positive, got " + interval);
        if (maxInterval.compareTo(interval) < 0)
            throw new IllegalArgumentException(HotZoneOption.PLAN_REFRESH_MAX_INTERVAL.getPath() + " (" + maxInterval + ") must be at least "
                                               + HotZoneOption.PLAN_REFRESH_INTERVAL.getPath() + " (" + interval + ")");
        this.planClient = new PlanClient(logPrefix, planKeyspace, interval, maxInterval);
        Duration tokens = p.isDefined(HotZoneOption.TOKEN_REFRESH_INTERVAL) ? p.getDuration(HotZoneOption.TOKEN_REFRESH_INTERVAL) : Duration.ofSeconds(10);
        if (tokens.isNegative())
            throw new IllegalArgumentException(HotZoneOption.TOKEN_REFRESH_INTERVAL.getPath() + " must be 0 (off) or positive, got " + tokens);
        this.tokenRefresher = new TokenRefresher(logPrefix, tokens);
        this.metadataManager = this.context.getMetadataManager();
        // the registry given to the session builder, else the one the session's metrics factory made (none: metrics off)
        Object registry = this.context.getMetricRegistry();
        if (registry == null && this.context.getMetricsFactory() != null)
            registry = this.context.getMetricsFactory().getMetrics().map(com.datastax.oss.driver.api.core.metrics.Metrics::getRegistry).orElse(null);
        this.measurement = new AbMeasurement(registry, this.context.getSessionName() + ".hotzone." + profileName + ".");
    }

    /** The A/B measurement of this policy (one per session and execution profile). */
    public AbMeasurement abMeasurement()
    {
        return measurement;
    }

    /** The plan version this policy routes by, -1 before one was read. */
    public long planVersion()
    {
        return planClient.snapshot().version();
    }

    /** READY zones in that plan. */
    public int readyZones()
    {
        return planClient.snapshot().size();
    }

    /** Requests the policy sent to follow the plan (version polls and plan pages) since the session started. */
    public long planRequests()
    {
        return planClient.requests();
    }

    /** Reads of the plan table the policy sent (version reads and plan pages), the rest being the nodes' versions. */
    public long planTableReads()
    {
        return planClient.tableReads();
    }

    /**
     * Where the policy reads the plan version: {@code hotzone_views.status} (the version each node follows, read from
     * the node's memory), or the plan table when the nodes' plugin does not tell it.
     */
    public String planVersionSource()
    {
        return planClient.versionSource();
    }

    @Override
    public void init(Map<UUID, Node> nodes, DistanceReporter distanceReporter)
    {
        super.init(nodes, distanceReporter);
        if (jmx)
            registerMBean();
    }

    @Override
    public Optional<RequestTracker> getRequestTracker()
    {
        return Optional.of(this); // always: the A/B measurement needs every request's outcome
    }

    @Override
    public Queue<Node> newQueryPlan(Request request, Session session)
    {
        Queue<Node> stock = super.newQueryPlan(request, session);
        if (session == null || request == null)
            return stock;
        try
        {
            if (!planClient.isStarted())
                startPlanClient(session);
            HotRead hot = hotRead(request);
            if (hot == null || keepsStockPlan(request))
                return stock;
            Object[] head = hot.mirrorReplicas == 0 ? preWarmedReplicas(hot.token, session) : preWarmedReplicas(hot.token, hot.zoneId, hot.mirrorReplicas, session);
            return head.length == 0 ? stock : new HotQueryPlan(head, stock);
        }
        catch (RuntimeException e)
        {
            // Whatever went wrong in HotZone's part, the request still gets the stock plan.
            if (!loggedFailure)
            {
                loggedFailure = true;
                LOG.warn("[{}] HotZone: routing failed, using the stock plan: {}", logPrefix, e.toString(), e);
            }
            return stock;
        }
    }

    /**
     * The routing token of a read this policy routes (a prepared SELECT at a configured level whose token is in a
     * READY zone of its table), or null for every request that keeps the stock plan.
     */
    protected Token hotToken(Request request)
    {
        HotRead hot = hotRead(request);
        return hot == null ? null : hot.token;
    }

    /** A routed read: its token and the zone it is in. */
    private static final class HotRead
    {
        final Token token;
        final String zoneId;
        final int mirrorReplicas;

        HotRead(Token token, String zoneId, int mirrorReplicas)
        {
            this.token = token;
            this.zoneId = zoneId;
            this.mirrorReplicas = mirrorReplicas;
        }
    }

    private HotRead hotRead(Request request)
    {
        if (!(request instanceof BoundStatement))
            return null;
        PlanSnapshot plan = planSnapshot();
        if (plan.size() == 0)
            return null;
        BoundStatement bound = (BoundStatement) request;
        Target target = target(bound.getPreparedStatement());
        if (target.table == null)
            return null;
        PlanSnapshot.TableIndex zones = target.zonesIn(plan);
        if (zones == null)
            return null;
        ConsistencyLevel level = bound.getConsistencyLevel();
        int code = (level == null ? defaultLevel : level).getProtocolCode();
        if (code < 0 || code >= routedLevels.length || !routedLevels[code])
            return null;
        Token token = bound.getRoutingToken();
        ByteBuffer key = token == null ? bound.getRoutingKey() : null;
        String zone = key == null ? null : zones.zoneForKey(key);
        if (zone == null && !zones.needsToken())
            return null; // the common case, a read outside every zone: one hash lookup, no token computed
        Optional<TokenMap> tokenMap = metadataManager.getMetadata().getTokenMap();
        if (!tokenMap.isPresent())
            return null;
        if (token == null)
        {
            if (key == null)
                return null;
            token = tokenMap.get().newToken(key);
        }
        if (!(token instanceof Murmur3Token))
            return null;
        if (zone == null)
            zone = zones.zoneFor(((Murmur3Token) token).getValue());
        return zone == null ? null : new HotRead(token, zone, plan.mirrorReplicas(zone));
    }

    /** The READY zones routed by; the plan client's latest snapshot (a hook for tests). */
    protected PlanSnapshot planSnapshot()
    {
        return planClient.snapshot();
    }

    /** Whether this hot-zone read is one of the A/B share that keeps the stock plan: a fixed function of the request. */
    protected boolean keepsStockPlan(Request request)
    {
        if (stockShare <= 0)
            return false;
        int h = System.identityHashCode(request) * 0x9E3779B9;
        h ^= h >>> 16;
        return (h & 0xFFFFFF) < stockShare * 0x1000000;
    }

    /** Live local-DC nodes holding the copy of a zone on every mirror replica, least busy first; empty for the stock plan. */
    protected Object[] preWarmedReplicas(Token token, Session session)
    {
        return preWarmedReplicas(token, "", 0, session);
    }

    /**
     * Live local-DC nodes holding the zone's mirror copy, least busy first; empty to fall back to the stock plan.
     *
     * @param mirrorReplicas the zone's mirror replicas per data center ({@link MirrorSet}); 0: every mirror replica
     */
    protected Object[] preWarmedReplicas(Token token, String zoneId, int mirrorReplicas, Session session)
    {
        Optional<TokenMap> tokenMap = metadataManager.getMetadata().getTokenMap();
        if (!tokenMap.isPresent())
            return new Object[0];
        Set<Node> candidates = tokenMap.get().getReplicas(mirrorKeyspace, token);
        Set<Node> mirrors = mirrorReplicas <= 0 ? candidates : mirrorSet(zoneId, mirrorReplicas, candidates);
        Set<Node> live = getLiveNodes().dc(getLocalDatacenter());
        Object[] head = new Object[mirrors.size()];
        int count = 0;
        for (Node n : mirrors)
            if (live.contains(n))
                head[count++] = n;
        Object[] out = count == head.length ? head : java.util.Arrays.copyOf(head, count);
        shufflePreWarmed(out);
        if (out.length > 1 && getInFlight((Node) out[0], session) > getInFlight((Node) out[1], session))
        {
            Object first = out[0];
            out[0] = out[1];
            out[1] = first;
        }
        return out;
    }

    /** A sized zone's mirror set among these candidates, remembered: ranking a whole DC on every read would cost more than routing saves. */
    private Set<Node> mirrorSet(String zoneId, int mirrorReplicas, Set<Node> candidates)
    {
        List<Object> key = Arrays.<Object>asList(zoneId, mirrorReplicas, candidates);
        Set<Node> chosen = mirrorSets.get(key);
        if (chosen == null)
        {
            if (mirrorSets.size() >= 4096)
                mirrorSets.clear(); // zones come and go; a bound, not an eviction policy
            chosen = MirrorSet.choose(zoneId, mirrorReplicas, candidates);
            if (!chosen.isEmpty()) // empty: an address not known yet, asked again next time
                mirrorSets.put(key, chosen);
        }
        return chosen;
    }

    private final ConcurrentHashMap<List<Object>, Set<Node>> mirrorSets = new ConcurrentHashMap<>();

    /** Random order before the power-of-two choice; a hook for tests. */
    protected void shufflePreWarmed(Object[] nodes)
    {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = nodes.length - 1; i > 0; i--)
        {
            int j = random.nextInt(i + 1);
            Object t = nodes[i];
            nodes[i] = nodes[j];
            nodes[j] = t;
        }
    }

    @Override
    public void onSuccess(Request request, long latencyNanos, DriverExecutionProfile executionProfile, Node node,
                          String requestLogPrefix)
    {
        try
        {
            if (hotToken(request) != null)
                measurement.record(!keepsStockPlan(request), latencyNanos, false);
        }
        catch (RuntimeException ignored)
        {
            // measurement only: never disturb the request
        }
    }

    @Override
    public void onError(Request request, Throwable error, long latencyNanos, DriverExecutionProfile executionProfile,
                        Node node, String requestLogPrefix)
    {
        try
        {
            if (hotToken(request) != null)
                measurement.record(!keepsStockPlan(request), latencyNanos, true);
        }
        catch (RuntimeException ignored)
        {
            // measurement only: never disturb the request
        }
    }

    @Override
    public void close()
    {
        planClient.close();
        tokenRefresher.close();
        ObjectName name = mbeanName;
        if (name != null)
        {
            try
            {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            }
            catch (Exception ignored)
            {
                // already gone
            }
        }
        super.close();
    }

    private Target target(PreparedStatement prepared)
    {
        // A small direct-mapped cache in front of the map: applications use a handful of statements.
        int slot = System.identityHashCode(prepared) & (recent.length - 1);
        Object[] entry = recent[slot];
        if (entry != null && entry[0] == prepared)
            return (Target) entry[1];
        Target known = targets.get(prepared);
        if (known == null)
            known = computeTarget(prepared);
        recent[slot] = new Object[]{ prepared, known };
        return known;
    }

    private Target computeTarget(PreparedStatement prepared)
    {
        if (targets.size() > 10_000)
            targets.clear(); // an application preparing without bound: forget, recompute
        return targets.computeIfAbsent(prepared, ps -> {
            if (!startsWithSelect(prepared.getQuery()))
                return NOT_A_READ;
            ColumnDefinitions variables = prepared.getVariableDefinitions();
            ColumnDefinitions columns = variables.size() > 0 ? variables : prepared.getResultSetDefinitions();
            if (columns.size() == 0)
                return NOT_A_READ;
            return new Target(columns.get(0).getKeyspace().asInternal() + '.' + columns.get(0).getTable().asInternal());
        });
    }

    /** Whether the query starts with SELECT (any case) after leading white space. */
    private static boolean startsWithSelect(String query)
    {
        int i = 0;
        while (i < query.length() && Character.isWhitespace(query.charAt(i)))
            i++;
        return query.regionMatches(true, i, "SELECT", 0, 6);
    }

    /** Starts reading the plan on the session's admin executor, once; a hook for tests. */
    protected void startPlanClient(Session session)
    {
        if (session instanceof CqlSession && context.getNettyOptions() != null)
        {
            planClient.start((CqlSession) session, context.getNettyOptions().adminEventExecutorGroup().next());
            tokenRefresher.start((CqlSession) session, metadataManager, context.getNettyOptions().adminEventExecutorGroup().next());
        }
    }

    private void registerMBean()
    {
        try
        {
            ObjectName name = new ObjectName("io.hotzone.driver:type=HotZoneLoadBalancingPolicy,session=" + ObjectName.quote(context.getSessionName())
                                             + ",profile=" + ObjectName.quote(profile.getName()));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (!server.isRegistered(name))
            {
                server.registerMBean(new PolicyBean(), name);
                mbeanName = name;
            }
        }
        catch (Exception e)
        {
            LOG.warn("[{}] HotZone: cannot register the policy's MBean: {}", logPrefix, e.toString());
        }
    }

    private final class PolicyBean implements HotZonePolicyMXBean
    {
        @Override
        public long getPlanVersion()
        {
            return planVersion();
        }

        @Override
        public int getReadyZones()
        {
            return readyZones();
        }

        @Override
        public long getPlanRequests()
        {
            return planRequests();
        }

        @Override
        public long getRoutedReads()
        {
            return measurement.routed().getCount();
        }

        @Override
        public long getStockReads()
        {
            return measurement.stock().getCount();
        }

        @Override
        public double getRoutedMeanMillis()
        {
            return measurement.routed().getSnapshot().getMean() / 1e6;
        }

        @Override
        public double getStockMeanMillis()
        {
            return measurement.stock().getSnapshot().getMean() / 1e6;
        }

        @Override
        public double getRoutedP99Millis()
        {
            return measurement.routed().getSnapshot().get99thPercentile() / 1e6;
        }

        @Override
        public double getStockP99Millis()
        {
            return measurement.stock().getSnapshot().get99thPercentile() / 1e6;
        }

        @Override
        public long getRoutedErrors()
        {
            return measurement.routedErrors().getCount();
        }

        @Override
        public long getStockErrors()
        {
            return measurement.stockErrors().getCount();
        }

        @Override
        public String getSummary()
        {
            return measurement.summary();
        }
    }
}
