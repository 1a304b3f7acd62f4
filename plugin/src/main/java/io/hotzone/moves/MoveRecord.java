package io.hotzone.moves;

import java.time.Instant;

/** One requested token move as {@code hotzone.moves} holds it. */
public final class MoveRecord
{
    /** Where a move is: requested, being streamed, or ended one way or another. */
    public enum State
    {
        /** Requested; its node runs it when the guards and the move lock allow. */
        PLANNED,
        /** Cassandra is moving the token (streaming). */
        RUNNING,
        DONE,
        /** Started and did not finish; blocks every later move until cleared. */
        FAILED,
        /** A guard said no before it started; the note says which. */
        REFUSED,
        /** The move it waited for did not end DONE. */
        CANCELLED,
        /** moves.dry_run: checked by every guard and recorded, never run. */
        DRY_RUN,
        /** A failure an operator has looked at. */
        CLEARED;

        public boolean ended()
        {
            return this != PLANNED && this != RUNNING;
        }
    }

    private final String node, id, after;
    private final long from, to;
    private final State state;
    private final String reason, requestedBy, note, revertOf;
    private final Instant requestedAt, startedAt, endedAt;
    private final long bytesStreamed;

    public MoveRecord(String node, String id, String after, long from, long to, State state, String reason, String requestedBy, Instant requestedAt,
                      Instant startedAt, Instant endedAt, long bytesStreamed, String note, String revertOf)
    {
        this.node = node;
        this.id = id;
        this.after = after;
        this.from = from;
        this.to = to;
        this.state = state;
        this.reason = reason;
        this.requestedBy = requestedBy;
        this.requestedAt = requestedAt;
        this.startedAt = startedAt;
        this.endedAt = endedAt;
        this.bytesStreamed = bytesStreamed;
        this.note = note;
        this.revertOf = revertOf;
    }

    public String node() { return node; }
    public String id() { return id; }
    /** The move this one waits for (the previous one of its plan), or null. */
    public String after() { return after; }
    public long from() { return from; }
    public long to() { return to; }
    public State state() { return state; }
    public String reason() { return reason; }
    public String requestedBy() { return requestedBy; }
    public Instant requestedAt() { return requestedAt; }
    public Instant startedAt() { return startedAt; }
    public Instant endedAt() { return endedAt; }
    public long bytesStreamed() { return bytesStreamed; }
    /** Why it was refused, cancelled or failed. */
    public String note() { return note; }
    /** The move this one undoes, or null. */
    public String revertOf() { return revertOf; }

    public Move move()
    {
        return new Move(node, from, to);
    }

    @Override
    public String toString()
    {
        return id + " " + node + " " + from + " -> " + to + " " + state + (note == null || note.isEmpty() ? "" : " (" + note + ")");
    }
}
