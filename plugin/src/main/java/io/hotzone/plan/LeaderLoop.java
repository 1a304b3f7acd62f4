package io.hotzone.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import io.hotzone.capture.TableRef;
import io.hotzone.config.ForecastSettings;
import io.hotzone.events.Event;
import io.hotzone.events.EventStore;
import io.hotzone.forecast.EventSchedule;
import io.hotzone.forecast.Features;
import io.hotzone.forecast.ForecastCycle;
import io.hotzone.forecast.ForecastScoring;
import io.hotzone.forecast.ForecastStore;
import io.hotzone.forecast.HistorySeries;
import io.hotzone.forecast.HotRule;
import io.hotzone.forecast.HotZone;
import io.hotzone.forecast.Predictor;
import io.hotzone.forecast.ResidualCalibrator;
import io.hotzone.forecast.SegmentSeries;
import io.hotzone.history.AccessLog;
import io.hotzone.server.Server;

/**
 * Every cycle: take or renew the leader lease; as leader, forecast every table with history or upcoming events from
 * every node's history plus the events, write the ranked zones to hotzone.forecasts and the confident ones into the
 * plan. Runs on one daemon thread; models are trained on another ({@link ModelTrainer}) and the plan is driven on a
 * third ({@link PlanDriverLoop}, when boosting is on); a failing table is logged and skipped, never stopping the loop.
 */
public final class LeaderLoop
{
    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(LeaderLoop.class);
    private static final int PLAN_ATTEMPTS = 3;
    private final Server server;
    private final ForecastSettings settings;
    private final Duration cycle;
    private final Duration historyDelay;
    private final Lease lease;
    private final AccessLog history;
    private final EventStore events;
    private final ForecastStore store;
    private final Consumer<Boolean> roleChanged;
    private final BiConsumer<String, Throwable> onError;
    private final ForecastScoring scoring;
    private final HotRule rule = HotRule.defaults();
    private ScheduledExecutorService executor;
    private ModelTrainer trainer;
    private final PlanStore plans;
    private final PlanDriverLoop driving;
    private final ForecastPlanner planner;
    private final RangePlanner ranges;

    /**
     * @param historyDelay how long after a step ends until every node has written its history row: a node writes a
     *                     step once the first capture bucket of the next one is sealed
     */
    public LeaderLoop(Server server, ForecastSettings settings, Duration cycle, Duration historyDelay, AccessLog history, EventStore events, ForecastStore store,
                      ForecastScoring scoring, Consumer<Boolean> roleChanged, BiConsumer<String, Throwable> onError,
                      PlanStore plans, PlanDriver driver, Duration drivePeriod, ForecastPlanner planner, RangePlanner ranges)
    {
        this.ranges = ranges;
        this.plans = plans;
        this.planner = planner;
        this.scoring = scoring;
        this.server = server;
        this.settings = settings;
        this.cycle = cycle;
        this.historyDelay = historyDelay;
        this.lease = new Lease(Lease.LEADER, server, server.localAddress(), settings.leaseTtl(), System::currentTimeMillis);
        this.driving = driver == null ? null : new PlanDriverLoop(driver, lease::isHeld, drivePeriod, onError);
        this.history = history;
        this.events = events;
        this.store = store;
        this.roleChanged = roleChanged;
        this.onError = onError;
    }

