package io.hotzone;

import io.hotzone.events.EventStore;
import io.hotzone.events.EventValidator;
import io.hotzone.history.AccessLog;
import io.hotzone.history.HistoryImport;
import io.hotzone.history.TopQuery;

/** What the plugin offers operators once it is active; the JMX surface reads it, null before. */
public record Services(AccessLog accessLog, TopQuery top, EventStore events, EventValidator eventValidator, HistoryImport historyImport,
                       java.util.Optional<io.hotzone.capture.Capturer> capturer, io.hotzone.forecast.ForecastStore forecasts)
{
}
