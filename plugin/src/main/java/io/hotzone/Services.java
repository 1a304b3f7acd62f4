package io.hotzone;

import java.util.Objects;
import java.util.Optional;

import io.hotzone.capture.Capturer;
import io.hotzone.events.EventStore;
import io.hotzone.events.EventValidator;
import io.hotzone.forecast.ForecastStore;
import io.hotzone.history.AccessLog;
import io.hotzone.history.HistoryImport;
import io.hotzone.history.TopQuery;
import io.hotzone.moves.MoveRequests;
import io.hotzone.plan.ForecastPlanner;
import io.hotzone.plan.PlanStore;
import io.hotzone.plan.ZoneRequests;
import io.hotzone.resources.ReservationAllocator;
import io.hotzone.resources.ReservationRequests;
import io.hotzone.surfaces.ReservationsView;
import io.hotzone.surfaces.ImportsView;

/** What the plugin offers operators once it is active; the JMX surface reads it, null before. */
public final class Services
{
    private final AccessLog accessLog;
    private final TopQuery top;
    private final EventStore events;
    private final EventValidator eventValidator;
    private final HistoryImport historyImport;
    private final Optional<Capturer> capturer;
    private final ForecastStore forecasts;
    private final PlanStore plans;
    private final Optional<ZoneRequests> zoneRequests;
    private final Optional<ForecastPlanner> planner;
    private final ImportsView imports;
    private final ReservationsView reservations;
    private final Optional<ReservationRequests> reservationRequests;
    private final Optional<ReservationAllocator> allocator;
    private final Optional<MoveRequests> moves;
    private final io.hotzone.plan.RangePlanner ranges;
    private final Optional<io.hotzone.moves.AutoMover> autoMover;
    private final io.hotzone.aggregates.RuleRequests rules;

    /**
     * @param zoneRequests boost and unboost; empty when boost.enabled is false
     * @param planner adds zones from this node's forecasts while it leads; empty when boost.enabled is false
     * @param reservationRequests manual reservations; empty when resources.enabled is false
     * @param allocator reserves for zones while this node leads; empty when resources.enabled is false
     * @param moves token move plans and requests; empty when moves.enabled is false
     * @param ranges hot token ranges forecast, each with the action chosen for it
     * @param autoMover the leader's automatic token moves; empty when moves.enabled is false
     * @param rules pre-aggregation rules: add (validated), remove, list
     */
    public Services(AccessLog accessLog, TopQuery top, EventStore events, EventValidator eventValidator,
                    HistoryImport historyImport, Optional<Capturer> capturer, ForecastStore forecasts, PlanStore plans,
                    Optional<ZoneRequests> zoneRequests, Optional<ForecastPlanner> planner, ImportsView imports,
                    ReservationsView reservations, Optional<ReservationRequests> reservationRequests, Optional<ReservationAllocator> allocator,
                    Optional<MoveRequests> moves, io.hotzone.plan.RangePlanner ranges, Optional<io.hotzone.moves.AutoMover> autoMover,
                    io.hotzone.aggregates.RuleRequests rules)
    {
        this.autoMover = autoMover;
        this.rules = rules;
        this.moves = moves;
        this.ranges = ranges;
        this.imports = imports;
        this.reservations = reservations;
        this.reservationRequests = reservationRequests;
        this.allocator = allocator;
        this.accessLog = accessLog;
        this.top = top;
        this.events = events;
        this.eventValidator = eventValidator;
        this.historyImport = historyImport;
        this.capturer = capturer;
        this.forecasts = forecasts;
        this.plans = plans;
        this.zoneRequests = zoneRequests;
        this.planner = planner;
    }

    public AccessLog accessLog()
    {
        return accessLog;
    }

    public TopQuery top()
    {
        return top;
    }

    public EventStore events()
    {
        return events;
    }

    public EventValidator eventValidator()
    {
        return eventValidator;
    }

    public HistoryImport historyImport()
    {
        return historyImport;
    }

    public Optional<Capturer> capturer()
    {
        return capturer;
    }

    public ForecastStore forecasts()
    {
        return forecasts;
    }

