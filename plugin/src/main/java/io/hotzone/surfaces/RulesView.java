package io.hotzone.surfaces;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.hotzone.aggregates.Aggregate;
import io.hotzone.aggregates.AggregateRule;
import io.hotzone.aggregates.ResultStats;
import io.hotzone.aggregates.RuleView;
import io.hotzone.capture.TableRef;
import io.hotzone.server.View;
import io.hotzone.server.View.Column;
import io.hotzone.server.View.Type;

/**
 * {@code hotzone_views.aggregate_rules}: the pre-aggregation rules this node answers with, and per rule the
 * partitions whose results it holds, how many of those are dirty (an update since, not yet recomputed) and how many
 * queries they answered here.
 */
public final class RulesView
{
    private RulesView()
    {
    }

    public static View create(Supplier<RuleView> rules, ResultStats stats)
    {
        List<Column> columns = List.of(new Column("table_name", Type.TEXT), new Column("rule", Type.TEXT), new Column("group_by", Type.TEXT),
                                       new Column("aggregates", Type.TEXT), new Column("partitions", Type.BIGINT), new Column("dirty", Type.BIGINT),
                                       new Column("served", Type.BIGINT));
        return new View("aggregate_rules", "Pre-aggregation rules and this node's results of them", columns, 1, () -> {
            List<Object[]> rows = new ArrayList<>();
            RuleView view = rules.get();
            if (view == null)
                return rows;
            List<ResultStats.RuleResults> results = stats.byRule();
            for (TableRef table : view.tables())
                for (AggregateRule rule : view.of(table))
                {
                    ResultStats.RuleResults r = results.stream().filter(x -> x.table.equals(table.toString()) && x.rule.equals(rule.name()))
                                                       .findFirst().orElse(new ResultStats.RuleResults(table.toString(), rule.name(), 0, 0, 0));
                    rows.add(new Object[]{ table.toString(), rule.name(), String.join(", ", rule.groupByTerms()),
                                           rule.aggregates().stream().map(Aggregate::cql).collect(java.util.stream.Collectors.joining(", ")),
                                           r.partitions, r.dirty, r.served });
                }
            return rows;
        });
    }
}
