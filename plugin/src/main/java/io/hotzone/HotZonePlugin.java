package io.hotzone;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotzone.PluginStatus.State;
import io.hotzone.capture.Capturer;
import io.hotzone.capture.RingRanges;
import io.hotzone.events.EventStore;
import io.hotzone.events.EventValidator;
import io.hotzone.forecast.ForecastScoring;
import io.hotzone.forecast.ForecastStore;
import io.hotzone.plan.ForecastPlanner;
import io.hotzone.plan.NodeFeatures;
import io.hotzone.plan.LeaderLoop;
import io.hotzone.plan.PlanDriver;
import io.hotzone.plan.PlanStore;
import io.hotzone.plan.RangePlanner;
import io.hotzone.plan.ZoneRequests;
import io.hotzone.mirror.Fencer;
import io.hotzone.mirror.Mirroring;
import io.hotzone.mirror.PlanFollower;
import io.hotzone.plan.FenceStore;
import io.hotzone.mirror.ZoneDirectory;
import io.hotzone.route.MirrorReadMetrics;
import io.hotzone.route.ReadRouter;
import io.hotzone.server.Mirrors;
import io.hotzone.config.BoostSettings;
import io.hotzone.history.HistoryImport;
import io.hotzone.config.ConfigException;
import io.hotzone.config.ConfigLoader;
import io.hotzone.config.HotZoneConfig;
import io.hotzone.history.AccessLog;
import io.hotzone.history.HistoryFlusher;
import io.hotzone.history.TopQuery;
import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.KeyspaceDefinition;
import io.hotzone.server.Server;
import io.hotzone.config.ResourceSettings;
import io.hotzone.resources.CgroupCpu;
import io.hotzone.resources.NodeActuators;
import io.hotzone.resources.LoadModel;
import io.hotzone.resources.LoadPredictions;
import io.hotzone.resources.NodeMetricsStore;
import io.hotzone.resources.ZoneLoad;
import io.hotzone.resources.NodeSampler;
import io.hotzone.config.MoveSettings;
import io.hotzone.aggregates.RuleRequests;
import io.hotzone.aggregates.RuleStore;
import io.hotzone.moves.AutoMover;
import io.hotzone.moves.MoveLock;
import io.hotzone.moves.MoveRequests;
import io.hotzone.moves.MoveRunner;
import io.hotzone.moves.MoveStore;
import io.hotzone.plan.Lease;
import io.hotzone.server.Ring;
import io.hotzone.resources.ReservationAllocator;
import io.hotzone.resources.ReservationApplier;
import io.hotzone.resources.ReservationRequests;
import io.hotzone.resources.ReservationStore;
import io.hotzone.resources.ZoneNodes;
import io.hotzone.server.NodeResources;
import io.hotzone.surfaces.ResourceViews;
import io.hotzone.surfaces.ReservationsView;
import io.hotzone.surfaces.CaptureViews;
import io.hotzone.surfaces.HotZoneMBeanImpl;
import io.hotzone.surfaces.PluginMetrics;
import io.hotzone.surfaces.ScoresView;
import io.hotzone.surfaces.StatusView;

/**
 * The plugin's single entry point and lifecycle. Cassandra constructs the adapter's query handler very early
 * (before the schema is loaded), which calls {@link #boot}; all real work then happens on one background
 * thread that waits for the node to be ready. Nothing here may throw into Cassandra: any failure leaves the
 * plugin PASSIVE, with the reason visible over JMX and in {@code hotzone_views.status}.
 */
