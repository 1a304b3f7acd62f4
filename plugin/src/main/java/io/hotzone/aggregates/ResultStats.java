package io.hotzone.aggregates;

import java.util.List;

/** What this node holds of pre-computed aggregates and how they serve, per rule (the adapter keeps them). */
public interface ResultStats
{
    ResultStats NONE = List::of;

    /** One rule's results on this node. */
    final class RuleResults
    {
        public final String table;
        public final String rule;
        /** Partitions with a result of the rule held here. */
        public final long partitions;
        /** Of those, results an update has made stale and not yet recomputed. */
        public final long dirty;
        /** Queries answered from the rule's results since the node started. */
        public final long served;

        public RuleResults(String table, String rule, long partitions, long dirty, long served)
        {
            this.table = table;
            this.rule = rule;
            this.partitions = partitions;
            this.dirty = dirty;
            this.served = served;
        }
    }

    List<RuleResults> byRule();
}
