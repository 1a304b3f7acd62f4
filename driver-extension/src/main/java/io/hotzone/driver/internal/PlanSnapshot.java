package io.hotzone.driver.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The READY zones of one plan version, immutable, indexed for the request path: per keyspace.table, the zones' key
 * tokens sorted (binary search, O(log n)) and their token ranges.
 */
public final class PlanSnapshot
{
    public static final PlanSnapshot EMPTY = new PlanSnapshot(-1, Collections.<String, TableIndex>emptyMap(), Collections.<String, Integer>emptyMap(), 0, false);

    /** One READY zone as the driver needs it. */
    public static final class Zone
    {
        private final String id;
        private final String keyspace;
        private final String table;
        private final long[] tokens;
        private final List<ByteBuffer> keys;
        private final Long rangeStart;
        private final Long rangeEnd;
        private final int mirrorReplicas;

        public Zone(String id, String keyspace, String table, long[] tokens, List<ByteBuffer> keys, Long rangeStart,
                    Long rangeEnd)
        {
            this(id, keyspace, table, tokens, keys, rangeStart, rangeEnd, 0);
        }

        /** @param mirrorReplicas mirror replicas per data center holding the zone ({@link MirrorSet}); 0: all */
        public Zone(String id, String keyspace, String table, long[] tokens, List<ByteBuffer> keys, Long rangeStart,
                    Long rangeEnd, int mirrorReplicas)
        {
            this.mirrorReplicas = mirrorReplicas;
            this.id = id;
            this.keyspace = keyspace;
            this.table = table;
            this.tokens = tokens;
            this.keys = keys;
            this.rangeStart = rangeStart;
            this.rangeEnd = rangeEnd;
        }

        public String id()
        {
            return id;
        }

        public String keyspace()
        {
            return keyspace;
        }

        public String table()
        {
            return table;
        }

        public long[] tokens()
        {
            return tokens;
        }

        public List<ByteBuffer> keys()
        {
            return keys;
        }

        public Long rangeStart()
        {
            return rangeStart;
        }

        public Long rangeEnd()
        {
            return rangeEnd;
        }