public final class HotZonePlugin
{
    private static final Logger logger = LoggerFactory.getLogger(HotZonePlugin.class);
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long the ring may take to show every known node alive before the schema is installed anyway. */
    private static final Duration RING_SETTLE_LIMIT = Duration.ofSeconds(30);
    private static final Duration RING_STABLE_FOR = Duration.ofSeconds(3);
    private static final int SCHEMA_ATTEMPTS = 8;
    /** Samples kept in memory for hotzone_views.node_metrics (an hour at the default step). */
    private static final int SAMPLES_KEPT = 360;
    /** Load prediction windows kept for hotzone_views.load_predictions. */
    private static final int WINDOWS_KEPT = 120;
    /** A sample's weight in the load model halves after about 35 newer ones. */
    private static final double LOAD_MODEL_FORGETTING = 0.98;
    /** The cluster-wide token move lock, a row of hotzone.leases. */
    private static final String MOVE_LOCK = "move";

    private static HotZonePlugin instance;

    private final Server server;
    private final TransientFailures transientFailures = new TransientFailures();
    private final Optional<HotZoneConfig> config;
    private final String version = readVersion();
    private final AtomicReference<PluginStatus> status = new AtomicReference<>(PluginStatus.starting("waiting for Cassandra to load its schema"));
    private final PluginMetrics metrics = new PluginMetrics();
    private volatile Capturer capturer;
    private volatile Services services;
    private final ForecastScoring scoring = new ForecastScoring();
    private volatile ZoneDirectory zoneDirectory;
    private volatile Mirroring mirroring;
    private volatile ReadRouter readRouter;
    private volatile io.hotzone.aggregates.RuleView ruleView;
    /** How often each node reads the pre-aggregation rules again (a rule added is used within this). */
    private static final long RULES_REFRESH_SECONDS = 5;
    private volatile NodeSampler sampler;
    private volatile ReservationApplier applier;
    private volatile ReservationAllocator allocator;
    private volatile LoadPredictions predictions;

    private HotZonePlugin(Server server, Optional<HotZoneConfig> config, Optional<String> configError)
    {
        this.server = server;
        this.config = config;
        configError.ifPresent(e -> status.updateAndGet(s -> s.withError(e)));
    }

    /** Loads hotzone.yaml and starts the plugin once per JVM; later calls return the same instance. */
    public static synchronized HotZonePlugin boot(Server server)
    {
        if (instance != null)
            return instance;
        Optional<HotZoneConfig> config = Optional.empty();
        Optional<String> error = Optional.empty();
        try
        {
            config = Optional.of(ConfigLoader.load());
        }
        catch (ConfigException e)
        {
            error = Optional.of(e.getMessage());
            logger.error("HotZone: invalid configuration, the plugin stays passive and Cassandra starts normally: {}", e.getMessage());
        }
        catch (RuntimeException e)
        {
            error = Optional.of("cannot load hotzone.yaml: " + e);
            logger.error("HotZone: cannot load configuration, the plugin stays passive", e);
        }
        instance = new HotZonePlugin(server, config, error);
        Thread starter = new Thread(instance::start, "HotZone-startup");
        starter.setDaemon(true);
        starter.start();
        return instance;
    }

    /** The running plugin, or null before Cassandra constructed the query handler (the trigger may load first). */
    public static synchronized HotZonePlugin current()
    {
        return instance;
    }

    /** The zones this node mirrors and routes; null while boosting is off or not started. */
    public ZoneDirectory zoneDirectory()
    {
        return zoneDirectory;
    }

    /** What the write path needs to keep mirrors in step; null while boosting is off or not started. */
    public Mirroring mirroring()
    {
        return mirroring;
    }

    /** Decides which reads a mirror answers; null while boosting or routing is off. */
    public ReadRouter readRouter()
    {
        return readRouter;
    }

    /** The server this plugin runs in. */
    public Server server()
    {
        return server;
    }

    /** The pre-aggregation rules aggregate reads are answered with; null while routing is off. */
    public io.hotzone.aggregates.RuleView ruleView()
    {
        return ruleView;
    }

    /** The configuration, when it was valid. */
    public Optional<HotZoneConfig> config()
    {
        return config;
    }

    public PluginStatus status()
    {
        return status.get();
    }

