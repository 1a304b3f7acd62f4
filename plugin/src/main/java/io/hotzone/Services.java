package io.hotzone;

import java.util.Optional;

import io.hotzone.capture.Capturer;
import io.hotzone.events.EventStore;
import io.hotzone.events.EventValidator;
import io.hotzone.forecast.ForecastStore;
import io.hotzone.history.AccessLog;
import io.hotzone.history.HistoryImport;
import io.hotzone.history.TopQuery;
import io.hotzone.plan.ForecastPlanner;
import io.hotzone.plan.PlanStore;
import io.hotzone.plan.ZoneRequests;

/**
 * What the plugin offers operators once it is active; the JMX surface reads it, null before.
 *
 * @param zoneRequests boost and unboost; empty when boost.enabled is false
 * @param planner      adds zones from this node's forecasts while it leads; empty when boost.enabled is false
 */
public record Services(AccessLog accessLog, TopQuery top, EventStore events, EventValidator eventValidator, HistoryImport historyImport,
                       Optional<Capturer> capturer, ForecastStore forecasts, PlanStore plans, Optional<ZoneRequests> zoneRequests,
                       Optional<ForecastPlanner> planner)
{
}
