package io.hotzone.driver.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The READY zones of one plan version, immutable, indexed for the request path: per keyspace.table, the zones' key
 * tokens sorted (binary search, O(log n)) and their token ranges.
 */
public final class PlanSnapshot
{
    public static final PlanSnapshot EMPTY = new PlanSnapshot(-1, Map.of(), 0);

    /** One READY zone as the driver needs it. */
    public record Zone(String id, String keyspace, String table, long[] tokens, Long rangeStart, Long rangeEnd)
    {
    }

    private static final class TableIndex
    {
        final long[] tokens;
        final String[] zoneOfToken;
        final long[][] ranges; // {start, end} inclusive, wrapping if start > end
        final String[] zoneOfRange;

        TableIndex(long[] tokens, String[] zoneOfToken, long[][] ranges, String[] zoneOfRange)
        {
            this.tokens = tokens;
            this.zoneOfToken = zoneOfToken;
            this.ranges = ranges;
            this.zoneOfRange = zoneOfRange;
        }
    }

    private final long version;
    private final Map<String, TableIndex> byTable; // "keyspace.table" with the names as stored (internal form)
    private final int zones;

    private PlanSnapshot(long version, Map<String, TableIndex> byTable, int zones)
    {
        this.version = version;
        this.byTable = byTable;
        this.zones = zones;
    }

    public static PlanSnapshot of(long version, List<Zone> ready)
    {
        Map<String, List<Zone>> grouped = new HashMap<>();
        for (Zone z : ready)
            grouped.computeIfAbsent(z.keyspace() + '.' + z.table(), k -> new ArrayList<>()).add(z);
        Map<String, TableIndex> index = new HashMap<>();
        grouped.forEach((table, zones) -> {
            List<long[]> pairs = new ArrayList<>();
            List<String> owners = new ArrayList<>();
            List<long[]> ranges = new ArrayList<>();
            List<String> rangeOwners = new ArrayList<>();
            for (Zone z : zones)
            {
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
            index.put(table, new TableIndex(tokens, zoneOfToken, ranges.toArray(new long[0][]), rangeOwners.toArray(new String[0])));
        });
        return new PlanSnapshot(version, Map.copyOf(index), ready.size());
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

    public boolean hasTable(String qualifiedTable)
    {
        return byTable.containsKey(qualifiedTable);
    }

    /** The READY zone of this table holding the token, or null. */
    public String zoneFor(String qualifiedTable, long token)
    {
        TableIndex t = byTable.get(qualifiedTable);
        if (t == null)
            return null;
        int i = Arrays.binarySearch(t.tokens, token);
        if (i >= 0)
            return t.zoneOfToken[i];
        for (int r = 0; r < t.ranges.length; r++)
        {
            long a = t.ranges[r][0], b = t.ranges[r][1];
            if (a <= b ? token >= a && token <= b : token >= a || token <= b)
                return t.zoneOfRange[r];
        }
        return null;
    }
}