    /**
     * A failed run of a periodic task ({@code task}: a stable name, the next run retries it). A timeout or unavailable
     * answer (a node just died, not yet convicted by the failure detector) is only logged, and counted in
     * TransientErrors, until the same task meets a third within a minute; anything else is an error.
     */
    public void reportRunFailure(String task, Throwable cause)
    {
        if (cause != null && server.isTransientFailure(cause) && transientFailures.tolerate(task, Instant.now()))
        {
            logger.info("HotZone: {} this time, retried on its next run: {}", task, cause.toString());
            metrics.transientErrors.inc();
            return;
        }
        reportError(task, cause);
    }

    /** Records an error the plugin survived; it shows as last_error. */
    public void reportError(String what, Throwable cause)
    {
        String message = cause == null ? what : what + ": " + cause;
        logger.warn("HotZone: {}", what, cause);
        metrics.errors.inc();
        status.updateAndGet(s -> s.withError(message));
    }

    private void start()
    {
        try
        {
            waitUntil(server::virtualKeyspacesReady, "waiting for Cassandra to load its schema");
            registerSurfaces();
            if (config.isEmpty())
            {
                enter(State.PASSIVE, "invalid hotzone.yaml: " + status.get().lastError());
                return;
            }
            if (!config.get().enabled())
            {
                enter(State.DISABLED, "enabled: false in " + config.get().source().map(Object::toString).orElse("hotzone.yaml"));
                return;
            }
            waitUntil(server::joined, "waiting for the node to join the ring");
            waitForSettledRing();
            installSchema();
            List<String> features = startFeatures(config.get());
            status.updateAndGet(s -> s.withFeatures(features));
            enter(State.ACTIVE, "");
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        catch (Throwable t)
        {
            reportError("startup failed", t);
            enter(State.PASSIVE, "startup failed: " + t);
        }
    }

    /** Starts what the configuration enables, in data-flow order (capture, history, events, forecast); returns their names. */
    private List<String> startFeatures(HotZoneConfig c)
    {
        List<String> features = new ArrayList<>(List.of("status"));
        AccessLog accessLog = new AccessLog(server, c.history());
        if (c.capture().enabled())
        {
            startCapture(accessLog);
            features.add("capture");
        }
        EventStore eventStore = new EventStore(server);
        ForecastStore forecastStore = new ForecastStore(server);
        PlanStore planStore = new PlanStore(server, server.localAddress());
        BoostSettings boost = c.boost();
        Mirrors mirrors = server.mirrors();
        NodeFeatures nodeFeatures = new NodeFeatures(server, System::nanoTime);
        announceFeatures(nodeFeatures);
        Optional<ZoneRequests> requests = boost.enabled() ? Optional.of(new ZoneRequests(server, mirrors, planStore, boost, nodeFeatures)) : Optional.empty();
        ForecastPlanner planner = boost.enabled() ? new ForecastPlanner(boost, c.cycle(), mirrors, c.forecast().step(), () -> {
            LoadPredictions p = predictions;
            return p == null ? Double.NaN : p.readCapacity(Runtime.getRuntime().availableProcessors());
        }, server::datacenterSizes, () -> nodeFeatures.everywhere(NodeFeatures.MIRROR_SETS, mirrors.ringNodes())) : null;
        FenceStore fenceStore = new FenceStore(server);
        ReservationStore reservationStore = new ReservationStore(server);
        if (c.resources().enabled())
        {
            startResources(c.resources(), reservationStore, planStore, mirrors, forecastStore, c.forecast().step());
            features.add("resources");
        }
        RangePlanner ranges = new RangePlanner(accessLog, eventStore, server.ring(), c.forecast(), historyDelay(c), c.capture().ranges(), c.moves());
        Optional<MoveRequests> moveRequests = moves(c);
        Optional<AutoMover> autoMover = moveRequests.map(r -> startAutoMover(c, r, ranges));
        services = new Services(accessLog, new TopQuery(accessLog, server::formatKey), eventStore, new EventValidator(server),
                                new HistoryImport(server, accessLog, new RingRanges(c.capture().ranges())),
                                Optional.ofNullable(capturer), forecastStore, planStore, requests,
                                Optional.ofNullable(planner), new io.hotzone.surfaces.ImportsView(server),
                                new ReservationsView(reservationStore),
                                c.resources().enabled() ? Optional.of(new ReservationRequests(server.localAddress(), reservationStore, mirrors::ringNodes, Instant::now))
                                                        : Optional.empty(),
                                Optional.ofNullable(allocator), moveRequests, ranges, autoMover,
                                new RuleRequests(server.localAddress(), new RuleStore(server), server::tableSchema, Instant::now));
        features.add("events");
        if (c.moves().enabled())
            features.add("moves");
        if (boost.enabled())
        {
            startFollowing(planStore, fenceStore, mirrors, boost);
            features.add("boost");
            if (boost.route())
                features.add("route");
        }
        if (c.forecast().enabled() || boost.enabled())
        {
            PlanDriver driver = boost.enabled() ? new PlanDriver(planStore, fenceStore, mirrors, boost, (t, k) -> server.parseKey(t, k).token(),
                                                                 this::reportError) : null;
            // The leader's messages name its task or table, never a count or an id: transient failures are tolerated per task.
            new LeaderLoop(server, c.forecast(), c.cycle(), historyDelay(c), accessLog, eventStore, forecastStore, scoring, this::roleChanged,
                           this::reportRunFailure, planStore, driver, boost.planPoll(), planner, ranges).start();
            if (c.forecast().enabled())
                features.add("forecast");
        }
        return features;
    }

    /**
     * Announces this node's features now, every 30 s until one write succeeded (other nodes may not have the table yet
     * in a rolling upgrade), then every ten minutes (the row's TTL is an hour). A failed write is expected then, not an error.
     */
    private void announceFeatures(NodeFeatures nodeFeatures)
    {
        long[] lastDone = { Long.MIN_VALUE };
        daemonScheduler("HotZone-features").scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            if (lastDone[0] != Long.MIN_VALUE && now - lastDone[0] < TimeUnit.MINUTES.toNanos(10))
                return;
            try
            {
                nodeFeatures.announce(server.localAddress(), version);
                lastDone[0] = now;
            }
            catch (Throwable t)
            {
                logger.debug("HotZone: could not announce this node's features yet: {}", t.toString());
            }
        }, 0, 30, TimeUnit.SECONDS);
    }

    /** A node writes a step when the next step's first bucket is sealed; two seconds for the write itself. */
    private static java.time.Duration historyDelay(HotZoneConfig c)
    {
        return c.bucket().plusSeconds(2);
    }

    /**
     * Every node follows the plan: renews its routing view, mirrors and routes its zones, copies its part, reports
     * progress. The write path gets the view, the fencer and a background thread through {@link #mirroring()}.
     */
    private void startFollowing(PlanStore planStore, FenceStore fenceStore, Mirrors mirrors, BoostSettings boost)
    {
        ZoneDirectory directory = new ZoneDirectory(server.localAddress(), boost.routeLease(), System::nanoTime, mirrors::placement);
        ScheduledExecutorService background = daemonScheduler("HotZone-mirror");
        Fencer fencer = new Fencer(fenceStore, directory, background, this::reportError);
        ExecutorService copier = Executors.newSingleThreadExecutor(r -> daemon(r, "HotZone-copy"));
        PlanFollower follower = new PlanFollower(planStore, fenceStore, mirrors, directory, fencer, (t, k) -> server.parseKey(t, k).bytes(),
                                                 copier, this::reportError);
        PluginMetrics.registerBoost(server, directory, follower);
        zoneDirectory = directory;
        mirroring = new Mirroring(directory, fencer, boost.mirrorAckTimeout(), background);
        if (boost.route())
            readRouter = new ReadRouter(directory, true, new MirrorReadMetrics(server.registerTimer("MirrorReadLatency"), server::registerMeter));
        ScheduledExecutorService executor = daemonScheduler("HotZone-plan");
        executor.scheduleWithFixedDelay(follower::poll, 0, boost.renewEvery().toMillis(), TimeUnit.MILLISECONDS);
        if (boost.route())
        {
            io.hotzone.aggregates.RuleView rules = io.hotzone.aggregates.RuleView.of(new RuleStore(server));
            ruleView = rules;
            // Its own thread: a quorum read that waits on a frozen replica must never delay the routing lease's renewal.
            daemonScheduler("HotZone-rules").scheduleWithFixedDelay(() -> {
                try
                {
                    rules.refresh();
                }
                catch (RuntimeException e)
                {
                    logger.debug("HotZone: cannot read the rules now; keeping the last ones", e);
                }
            }, 0, RULES_REFRESH_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Every node samples its load and follows its reservations; the leader also reserves for zones in their window.
     * One thread: sampling, applying and allocating are short, and never run at once on a node.
     */
    private void startResources(ResourceSettings settings, ReservationStore store, PlanStore planStore, Mirrors mirrors, ForecastStore forecasts,
                                Duration forecastStep)
    {
        NodeResources node = new NodeActuators(server.resources(), () -> CgroupCpu.ofThisProcess(settings.cgroups()));
        NodeMetricsStore metricsStore = new NodeMetricsStore(server, server.localAddress(), settings.metricsTtl());
        sampler = new NodeSampler(node, Instant::now, SAMPLES_KEPT, metricsStore::write, this::reportError);
        String me = server.localAddress();
        applier = new ReservationApplier(me, now -> store.forNode(me, now), (states, now) -> store.report(me, states, now), () -> store.recorded(me),
                                         node, settings.staleAfter(), Instant::now, this::reportError);
        ZoneNodes zoneNodes = new ZoneNodes(mirrors, (t, k) -> server.parseKey(t, k).token());
        ZoneLoad zoneLoad = new ZoneLoad(me, planStore::load, zoneNodes, forecasts::latest, forecastStep);
        allocator = new ReservationAllocator(me, store, settings, planStore::load, zoneNodes,
                                             // a node reports at least every minute; three missed reports and it is gone
                                             () -> store.cpuQuotas(Instant.now(), ReservationApplier.REPORT_EVERY.multipliedBy(3)), zoneLoad::perNode,
                                             Instant::now, this::reportError);
        predictions = new LoadPredictions(settings.window(), new LoadModel(LOAD_MODEL_FORGETTING), zoneLoad, WINDOWS_KEPT);
        allocator.leading("leader".equals(status.get().role()));
        // cgroup values outlive the JVM: a node that stops puts them back (a killed one does at its next start)
        Runtime.getRuntime().addShutdownHook(new Thread(applier::restoreOsLevel, "HotZone-restore-cgroup"));
        ScheduledExecutorService executor = daemonScheduler("HotZone-resources");
        executor.scheduleWithFixedDelay(guarded("node sampling", sampler::sample), 0, settings.sampleEvery().toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(guarded("reservations", () -> {
            allocator.allocate();
            applier.poll();
        }), 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleAtFixedRate(guarded("load prediction", () -> predictions.roll(Instant.now(), sampler.recent())),
                                     settings.window().toMillis(), settings.window().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Every node runs the token moves requested of it (one thread: a move blocks it while Cassandra streams; the lock
     * is renewed from another); any node takes requests. Empty when moves.enabled is false.
     */
    private Optional<MoveRequests> moves(HotZoneConfig c)
    {
        MoveSettings settings = c.moves();
        if (!settings.enabled())
            return Optional.empty();
        MoveStore store = new MoveStore(server);
        Ring ring = server.ring();
        String me = server.localAddress();
        Lease lease = new Lease(MOVE_LOCK, server, me, settings.lockTtl(), System::currentTimeMillis);
        MoveLock lock = new MoveLock()
        {
            @Override
            public boolean acquireOrRenew()
            {
                return lease.acquireOrRenew();
            }

            @Override
            public void release()
            {
                lease.release();
            }
        };
        MoveRunner runner = new MoveRunner(me, store, ring, lock, settings,
                                           daemonScheduler("HotZone-move-lock"), Instant::now, this::reportError);
        daemonScheduler("HotZone-moves").scheduleWithFixedDelay(guarded("token moves", runner::poll), settings.poll().toMillis(),
                                                                settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        return Optional.of(new MoveRequests(me, store, ring, new AccessLog(server, c.history()), settings, c.capture().ranges(), Instant::now));
    }

    /** The leader's automatic token moves for forecast write-hot ranges, one try per cycle while this node leads. */
    private AutoMover startAutoMover(HotZoneConfig c, MoveRequests requests, RangePlanner ranges)
    {
        AutoMover mover = new AutoMover(requests, () -> ranges.plan(Optional.empty(), Instant.now()), c.forecast().step(), c.moves().cooldown(),
                                        c.moves().automatic(), Instant::now);
        daemonScheduler("HotZone-automove").scheduleWithFixedDelay(guarded("automatic token moves", () -> {
            if ("leader".equals(status.get().role()))
                mover.cycle();
        }), c.cycle().toMillis(), c.cycle().toMillis(), TimeUnit.MILLISECONDS);
        return mover;
    }

    /** A periodic task that survives anything it throws (an uncaught one would cancel every later run). */
    private Runnable guarded(String what, Runnable task)
    {
        return () -> {
            try
            {
                task.run();
            }
            catch (Throwable t)
            {
                reportRunFailure(what + " failed", t);
            }
        };
    }

    private static ScheduledExecutorService daemonScheduler(String name)
    {
        return Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name));
    }

    private static Thread daemon(Runnable r, String name)
    {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void roleChanged(boolean isLeader)
    {
        status.updateAndGet(st -> st.withRole(isLeader ? "leader" : "member"));
        ReservationAllocator a = allocator;
        if (a != null)
            a.leading(isLeader);
        Services s = services;
        if (s != null)
            s.autoMover().ifPresent(m -> m.leading(isLeader));
        logger.info("HotZone: this node is {} the leader", isLeader ? "now" : "no longer");
    }

    private void startCapture(AccessLog accessLog)
    {
        HotZoneConfig c = config.get();
        HistoryFlusher flusher = new HistoryFlusher(server.localAddress(), c.history().step().toMillis(), c.history().keysPerRow(),
                                                    accessLog::append, this::reportError);
        Capturer started = new Capturer(c.capture(), System::currentTimeMillis, flusher);
        PluginMetrics.registerCapture(server, started, flusher);
        flusher.start();
        started.start();
        capturer = started;
        server.captureRequests(started, metrics.errors::inc);
    }

    /** The plan version this node routes and mirrors by; null before it read one (or when it follows none). */
    private Long followedPlanVersion()
    {
        ZoneDirectory directory = zoneDirectory;
        io.hotzone.mirror.RoutingView view = directory == null ? null : directory.view();
        return view == null ? null : view.plan().version();
    }

    /** The ring's token owners as a digest; null when the ring cannot be read (the node is starting). */
    private String ringDigest()
    {
        try
        {
            return server.mirrors().ringDigest();
        }
        catch (RuntimeException e)
        {
            return null;
        }
    }

    private void registerSurfaces()
    {
        // one view of the rules and this node's results: the virtual table and the MBean (nodetool-ext plan) read it
        io.hotzone.server.View aggregateRules = io.hotzone.surfaces.RulesView.create(() -> ruleView, server.aggregateResults());
        String source = config.flatMap(HotZoneConfig::source).map(Object::toString).orElse("");
        try
        {
            server.registerViews("hotzone_views", List.of(StatusView.create(server.localAddress(), version, source, status::get, this::followedPlanVersion,
                                                                           this::ringDigest),
                                                          CaptureViews.topPartitions(() -> capturer, server::formatKey),
                                                          CaptureViews.ranges(() -> capturer), ScoresView.create(scoring),
                                                          ResourceViews.nodeMetrics(server.localAddress(), () -> sampler),
                                                          ResourceViews.reservations(() -> applier),
                                                          ResourceViews.loadPredictions(server.localAddress(), () -> predictions),
                                                          aggregateRules));
        }
        catch (Throwable t)
        {
            reportError("cannot register virtual keyspace hotzone_views", t);
        }
        try
        {
            new HotZoneMBeanImpl(version, source, status::get, () -> services, server::tableExists, aggregateRules.rows(), scoring::served).register();
        }
        catch (Throwable t)
        {
            reportError("cannot register MBean", t);
        }
        try
        {
            metrics.register(server, status::get);
            ScoresView.registerMetrics(server, scoring);
        }
        catch (Throwable t)
        {
            reportError("cannot register metrics", t);
        }
    }

    /**
     * Concurrent first starts converge anyway (fixed schema timestamps), but the replication factor depends on the
     * ring size each node sees: wait until every known node is alive and the ring has not changed for a few seconds.
     */
    private void waitForSettledRing() throws InterruptedException
    {
        // a restarting node has the keyspace already: its replication is only ever raised, so nothing to wait for
        if (!server.replicationOf(HotZoneKeyspace.NAME).isEmpty())
            return;
        status.set(status.get().to(State.STARTING, "waiting for the ring to settle"));
        long deadline = System.nanoTime() + RING_SETTLE_LIMIT.toNanos();
        Map<String, Integer> seen = server.datacenterSizes();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline)
        {
            Thread.sleep(POLL.toMillis());
            Map<String, Integer> now = server.datacenterSizes();
            if (!now.equals(seen) || !server.allKnownNodesAlive())
            {
                seen = now;
                stableSince = System.nanoTime();
            }
            else if (System.nanoTime() - stableSince >= RING_STABLE_FOR.toNanos())
                return;
        }
    }

    private void installSchema() throws InterruptedException
    {
        status.set(status.get().to(State.STARTING, "creating keyspace " + HotZoneKeyspace.NAME));
        Duration backoff = Duration.ofSeconds(1);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                KeyspaceDefinition wanted = HotZoneKeyspace.definition(config.get().keyspaceReplicationFactor(), server.datacenterSizes());
                server.installKeyspace(wanted);
                Map<String, Integer> current = server.replicationOf(HotZoneKeyspace.NAME);
                if (HotZoneKeyspace.shouldGrow(current, wanted.replication()))
                {
                    logger.info("HotZone: raising replication of keyspace {} from {} to {}", HotZoneKeyspace.NAME, current, wanted.replication());
                    server.setReplication(HotZoneKeyspace.NAME, wanted.replication(), HotZoneKeyspace.replicationTimestamp(wanted.replication()));
                }
                return;
            }
            catch (RuntimeException e)
            {
                if (attempt == SCHEMA_ATTEMPTS)
                    throw e;
                reportError("creating keyspace " + HotZoneKeyspace.NAME + " failed (attempt " + attempt + "), retrying", e);
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private void waitUntil(BooleanSupplier condition, String reason) throws InterruptedException
    {
        status.set(status.get().to(State.STARTING, reason));
        while (!condition.getAsBoolean())
            Thread.sleep(POLL.toMillis());
    }

    private void enter(State state, String reason)
    {
        PluginStatus next = status.updateAndGet(s -> s.to(state, reason));
        if (state == State.ACTIVE)
            logger.info("HotZone {} active (features: {})", version, next.features());
        else
            logger.warn("HotZone {} is {}: {}", version, state, reason);
    }

    private static String readVersion()
    {
        try (InputStream in = HotZonePlugin.class.getResourceAsStream("version.properties"))
        {
            Properties p = new Properties();
            if (in != null)
                p.load(in);
            return p.getProperty("version", "unknown");
        }
        catch (Exception e)
        {
            return "unknown";
        }
    }
}
