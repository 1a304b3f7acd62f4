package io.hotzone.moves;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.hotzone.forecast.HotRange;
import io.hotzone.plan.RangeAction;

/**
 * The leader's automatic token moves: when the range forecast chooses a move for a write-hot range, it requests the
 * moves that even out the load the forecast expects (reason {@code forecast: ...}); when no range has been forecast
 * write-hot (whatever the action) for {@value #QUIET_CYCLES} cycles in a row, it merges back, reverting its moves one
 * per cycle, newest first. One plan at a time: nothing is requested or reverted while any move is PLANNED or RUNNING,
 * and nothing requested while its own moves are in place. A plan that ended without moving (dry run, refused,
 * cancelled, failed) is not requested again within moves.cooldown of its end. Off unless {@code moves.automatic}
 * or {@code nodetool-ext hotzone enableautomove}; the switch is per node and lasts until a restart, like
 * {@code disableautoboost}. Off, it does nothing at all, the merge back included: the moves it made stay until it is
 * on again or an operator reverts them.
 */
public final class AutoMover
{
    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(AutoMover.class);
    /** What marks the moves this class requested (and only those) in hotzone.moves. */
    public static final String REASON = "forecast: ";
    static final String MERGE_BACK = "merge back (forecast over): revert of ";
    /** Cycles without a write-hot range before moves are merged back: one quiet forecast is not the end of a spike. */
    static final int QUIET_CYCLES = 3;

    /** What the mover asks of the move requests ({@link MoveRequests} on a node). */
    public interface Requests
    {
        List<MoveRecord> list();

        MovePlan planForecast(List<HotRange> hot, Duration step);

        List<String> request(List<Move> moves, String reason, String revertOf);

        String revert(String id, String reason);
    }

    private final Requests requests;
    private final Supplier<List<RangeAction>> forecast;
    private final Duration step;
    private final Duration cooldown;
    private final Supplier<Instant> clock;
    private volatile boolean automatic;
    private int quiet;
    private String lastRefusal;

    /**
     * @param forecast the hot ranges and the action chosen for each, now
     * @param step     the history step the forecast's peaks are counted in
     * @param cooldown moves.cooldown: how long a plan that did not move keeps the next one back
     */
    public AutoMover(Requests requests, Supplier<List<RangeAction>> forecast, Duration step, Duration cooldown, boolean automatic, Supplier<Instant> clock)
    {
        this.requests = requests;
        this.forecast = forecast;
        this.step = step;
        this.cooldown = cooldown;
        this.automatic = automatic;
        this.clock = clock;
    }

    public boolean isAutomatic()
    {
        return automatic;
    }

    public void setAutomatic(boolean automatic)
    {
        this.automatic = automatic;
    }

    /** Called when this node gains or loses the lease: a new term counts quiet cycles afresh. */
    public synchronized void leading(boolean leading)
    {
        quiet = 0;
    }

    /** One leader cycle; returns what it did, for the log and tests ("" when nothing). */
    public synchronized String cycle()
    {
        if (!automatic)
            return "";
        List<MoveRecord> all = requests.list();
        if (all.stream().anyMatch(r -> !r.state().ended()))
            return ""; // one plan at a time: what runs now ends first
        List<RangeAction> actions = forecast.get();
        List<HotRange> toMove = actions.stream().filter(a -> a.kind() == RangeAction.Kind.MOVE).map(RangeAction::range).collect(Collectors.toList());
        // Quiet means no write-hot range at all: one that is near (too near for a move now) is not over.
        boolean writeHot = actions.stream().anyMatch(a -> a.range().kind() == HotRange.Kind.WRITES);
        List<MoveRecord> open = inPlace(all);
        if (writeHot)
        {
            quiet = 0;
            if (toMove.isEmpty() || !open.isEmpty() || recentlyTried(all))
                return "";
            MovePlan plan = requests.planForecast(toMove, step);
            if (plan.moves().isEmpty())
                return refused("no move for the forecast write-hot ranges: " + plan.reason());
            String reason = REASON + toMove.stream().map(r -> "writes of " + r.table() + " hot in " + r.rangeText() + " from " + r.predictedStart())
                                           .collect(Collectors.joining("; "));
            try
            {
                List<String> ids = requests.request(plan.moves(), reason, null);
                lastRefusal = null;
                logger.info("HotZone: requested token moves {} ahead of the forecast ({})", ids, reason);
                return "requested " + ids;
            }
            catch (IllegalStateException | IllegalArgumentException e)
            {
                return refused("the forecast's token moves were refused: " + e.getMessage());
            }
        }
        if (open.isEmpty() || ++quiet < QUIET_CYCLES)
            return "";
        MoveRecord newest = open.get(0);
        try
        {
            String id = requests.revert(newest.id(), MERGE_BACK + newest.id());
            lastRefusal = null;
            logger.info("HotZone: no range forecast write-hot for {} cycles: merging back, move {} reverts {}", quiet, id, newest.id());
            return "reverted " + newest.id();
        }
        catch (IllegalStateException | IllegalArgumentException e)
        {
            return refused("merging back move " + newest.id() + " was refused: " + e.getMessage());
        }
    }

    /** Said once until something changes: a refusal repeats every cycle otherwise. */
    private String refused(String why)
    {
        if (!why.equals(lastRefusal))
            logger.info("HotZone: {}", why);
        lastRefusal = why;
        return why;
    }

    /**
     * This mover's DONE moves that no revert undid or is undoing, newest first. A revert that was refused, cancelled,
     * dry-run or failed leaves its move in place: it is tried again (a FAILED one blocks every move until cleared).
     */
    static List<MoveRecord> inPlace(List<MoveRecord> all)
    {
        Set<String> reverted = all.stream()
                                  .filter(r -> r.revertOf() != null && (r.state() == MoveRecord.State.PLANNED || r.state() == MoveRecord.State.RUNNING
                                                                        || r.state() == MoveRecord.State.DONE))
                                  .map(MoveRecord::revertOf).collect(Collectors.toSet());
        List<MoveRecord> open = new ArrayList<>();
        for (MoveRecord r : all)
            if (r.state() == MoveRecord.State.DONE && r.reason().startsWith(REASON) && !reverted.contains(r.id()))
                open.add(r);
        open.sort((a, b) -> b.endedAt().compareTo(a.endedAt()));
        return open;
    }

    /** Whether a plan of this mover ended without moving within the cooldown (a dry run, a refusal): not again yet. */
    private boolean recentlyTried(List<MoveRecord> all)
    {
        Instant since = clock.get().minus(cooldown);
        return all.stream().anyMatch(r -> r.reason().startsWith(REASON) && r.state() != MoveRecord.State.DONE
                                          && (r.endedAt() != null ? r.endedAt() : r.requestedAt()).isAfter(since));
    }
}
