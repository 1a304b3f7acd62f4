package io.hotzone.moves;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.hotzone.config.MoveSettings;

/**
 * Whether a token move may start now: the checks an operator would make before {@code nodetool move}, in the order
 * they are worth reporting. A verdict either lets it go, says to wait (another move holds the way; it will end), or
 * refuses it for good with the reason.
 */
public final class MoveGuard
{
    /** What the guard decided. */
    public static final class Verdict
    {
        public enum Kind { GO, WAIT, REFUSE }

        private final Kind kind;
        private final String reason;

        private Verdict(Kind kind, String reason)
        {
            this.kind = kind;
            this.reason = reason;
        }

        static Verdict go()
        {
            return new Verdict(Kind.GO, "");
        }

        static Verdict waitFor(String reason)
        {
            return new Verdict(Kind.WAIT, reason);
        }

        static Verdict refuse(String reason)
        {
            return new Verdict(Kind.REFUSE, reason);
        }

        public Kind kind()
        {
            return kind;
        }

        public String reason()
        {
            return reason;
        }

        @Override
        public String toString()
        {
            return kind + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    /** What the guard looks at, read from the node that asks. */
    public static final class Facts
    {
        final Map<String, List<Long>> tokens;
        final String topologyProblem;
        final Map<String, String> unsettled;
        final int streamsAndRepairs;
        final long freeDiskBytes;
        final long receiveBytes;
        final List<MoveRecord> history;

        /**
         * @param tokens       every ring node's tokens
         * @param topologyProblem why the ring model does not fit this ring, or empty
         * @param unsettled    nodes not up and normal, with why
         * @param streamsAndRepairs streaming and repair sessions on the moving node
         * @param freeDiskBytes usable disk of the moving node (negative: unknown here, not checked)
         * @param receiveBytes what the moving node is estimated to receive
         * @param history      every node's recorded moves
         */
        public Facts(Map<String, List<Long>> tokens, String topologyProblem, Map<String, String> unsettled, int streamsAndRepairs, long freeDiskBytes, long receiveBytes,
                     List<MoveRecord> history)
        {
            this.tokens = tokens;
            this.topologyProblem = topologyProblem;
            this.unsettled = unsettled;
            this.streamsAndRepairs = streamsAndRepairs;
            this.freeDiskBytes = freeDiskBytes;
            this.receiveBytes = receiveBytes;
            this.history = history;
        }
    }

    private final MoveSettings settings;

    public MoveGuard(MoveSettings settings)
    {
        this.settings = settings;
    }

    /**
     * @param id the move's own id (its record is not "another move"), or null for one not recorded yet
     * @param revert the move undoes an earlier one (the cooldown does not hold it back)
     */
    public Verdict check(String id, Move move, boolean revert, Facts facts, Instant now)
    {
        if (!settings.enabled())
            return Verdict.refuse("token moves are disabled (moves.enabled: false)");
        for (Map.Entry<String, List<Long>> e : facts.tokens.entrySet())
            if (e.getValue().size() != 1)
                return Verdict.refuse("the ring has vnodes (" + e.getKey() + " has " + e.getValue().size()
                                      + " tokens): Cassandra moves single-token nodes only; use mirror zones for read-heavy ranges");
        if (!facts.topologyProblem.isEmpty())
            return Verdict.refuse(facts.topologyProblem);
        if (!facts.tokens.containsKey(move.node()))
            return Verdict.refuse(move.node() + " is not a ring node");
        for (Map.Entry<String, List<Long>> e : facts.tokens.entrySet())
            if (e.getValue().contains(move.to()))
                return Verdict.refuse("token " + move.to() + " is " + e.getKey() + "'s");
        for (Map.Entry<String, String> e : facts.unsettled.entrySet())
            if (e.getValue().equals("DOWN"))
                return Verdict.refuse("node " + e.getKey() + " is DOWN: a move needs every node up and normal");
        if (!facts.unsettled.isEmpty())
        {
            // joining, leaving or moving ends by itself (every node sees the end of a move a gossip round late)
            Map.Entry<String, String> first = facts.unsettled.entrySet().iterator().next();
            return Verdict.waitFor("node " + first.getKey() + " is " + first.getValue());
        }
        for (MoveRecord r : facts.history)
        {
            if (r.id().equals(id))
                continue;
            if (r.state() == MoveRecord.State.RUNNING)
                return Verdict.waitFor("move " + r.id() + " of " + r.node() + " is running");
            if (r.state() == MoveRecord.State.FAILED)
                return Verdict.refuse("move " + r.id() + " of " + r.node() + " failed (" + r.note() + "); once checked, clear it: nodetool-ext hotzone move clear " + r.id());
        }
        if (facts.streamsAndRepairs > 0)
            return Verdict.waitFor(facts.streamsAndRepairs + " streaming or repair session(s) running on " + move.node());
        // reverts count for nothing: whatever was moved can always be put back
        long started = facts.history.stream().filter(r -> r.revertOf() == null && r.startedAt() != null && r.startedAt().isAfter(now.minus(Duration.ofDays(1))))
                                    .count();
        if (!revert && started >= settings.dailyBudget())
            return Verdict.refuse(started + " move(s) started in the last 24 hours: the daily budget (moves.daily_budget) is " + settings.dailyBudget());
        if (!revert)
            for (MoveRecord r : facts.history)
                if (r.node().equals(move.node()) && r.state() == MoveRecord.State.DONE && r.endedAt() != null
                    && r.endedAt().plus(settings.cooldown()).isAfter(now))
                    return Verdict.refuse(move.node() + " moved at " + r.endedAt() + ": cooldown (moves.cooldown) until " + r.endedAt().plus(settings.cooldown()));
        if (facts.freeDiskBytes >= 0 && facts.receiveBytes * settings.freeDiskFactor() > facts.freeDiskBytes)
            return Verdict.refuse(String.format(java.util.Locale.ROOT, "%s would receive about %d MiB and has %d MiB free; it needs %.1f times that (moves.free_disk_factor)",
                                                move.node(), facts.receiveBytes >> 20, facts.freeDiskBytes >> 20, settings.freeDiskFactor()));
        return Verdict.go();
    }
}
