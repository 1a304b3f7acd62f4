package io.hotzone.forecast;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.hotzone.capture.TableRef;

/**
 * Feedback: every forecast the leader makes is kept until its horizon has passed, then scored against what happened
 * (precision, recall and F1 of its zones, MAE of log counts, lead time of hits), with the same hot rule. Scores cover
 * the last {@value #KEEP} scored forecasts per table. What was scored also teaches each table's {@link ZoneCutoff}, on the raw confidences.
 */
public final class ForecastScoring
{
    static final int KEEP = 50;
    private static final int MAX_SEGMENTS = 20_000;

    /** What one forecast said: per segment the predicted peak, threshold and confidence, and which segments it named as zones. */
    private static final class Made
    {
        private final Instant origin;
        private final Instant horizonEnd;
        private final Map<String, double[]> predictions;
        private final Set<String> zones;
        private final int topK;

        private Made(Instant origin, Instant horizonEnd, Map<String, double[]> predictions, Set<String> zones, int topK)
        {
            this.origin = origin;
            this.horizonEnd = horizonEnd;
            this.predictions = predictions;
            this.zones = zones;
            this.topK = topK;
        }

        public Instant origin()
        {
            return origin;
        }

        public Instant horizonEnd()
        {
            return horizonEnd;
        }

        public Map<String, double[]> predictions()
        {
            return predictions;
        }

        public Set<String> zones()
        {
            return zones;
        }

