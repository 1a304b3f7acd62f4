package io.hotzone.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.hotzone.capture.TableRef;
import io.hotzone.schema.HotZoneKeyspace;
import io.hotzone.server.Consistency;
import io.hotzone.server.Server;

/** {@code hotzone.forecasts}: the leader writes each cycle's ranked zones per table; readers take the newest cycle. */
public final class ForecastStore
{
    private static final String TABLE = HotZoneKeyspace.NAME + "." + HotZoneKeyspace.FORECASTS;

    /** A zone as stored: the forecast plus where it stands in the ring and which cycle and leader produced it. */
    public static final class Stored
    {
        private final TableRef table;
        private final int rank;
        private final HotZone zone;
        private final long token;
        private final Instant cycleAt;
        private final String leader;

        public Stored(TableRef table, int rank, HotZone zone, long token, Instant cycleAt, String leader)
        {
            this.table = table;
            this.rank = rank;
            this.zone = zone;
            this.token = token;
            this.cycleAt = cycleAt;
            this.leader = leader;
        }

        public String encode()
        {
            return String.join("\t", table.toString(), Integer.toString(rank), zone.segment(), zone.reason().name().toLowerCase(),
                               String.format(java.util.Locale.ROOT, "%.3f", zone.confidence()), zone.predictedStart().toString(),
                               String.format(java.util.Locale.ROOT, "%.1f", zone.predictedPeak()),
                               String.format(java.util.Locale.ROOT, "%.1f", zone.threshold()), Long.toString(token), cycleAt.toString(), leader);
        }

        public TableRef table()
        {
            return table;
        }

        public int rank()
        {
            return rank;
        }

        public HotZone zone()
        {
            return zone;
        }

        public long token()
        {
            return token;
        }

        public Instant cycleAt()
        {
            return cycleAt;
        }

        public String leader()
        {
            return leader;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Stored))
                return false;
            Stored that = (Stored) o;
            return Objects.equals(table, that.table) && rank == that.rank && Objects.equals(zone, that.zone)
                   && token == that.token && Objects.equals(cycleAt, that.cycleAt)
                   && Objects.equals(leader, that.leader);
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(table);
            h = 31 * h + rank;
            h = 31 * h + Objects.hashCode(zone);
            h = 31 * h + Long.hashCode(token);
            h = 31 * h + Objects.hashCode(cycleAt);
            h = 31 * h + Objects.hashCode(leader);
            return h;
        }

        @Override
        public String toString()
        {
            return "Stored[table=" + table + ", rank=" + rank + ", zone=" + zone + ", token=" + token
                   + ", cycleAt=" + cycleAt + ", leader=" + leader + "]";
        }
    }

    private final Server server;

    public ForecastStore(Server server)
    {
        this.server = server;
    }

    /** Writes one cycle's zones (a logged batch, so readers see all of a cycle or none); rows live for {@code ttl}. */
    public void write(TableRef table, List<HotZone> zones, List<Long> tokens, Instant cycleAt, String leader, Duration ttl)
    {
        if (zones.isEmpty())
            return;
        StringBuilder batch = new StringBuilder("BEGIN BATCH ");
        List<Object> values = new ArrayList<>();
        for (int r = 0; r < zones.size(); r++)
        {
            HotZone z = zones.get(r);
            batch.append("INSERT INTO ").append(TABLE).append(" (keyspace_name, table_name, cycle_at, rank, segment, segment_token, predicted_peak, threshold, "
                                                             + "predicted_start, confidence, reason, leader) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?; ");
            values.addAll(List.of(table.keyspace(), table.table(), Date.from(cycleAt), r + 1, z.segment(), tokens.get(r), z.predictedPeak(), z.threshold(),
                                  Date.from(z.predictedStart()), z.confidence(), z.reason().name().toLowerCase(), leader, (int) Math.max(1, ttl.toSeconds())));
        }
        batch.append("APPLY BATCH");
        server.execute(batch.toString(), Consistency.LOCAL_QUORUM, values.toArray());
    }

    /** The newest cycle's zones of a table, by rank; empty if none is stored. */
    public List<Stored> latest(TableRef table)
    {
        List<Map<String, Object>> rows = server.execute("SELECT * FROM " + TABLE + " WHERE keyspace_name = ? AND table_name = ? LIMIT 1000",
                                                        Consistency.LOCAL_QUORUM, table.keyspace(), table.table());
        List<Stored> zones = new ArrayList<>();
        Object newest = rows.isEmpty() ? null : rows.get(0).get("cycle_at");
        for (Map<String, Object> r : rows)
        {
            if (!r.get("cycle_at").equals(newest))
                break;
            HotZone z = new HotZone((String) r.get("segment"), (Double) r.get("predicted_peak"), (Double) r.get("threshold"),
                                    ((Date) r.get("predicted_start")).toInstant(), (Double) r.get("confidence"),
                                    HotZone.Reason.valueOf(((String) r.get("reason")).toUpperCase()));
            zones.add(new Stored(table, (Integer) r.get("rank"), z, (Long) r.get("segment_token"), ((Date) newest).toInstant(), (String) r.get("leader")));
        }
        return zones;
    }
}
