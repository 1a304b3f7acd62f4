package io.hotzone.forecast;

import java.time.Instant;
import java.util.Objects;

import io.hotzone.capture.TableRef;

/**
 * A token range of one table forecast hot for reads or for writes: adjacent capture sub-ranges that are each expected
 * over their hot threshold, with the range's summed peak and threshold (accesses per history step), when it is
 * expected hot and until when, how confident the forecast is, and why.
 */
public final class HotRange
{
    /** Which accesses a range is hot with: mirrors spread reads, only a token move spreads writes. */
    public enum Kind { READS, WRITES }

    private final TableRef table;
    private final Kind kind;
    private final int firstSubRange, lastSubRange;
    private final long startToken, endToken;
    private final double predictedPeak, threshold, confidence;
    private final Instant predictedStart, predictedEnd;
    private final HotZone.Reason reason;

    /**
     * @param startToken the range's start, exclusive (Cassandra's (start, end] notation)
     * @param endToken   the range's end, inclusive
     */
    public HotRange(TableRef table, Kind kind, int firstSubRange, int lastSubRange, long startToken, long endToken, double predictedPeak, double threshold,
                    Instant predictedStart, Instant predictedEnd, double confidence, HotZone.Reason reason)
    {
        this.table = table;
        this.kind = kind;
        this.firstSubRange = firstSubRange;
        this.lastSubRange = lastSubRange;
        this.startToken = startToken;
        this.endToken = endToken;
        this.predictedPeak = predictedPeak;
        this.threshold = threshold;
        this.predictedStart = predictedStart;
        this.predictedEnd = predictedEnd;
        this.confidence = confidence;
        this.reason = reason;
    }

    public TableRef table()
    {
        return table;
    }

    public Kind kind()
    {
        return kind;
    }

    public int firstSubRange()
    {
        return firstSubRange;
    }

    public int lastSubRange()
    {
        return lastSubRange;
    }

    public int subRanges()
    {
        return lastSubRange - firstSubRange + 1;
    }

    public long startToken()
    {
        return startToken;
    }

    public long endToken()
    {
        return endToken;
    }

    public double predictedPeak()
    {
        return predictedPeak;
    }

    public double threshold()
    {
        return threshold;
    }

    public Instant predictedStart()
    {
        return predictedStart;
    }

    public Instant predictedEnd()
    {
        return predictedEnd;
    }

    public double confidence()
    {
        return confidence;
    }

    public HotZone.Reason reason()
    {
        return reason;
    }

    /** The range as nodetool prints token ranges: {@code (start,end]}. */
    public String rangeText()
    {
        return "(" + startToken + "," + endToken + "]";
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof HotRange))
            return false;
        HotRange that = (HotRange) o;
        return table.equals(that.table) && kind == that.kind && firstSubRange == that.firstSubRange && lastSubRange == that.lastSubRange
               && Double.compare(predictedPeak, that.predictedPeak) == 0 && Double.compare(threshold, that.threshold) == 0
               && Double.compare(confidence, that.confidence) == 0 && predictedStart.equals(that.predictedStart)
               && predictedEnd.equals(that.predictedEnd) && reason == that.reason;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(table, kind, firstSubRange, lastSubRange, predictedPeak, threshold, confidence, predictedStart, predictedEnd, reason);
    }

    @Override
    public String toString()
    {
        return table + " " + kind + " " + rangeText() + " peak " + predictedPeak + " >= " + threshold + " from " + predictedStart + " to "
               + predictedEnd + " (" + reason + ", confidence " + confidence + ")";
    }
}