        public int topK()
        {
            return topK;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Made))
                return false;
            Made that = (Made) o;
            return Objects.equals(origin, that.origin) && Objects.equals(horizonEnd, that.horizonEnd)
                   && Objects.equals(predictions, that.predictions) && Objects.equals(zones, that.zones)
                   && topK == that.topK;
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(origin);
            h = 31 * h + Objects.hashCode(horizonEnd);
            h = 31 * h + Objects.hashCode(predictions);
            h = 31 * h + Objects.hashCode(zones);
            h = 31 * h + topK;
            return h;
        }

        @Override
        public String toString()
        {
            return "Made[origin=" + origin + ", horizonEnd=" + horizonEnd + ", predictions=" + predictions
                   + ", zones=" + zones + ", topK=" + topK + "]";
        }
    }

    private final Map<TableRef, Deque<Made>> pending = new HashMap<>();
    private final Map<TableRef, Deque<Scores>> scored = new HashMap<>();
    private final Map<TableRef, Scores> summary = new ConcurrentHashMap<>();
    private final Map<TableRef, ZoneCutoff> cutoffs = new HashMap<>();
    private final Map<TableRef, Retrainings> retrainings = new ConcurrentHashMap<>();

    /** Per table: how many retrained challengers were compared with the serving model, and how many replaced it. */
    public static final class Retrainings
    {
        private final long compared;
        private final long replaced;

        public Retrainings(long compared, long replaced)
        {
            this.compared = compared;
            this.replaced = replaced;
        }

        public long compared()
        {
            return compared;
        }

        public long replaced()
        {
            return replaced;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Retrainings))
                return false;
            Retrainings that = (Retrainings) o;
            return compared == that.compared && replaced == that.replaced;
        }

        @Override
        public int hashCode()
        {
            int h = Long.hashCode(compared);
            h = 31 * h + Long.hashCode(replaced);
            return h;
        }

        @Override
        public String toString()
        {
            return "Retrainings[compared=" + compared + ", replaced=" + replaced + "]";
        }
    }

    /**
     * Remembers a forecast; {@code predictions} maps segment to {predicted peak, threshold, confidence}; at most
     * {@code topK} zones could have been named.
     */
    public synchronized void made(TableRef table, Instant origin, Instant horizonEnd, Map<String, double[]> predictions, Set<String> zones, int topK)
    {
        if (predictions.size() > MAX_SEGMENTS)
            return; // too large to keep; such tables are scored offline with forecast-eval
        pending.computeIfAbsent(table, t -> new ArrayDeque<>()).addLast(new Made(origin, horizonEnd, predictions, zones, topK));
    }

    /** The confidence a segment of the table needs to be named a zone, and what a confidence means, learned from its scored forecasts. */
    public synchronized ZoneCutoff.Learned cutoff(TableRef table)
    {
        ZoneCutoff cutoff = cutoffs.get(table);
        return cutoff == null ? ZoneCutoff.Learned.UNTRAINED : cutoff.learned();
    }

    /** Scores the table's forecasts whose horizon ended at or before {@code complete}, from the series of what happened. */
    public synchronized void score(TableRef table, SegmentSeries actual, Instant complete)
    {
        Deque<Made> queue = pending.get(table);
        if (queue == null)
            return;
        Map<String, Integer> index = new HashMap<>();
        for (int s = 0; s < actual.size(); s++)
            index.put(actual.segment(s), s);
        for (Iterator<Made> it = queue.iterator(); it.hasNext(); )
        {
            Made m = it.next();
            if (m.horizonEnd().isAfter(complete))
                continue;
            it.remove();
            int origin = actual.indexOf(m.origin());
            int horizon = actual.indexOf(m.horizonEnd()) - origin;
            if (origin < 0 || horizon < 1)
                continue;
            Scores s = new Scores();
            double[] confidence = new double[m.predictions().size()];
            boolean[] turnedHot = new boolean[confidence.length];
            int n = 0;
            for (Map.Entry<String, double[]> e : m.predictions().entrySet())
            {
                String segment = e.getKey();
                double[] pt = e.getValue();
                Integer i = index.get(segment);
                double a = i == null ? 0 : actual.maxAhead(i, origin, horizon);
                boolean hot = a >= pt[1], predicted = m.zones().contains(segment);
                confidence[n] = pt[2];
                turnedHot[n++] = hot;
                s.add(predicted, hot);
                s.addError(pt[0], a);
                if (predicted && hot)
                    for (int k = 1; k <= horizon; k++)
                        if (actual.at(i, origin + k) >= pt[1])
                        {
                            s.addLead(k);
                            break;
                        }
            }
            cutoffs.computeIfAbsent(table, t -> new ZoneCutoff(KEEP)).add(confidence, turnedHot, m.topK());
            Deque<Scores> recent = scored.computeIfAbsent(table, t -> new ArrayDeque<>());
            recent.addLast(s);
            while (recent.size() > KEEP)
                recent.removeFirst();
            summary.put(table, Scores.sum(recent));
        }
    }

    private final Map<TableRef, String[]> served = new ConcurrentHashMap<>();

    /** Records which method's zones the table is served now, and why (each method's F1 over the validation window). */
    public void served(TableRef table, String method, String why)
    {
        served.put(table, new String[]{ method, why });
    }

    /** Forgets the served method of tables no longer forecast, or of every table when this node stops leading. */
    public void retainServed(Set<TableRef> tables)
    {
        served.keySet().retainAll(tables);
    }

    /** Per table: the method served and why; tables without a model yet are absent (their baselines serve). */
    public Map<TableRef, String[]> served()
    {
        return Collections.unmodifiableMap(served);
    }

    /** Records the outcome of one champion/challenger comparison of the table's model. */
    public void retrained(TableRef table, boolean replaced)
    {
        retrainings.merge(table, new Retrainings(1, replaced ? 1 : 0), (a, b) -> new Retrainings(a.compared() + b.compared(), a.replaced() + b.replaced()));
    }

    /** Per table, the champion/challenger comparisons made while this node led. */
    public Map<TableRef, Retrainings> retrainings()
    {
        return Collections.unmodifiableMap(retrainings);
    }

    /** Per table, the scores of its recent forecasts. */
    public Map<TableRef, Scores> summary()
    {
        return Collections.unmodifiableMap(summary);
    }

    /** All tables together. */
    public Scores overall()
    {
        return Scores.sum(summary.values());
    }
}