    public PlanStore plans()
    {
        return plans;
    }

    /** boost and unboost; empty when boost.enabled is false */
    public Optional<ZoneRequests> zoneRequests()
    {
        return zoneRequests;
    }

    /** the bulk imports recorded by the client tool */
    public ImportsView imports()
    {
        return imports;
    }

    /** every node's reservations and what it applied */
    public ReservationsView reservations()
    {
        return reservations;
    }

    /** manual reservations; empty when resources.enabled is false */
    public Optional<ReservationRequests> reservationRequests()
    {
        return reservationRequests;
    }

    /** reserves for zones while this node leads; empty when resources.enabled is false */
    public Optional<ReservationAllocator> allocator()
    {
        return allocator;
    }

    /** token move plans and requests; empty when moves.enabled is false */
    public Optional<MoveRequests> moves()
    {
        return moves;
    }

    /** pre-aggregation rules: add (validated), remove, list */
    public io.hotzone.aggregates.RuleRequests rules()
    {
        return rules;
    }

    /** the leader's automatic token moves; empty when moves.enabled is false */
    public Optional<io.hotzone.moves.AutoMover> autoMover()
    {
        return autoMover;
    }

    /** hot token ranges forecast from the history, each with the action chosen for it */
    public io.hotzone.plan.RangePlanner ranges()
    {
        return ranges;
    }

    /** adds zones from this node's forecasts while it leads; empty when boost.enabled is false */
    public Optional<ForecastPlanner> planner()
    {
        return planner;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof Services))
            return false;
        Services that = (Services) o;
        return Objects.equals(accessLog, that.accessLog) && Objects.equals(top, that.top)
               && Objects.equals(events, that.events) && Objects.equals(eventValidator, that.eventValidator)
               && Objects.equals(historyImport, that.historyImport) && Objects.equals(capturer, that.capturer)
               && Objects.equals(forecasts, that.forecasts) && Objects.equals(plans, that.plans)
               && Objects.equals(zoneRequests, that.zoneRequests) && Objects.equals(planner, that.planner)
               && Objects.equals(imports, that.imports) && Objects.equals(reservations, that.reservations)
               && Objects.equals(reservationRequests, that.reservationRequests) && Objects.equals(allocator, that.allocator)
               && Objects.equals(moves, that.moves) && Objects.equals(ranges, that.ranges)
               && Objects.equals(autoMover, that.autoMover) && Objects.equals(rules, that.rules);
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(accessLog);
        h = 31 * h + Objects.hashCode(top);
        h = 31 * h + Objects.hashCode(events);
        h = 31 * h + Objects.hashCode(eventValidator);
        h = 31 * h + Objects.hashCode(historyImport);
        h = 31 * h + Objects.hashCode(capturer);
        h = 31 * h + Objects.hashCode(forecasts);
        h = 31 * h + Objects.hashCode(plans);
        h = 31 * h + Objects.hashCode(zoneRequests);
        h = 31 * h + Objects.hashCode(planner);
        h = 31 * h + Objects.hashCode(imports);
        h = 31 * h + Objects.hashCode(reservations);
        h = 31 * h + Objects.hashCode(reservationRequests);
        h = 31 * h + Objects.hashCode(allocator);
        h = 31 * h + Objects.hashCode(moves);
        h = 31 * h + Objects.hashCode(ranges);
        h = 31 * h + Objects.hashCode(autoMover);
        h = 31 * h + Objects.hashCode(rules);
        return h;
    }

    @Override
    public String toString()
    {
        return "Services[accessLog=" + accessLog + ", top=" + top + ", events=" + events
               + ", eventValidator=" + eventValidator + ", historyImport=" + historyImport + ", capturer=" + capturer
               + ", forecasts=" + forecasts + ", plans=" + plans + ", zoneRequests=" + zoneRequests
               + ", planner=" + planner + ", imports=" + imports + ", reservations=" + reservations
               + ", reservationRequests=" + reservationRequests + ", allocator=" + allocator + ", moves=" + moves
               + ", ranges=" + ranges + ", autoMover=" + autoMover + ", rules=" + rules + "]";
    }
}
