package io.hotzone.aggregates;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.hotzone.capture.TableRef;

/**
 * The rules this node answers aggregate queries with, read again every few seconds. A rule seen late or removed
 * late changes nothing an answer can be: a result is always the rule's query over this node's mirror copy, so a
 * stale list only means a query is answered the normal way for a few seconds longer, or still from a result.
 */
public final class RuleView
{
    private final Supplier<List<AggregateRule>> source;
    private volatile Map<TableRef, List<AggregateRule>> byTable = Map.of();

    public RuleView(Supplier<List<AggregateRule>> source)
    {
        this.source = source;
    }

    public static RuleView of(RuleStore store)
    {
        return new RuleView(() -> store.list(Optional.empty()));
    }

    /** Reads the rules again; on failure the last list stays. */
    public void refresh()
    {
        Map<TableRef, List<AggregateRule>> next = new HashMap<>();
        for (AggregateRule r : source.get())
            next.computeIfAbsent(r.table(), t -> new java.util.ArrayList<>()).add(r);
        byTable = next;
    }

    /** The table's rules, by name. */
    public List<AggregateRule> of(TableRef table)
    {
        return byTable.getOrDefault(table, List.of());
    }

    /** Every table with rules. */
    public java.util.Set<TableRef> tables()
    {
        return byTable.keySet();
    }
}
