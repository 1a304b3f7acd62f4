package io.hotzone.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.hotzone.capture.TableRef;
import io.hotzone.config.ForecastSettings;
import io.hotzone.events.Event;
import io.hotzone.events.EventStore;
import io.hotzone.forecast.HotRange;
import io.hotzone.forecast.HotRule;
import io.hotzone.forecast.RangeForecast;
import io.hotzone.history.AccessLog;
import io.hotzone.history.HistoryRow;
import io.hotzone.server.Ring;

/**
 * Hot token ranges forecast from the access history of every table (or one), each with the action the planner
 * chooses for it and why. Any node can answer: it reads the same history and events as the leader.
 */
public final class RangePlanner
{
    /**
     * What a range mirror is expected to copy per second: below every first copy {@code bin/hotzone bench boost}
     * measured on 4 CPU-capped local nodes (11.3-14.1 MB/s; 18.6-24.8 warm), so a choice errs on the slow side.
     */
    static final double COPY_BYTES_PER_SECOND = 10 * 1024 * 1024;

    private final AccessLog history;
    private final EventStore events;
    private final Ring ring;
    private final ForecastSettings settings;
    private final Duration historyDelay;
    private final io.hotzone.config.MoveSettings moves;
    private final RangeForecast forecast;
    private final RangeActionChooser chooser;

    /**
     * @param historyDelay how long after a step ends until every node has written it
     * @param subRanges    the capture's sub-ranges per table (capture.ranges)
     */
    public RangePlanner(AccessLog history, EventStore events, Ring ring, ForecastSettings settings, Duration historyDelay, int subRanges,
                        io.hotzone.config.MoveSettings moves)
    {
        this.moves = moves;
        this.history = history;
        this.events = events;
        this.ring = ring;
        this.settings = settings;
        this.historyDelay = historyDelay;
        this.forecast = new RangeForecast(subRanges, HotRule.defaults(), settings.horizonSteps(), settings.topK());
        this.chooser = new RangeActionChooser(subRanges);
    }

    /** The hot ranges of the table (or of every table with history), most confident first, each with its action. */
    public List<RangeAction> plan(Optional<TableRef> only, Instant now)
    {
        Instant from = now.minus(settings.history());
        List<TableRef> tables = only.map(List::of).orElseGet(() -> new ArrayList<>(history.tables(from.toEpochMilli(), now.toEpochMilli() + 1)));
        Map<TableRef, List<Event>> byTable = events.list(only, false, now, skipped -> { }).stream().collect(Collectors.groupingBy(Event::table));
        Map<String, List<Long>> tokens = ring.tokens();
        List<RangeAction> out = new ArrayList<>();
        for (TableRef table : tables)
            out.addAll(plan(table, history.read(table, from.toEpochMilli(), now.toEpochMilli() + 1), byTable.getOrDefault(table, List.of()), tokens,
                            noMoves(tokens), now));
        return out;
    }

    /**
     * One table's hot ranges and their actions from history rows already read (the leader's cycle reads them once for
     * partitions and ranges).
     *
     * @param rows   the table's history since {@code now} minus forecast.history
     * @param events the table's announced events
     */
    public List<RangeAction> plan(TableRef table, List<HistoryRow> rows, List<Event> events, Instant now)
    {
        Map<String, List<Long>> tokens = ring.tokens();
        return plan(table, rows, events, tokens, noMoves(tokens), now);
    }

    private List<RangeAction> plan(TableRef table, List<HistoryRow> rows, List<Event> events, Map<String, List<Long>> tokens, String noMoves, Instant now)
    {
        int rf = ring.replicationFactor(table.keyspace());
        if (rf < 1)
            return List.of(); // dropped since
        List<HotRange> hot = forecast.forecast(table, rows, events, now.minus(settings.history()), now, settings.step(), historyDelay);
        RangeActionChooser.Facts facts = new RangeActionChooser.Facts(noMoves, tokens.size(), rf, ring.tableBytes(table.keyspace(), table.table()),
                                                                      COPY_BYTES_PER_SECOND, ring.streamBytesPerSecond(), ring.ringDelay(),
                                                                      moves.maxMoves(), moves.minConfidence());
        List<RangeAction> out = new ArrayList<>(hot.size());
        for (HotRange r : hot)
            out.add(chooser.choose(r, facts, now));
        return out;
    }

    /** Why this ring takes no token move, or null. */
    private String noMoves(Map<String, List<Long>> tokens)
    {
        String problem = ring.topologyProblem();
        return !moves.enabled() ? "moves.enabled is false"
               : problem != null && !problem.isEmpty() ? problem
               : !tokens.values().stream().allMatch(t -> t.size() == 1) ? "the ring has vnodes (num_tokens > 1)" : null;
    }
}
