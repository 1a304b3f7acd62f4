package io.hotzone.history;

import io.hotzone.capture.TableSnapshot;

/** One access_log row: what {@code node} coordinated for a table during {@code [startMillis, startMillis + lengthMillis)}. */
public record HistoryRow(String node, long startMillis, long lengthMillis, TableSnapshot snapshot)
{
}