    public synchronized void start()
    {
        trainer = new ModelTrainer(rule, settings.retrainEvery(), settings.cpuBudget(), settings.topK(), scoring, onError);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "HotZone-leader");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runCycle, 0, cycle.toMillis(), TimeUnit.MILLISECONDS);
        if (driving != null)
            driving.start();
    }

    public synchronized void stop()
    {
        if (executor != null)
            executor.shutdownNow();
        if (trainer != null)
            trainer.stop();
        if (driving != null)
            driving.stop();
        lease.release();
    }

    /** A scheduled task that throws is never run again: nothing may escape a cycle. */
    private void runCycle()
    {
        try
        {
            runOnce();
        }
        catch (Throwable t)
        {
            onError.accept("forecast cycle failed", t);
        }
    }

    private void runOnce()
    {
        boolean was = lease.isHeld();
        boolean leader = lease.acquireOrRenew();
        if (leader != was)
            roleChanged.accept(leader);
        if (!leader)
        {
            scoring.retainServed(Set.of()); // only the leader's choice is the one served
            return;
        }
        long started = System.currentTimeMillis();
        Instant now = Instant.ofEpochMilli(started);
        if (settings.enabled())
            forecastAll(started, now);
    }

    private void forecastAll(long started, Instant now)
    {
        Instant from = now.minus(settings.history());
        List<Event> all = events.list(Optional.empty(), false, now, reason -> { });
        Set<TableRef> tables = new LinkedHashSet<>(history.tables(from.toEpochMilli(), started + 1));
        all.forEach(e -> tables.add(e.table()));
        trainer.retain(tables);
        scoring.retainServed(tables);
        for (TableRef table : tables)
        {
            // Renewed per table: a cycle over many big tables must not let the lease lapse mid-way.
            if (!lease.acquireOrRenew())
                return;
            long t0 = System.currentTimeMillis();
            try
            {
                forecast(table, from, now, all);
                long took = System.currentTimeMillis() - t0;
                if (took > cycle.toMillis())
                    logger.info("HotZone: forecasting {} took {} ms, longer than a cycle", table, took);
            }
            catch (RuntimeException e)
            {
                onError.accept("forecasting " + table + " failed", e);
            }
        }
        long took = System.currentTimeMillis() - started;
        boolean over = took > cycle.toMillis();
        trainer.cycleOverrun(over);
        if (over)
            logger.info("HotZone: the forecast cycle took {} ms, longer than a cycle; the next scheduled retraining is skipped", took);
    }

    private void forecast(TableRef table, Instant from, Instant now, List<Event> allEvents)
    {
        if (!server.tableExists(table))
            return;
        List<Event> tableEvents = allEvents.stream().filter(e -> e.table().equals(table)).collect(java.util.stream.Collectors.toList());
        List<HistorySeries.Segment> extra = new ArrayList<>();
        for (Event e : tableEvents)
            for (String key : e.keys())
            {
                Server.Key k = server.parseKey(table, key);
                extra.add(new HistorySeries.Segment(server.formatKey(table, k.bytes()), k.bytes(), k.token()));
            }
        List<io.hotzone.history.HistoryRow> rows = history.read(table, from.toEpochMilli(), now.toEpochMilli() + 1);
        HistorySeries.Built built = HistorySeries.build(rows, extra, from, now, settings.step(), key -> server.formatKey(table, key));
        SegmentSeries series = built.series();
        if (series.size() == 0)
            return;
        EventSchedule schedule = schedule(tableEvents, built, table);
        int h = settings.horizonSteps();
        // The last step every node has written. A step that ended but is not written yet reads as silence: a burst in it
        // would go unseen, and, with cycles drifting against the step grid, for many cycles in a row.
        int origin = series.indexOf(now.minus(historyDelay)) - 1;
        if (origin < 1)
            return;
        Features features = new Features(series, schedule, rule, h);
        Predictor predictor;
        ResidualCalibrator calibrator;
        int dataFrom = IntStream.range(0, series.size()).map(series::firstSeen).min().orElse(origin);
        int validation = Math.max(1, Math.min(series.stepsPerDay(), (origin - dataFrom) / 4));
        // Too little history for a model (a new table, a fresh cluster): the baselines and the event prior serve alone.
        if (origin - h - validation - dataFrom > 2 * h)
            trainer.maybeTrain(table, series, features, h, dataFrom, origin, validation, now);
        ModelTrainer.Trained trained = trainer.current(table);
        if (trained != null)
        {
            predictor = trained.model().on(features);
            calibrator = trained.calibrator();
            scoring.served(table, trained.served(), trained.servedWhy());
        }
        else
        {
            Predictor seasonal = Predictor.seasonalNaive(series, h);
            predictor = (s, i) -> Math.max(series.at(s, i), seasonal.predict(s, i));
            calibrator = new ResidualCalibrator(1);
        }
        scoring.score(table, series, series.time(origin + 1));
        int clock = Math.max(origin, series.indexOf(now));
        ForecastCycle cycleRun = new ForecastCycle(series, schedule, rule, h, h + clock - origin);
        ForecastCycle.Result result = cycleRun.run(predictor, calibrator, trained == null ? null : trained.spikes().on(series), origin, settings.topK(),
                                                   true, true, scoring.cutoff(table), trained == null ? "model" : trained.served());
        List<HotZone> zones = result.zones();
        Map<String, double[]> predictions = new HashMap<>();
        for (int s = 0; s < series.size(); s++)
            if (!cycleRun.eventBeyondHorizon(s, origin)) // scored over origin + h; only segments in predictions are scored
                predictions.put(series.segment(s), new double[]{ result.predicted()[s], result.threshold()[s], result.confidence()[s] });
        scoring.made(table, series.time(origin), series.time(origin + h), predictions,
                     zones.stream().map(HotZone::segment).collect(java.util.stream.Collectors.toSet()), settings.topK());
        Map<String, Long> tokens = new HashMap<>();
        built.segments().forEach(seg -> tokens.put(seg.name(), seg.token()));
        store.write(table, zones, zones.stream().map(z -> tokens.get(z.segment())).collect(java.util.stream.Collectors.toList()), now, server.localAddress(),
                    cycle.multipliedBy(3));
        if (planner != null)
        {
            // Ranges first (the partitions of a range zone are left to it), and only announced ones are boosted: the
            // range forecast runs for tables with a token-range event.
            if (ranges != null && tableEvents.stream().anyMatch(e -> e.tokenRange() != null))
            {
                try
                {
                    List<RangeAction> actions = ranges.plan(table, rows, tableEvents, now);
                    commit(table, current -> planner.planRanges(current, table, actions, now));
                }
                catch (RuntimeException e)
                {
                    onError.accept("planning the announced ranges of " + table + " failed", e);
                }
            }
            Instant horizonEnd = series.time(clock + 1 + h);
            Map<String, Double> writesPerStep = new HashMap<>();
            for (int s = 0; s < built.segments().size(); s++)
                writesPerStep.put(built.segments().get(s).name(), built.writesPerStep(s));
            commit(table, current -> planner.plan(current, table, zones, tokens, writesPerStep, horizonEnd, now));
        }
    }

    /**
     * Writes zones of one table into the plan. The driver commits to the same plan concurrently: a commit that lost
     * the race is planned again on the new version (else the zones would wait a whole cycle).
     */
    private void commit(TableRef table, java.util.function.Function<Plan, List<Zone>> planning)
    {
        for (int attempt = 0; attempt < PLAN_ATTEMPTS; attempt++)
        {
            Plan current = plans.load();
            List<Zone> changes = planning.apply(current);
            if (changes.isEmpty())
                return;
            if (plans.commit(current.version(), changes, List.of()))
            {
                if (driving != null)
                    driving.nudge();
                return;
            }
        }
        logger.info("HotZone: the plan moved under {} commits in a row; the zones of {} wait for the next cycle", PLAN_ATTEMPTS, table);
    }

    private EventSchedule schedule(List<Event> tableEvents, HistorySeries.Built built, TableRef table)
    {
        EventSchedule schedule = new EventSchedule();
        Map<String, Integer> byName = new HashMap<>();
        for (int s = 0; s < built.segments().size(); s++)
            byName.put(built.segments().get(s).name(), s);
        for (Event e : tableEvents)
        {
            Set<Integer> targets = null;
            if (!e.keys().isEmpty())
            {
                targets = new HashSet<>();
                for (String key : e.keys())
                {
                    Integer s = byName.get(server.formatKey(table, server.parseKey(table, key).bytes()));
                    if (s != null)
                        targets.add(s);
                }
            }
            else if (e.tokenRange() != null)
            {
                targets = new HashSet<>();
                for (int s = 0; s < built.segments().size(); s++)
                    if (e.tokenRange().contains(built.segments().get(s).token()))
                        targets.add(s);
            }
            schedule.add(e.name(), e.start(), e.end(), e.multiplier(), targets, built.series());
        }
        return schedule;
    }
}