        public int mirrorReplicas()
        {
            return mirrorReplicas;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Zone))
                return false;
            Zone that = (Zone) o;
            return Objects.equals(id, that.id) && Objects.equals(keyspace, that.keyspace)
                   && Objects.equals(table, that.table) && Objects.equals(tokens, that.tokens)
                   && Objects.equals(keys, that.keys) && Objects.equals(rangeStart, that.rangeStart)
                   && Objects.equals(rangeEnd, that.rangeEnd) && mirrorReplicas == that.mirrorReplicas;
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(id);
            h = 31 * h + Objects.hashCode(keyspace);
            h = 31 * h + Objects.hashCode(table);
            h = 31 * h + Objects.hashCode(tokens);
            h = 31 * h + Objects.hashCode(keys);
            h = 31 * h + Objects.hashCode(rangeStart);
            h = 31 * h + Objects.hashCode(rangeEnd);
            h = 31 * h + mirrorReplicas;
            return h;
        }

        @Override
        public String toString()
        {
            return "Zone[id=" + id + ", keyspace=" + keyspace + ", table=" + table + ", tokens=" + tokens
                   + ", keys=" + keys + ", rangeStart=" + rangeStart + ", rangeEnd=" + rangeEnd + ", mirrorReplicas=" + mirrorReplicas + "]";
        }
    }

    /** The READY zones of one table. */
    public static final class TableIndex
    {
        final long[] tokens;
        final String[] zoneOfToken;
        final Map<ByteBuffer, String> zoneOfKey;
        final long[] keyFilter; // a one-hash Bloom filter over zoneOfKey
        final long[][] ranges; // {start, end} inclusive, wrapping if start > end
        final String[] zoneOfRange;

        /** The zone holding this serialized partition key (key zones only), or null. */
        public String zoneForKey(ByteBuffer key)
        {
            long h = quickHash(key);
            if ((keyFilter[(int) (h >>> 6) & (keyFilter.length - 1)] & (1L << (h & 63))) == 0)
                return null; // most keys are in no zone: rejected without hashing the whole key
            return zoneOfKey.get(key);
        }

        /** Length and up to the first 8 bytes, mixed: enough to reject most keys outside zones. */
        static long quickHash(ByteBuffer key)
        {
            int n = key.remaining(), p = key.position();
            long v = n >= 8 ? key.getLong(p) : n >= 4 ? key.getInt(p) : n > 0 ? key.get(p) : 0;
            long h = (v ^ n) * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 29);
        }

        /** Whether some zone can only be matched by token (a token range, or keys known only by token). */
        public boolean needsToken()
        {
            return ranges.length > 0 || tokens.length > zoneOfKey.size();
        }

        /** The zone holding this token, or null. */
        public String zoneFor(long token)
        {
            int i = Arrays.binarySearch(tokens, token);
            if (i >= 0)
                return zoneOfToken[i];
            for (int r = 0; r < ranges.length; r++)
            {
                long a = ranges[r][0], b = ranges[r][1];
                if (a <= b ? token >= a && token <= b : token >= a || token <= b)
                    return zoneOfRange[r];
            }
            return null;
        }

        TableIndex(long[] tokens, String[] zoneOfToken, Map<ByteBuffer, String> zoneOfKey, long[][] ranges, String[] zoneOfRange)
        {
            this.zoneOfKey = zoneOfKey;
            int words = Integer.highestOneBit(Math.max(64, zoneOfKey.size() * 16 / 64 * 2)) ;
            this.keyFilter = new long[words];
            for (ByteBuffer k : zoneOfKey.keySet())
            {
                long h = quickHash(k);
                keyFilter[(int) (h >>> 6) & (words - 1)] |= 1L << (h & 63);
            }
            this.tokens = tokens;
            this.zoneOfToken = zoneOfToken;
            this.ranges = ranges;
            this.zoneOfRange = zoneOfRange;
        }
    }

    private final long version;
    private final Map<String, TableIndex> byTable; // "keyspace.table" with the names as stored (internal form)
    private final Map<String, Integer> sized; // zone id → mirror replicas per DC, for sized zones only
    private final int zones;
    private final boolean settling;

    private PlanSnapshot(long version, Map<String, TableIndex> byTable, Map<String, Integer> sized, int zones, boolean settling)
    {
        this.version = version;
        this.byTable = byTable;
        this.sized = sized;
        this.zones = zones;
        this.settling = settling;
    }

    /** A plan at rest: no zone on its way in or out. */
    public static PlanSnapshot of(long version, List<Zone> ready)
    {
        return of(version, ready, false);
    }

    /**
     * @param settling whether a zone of the plan is on its way in or out (PLANNED, ARMING, WARMING, DRAINING): the
     *                 plan will change soon, so it is read again at the base interval
     */
    public static PlanSnapshot of(long version, List<Zone> ready, boolean settling)
    {
        Map<String, List<Zone>> grouped = new HashMap<>();
        for (Zone z : ready)
            grouped.computeIfAbsent(z.keyspace() + '.' + z.table(), k -> new ArrayList<>()).add(z);
        Map<String, TableIndex> index = new HashMap<>();
        Map<String, Integer> sized = new HashMap<>();
        for (Zone z : ready)
            if (z.mirrorReplicas() > 0)
                sized.put(z.id(), z.mirrorReplicas());
        grouped.forEach((table, zones) -> {
            List<long[]> pairs = new ArrayList<>();
            List<String> owners = new ArrayList<>();
            List<long[]> ranges = new ArrayList<>();
            List<String> rangeOwners = new ArrayList<>();
            Map<ByteBuffer, String> byKey = new HashMap<>();
            for (Zone z : zones)
            {
                for (ByteBuffer k : z.keys())
                    byKey.put(k.duplicate(), z.id());
                for (long t : z.tokens())
                    pairs.add(new long[]{ t, owners.size() });
                owners.add(z.id());
                if (z.rangeStart() != null && z.rangeEnd() != null)
                {
                    ranges.add(new long[]{ z.rangeStart(), z.rangeEnd() });
                    rangeOwners.add(z.id());
                }
            }
            pairs.sort((a, b) -> Long.compare(a[0], b[0]));
            long[] tokens = new long[pairs.size()];
            String[] zoneOfToken = new String[pairs.size()];
            for (int i = 0; i < pairs.size(); i++)
            {
                tokens[i] = pairs.get(i)[0];
                zoneOfToken[i] = owners.get((int) pairs.get(i)[1]);
            }
            index.put(table, new TableIndex(tokens, zoneOfToken, byKey, ranges.toArray(new long[0][]), rangeOwners.toArray(new String[0])));
        });
        return new PlanSnapshot(version, Collections.unmodifiableMap(new HashMap<>(index)), Collections.unmodifiableMap(sized), ready.size(), settling);
    }

    /** The READY zones of this table ("keyspace.table"), or null when it has none. */
    public TableIndex table(String qualifiedTable)
    {
        return byTable.get(qualifiedTable);
    }

    /** Mirror replicas per data center holding this zone; 0 for every mirror replica (and for an unknown zone). */
    public int mirrorReplicas(String zoneId)
    {
        Integer n = sized.get(zoneId);
        return n == null ? 0 : n;
    }

    public long version()
    {
        return version;
    }

    /** READY zones in this snapshot. */
    public int size()
    {
        return zones;
    }

    /** Whether a zone of this plan was on its way in or out: the plan will change soon. */
    public boolean settling()
    {
        return settling;
    }
}
