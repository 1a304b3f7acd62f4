package io.hotzone.history;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hotzone.capture.TableRef;
import io.hotzone.capture.TableSnapshot;
import io.hotzone.capture.TableSnapshot.KeyCount;

/**
 * Merges table snapshots (of several buckets, of several nodes) into one. Counts add up; a key missing from a
 * snapshot that was not exact may still have occurred up to that snapshot's floor times, so the floor is added to
 * the key's error bound. The merge of exact snapshots is exact.
 */
public final class TopMerge
{
    private TopMerge()
    {
    }

    public static TableSnapshot merge(TableRef table, Collection<TableSnapshot> parts, int keep)
    {
        int rangeCount = parts.stream().mapToInt(p -> p.rangeReads().length).max().orElse(0);
        long[] rangeReads = new long[rangeCount];
        long[] rangeWrites = new long[rangeCount];
        long reads = 0, writes = 0, floorSum = 0;
        boolean exact = true;
        Map<ByteBuffer, long[]> keys = new HashMap<>(); // token, count, error, seen-in floor sum, writes
        for (TableSnapshot p : parts)
        {
            reads += p.reads();
            writes += p.writes();
            if (p.rangeReads().length == rangeCount)
            {
                for (int i = 0; i < rangeCount; i++)
                {
                    rangeReads[i] += p.rangeReads()[i];
                    rangeWrites[i] += p.rangeWrites()[i];
                }
            }
            exact &= p.exact();
            floorSum += p.floor();
            for (KeyCount k : p.top())
            {
                long[] acc = keys.computeIfAbsent(ByteBuffer.wrap(k.key()), x -> new long[]{ k.token(), 0, 0, 0, 0 });
                acc[1] += k.count();
                acc[2] += k.error();
                acc[3] += p.floor();
                acc[4] += k.writes();
            }
        }
        List<KeyCount> merged = new ArrayList<>(keys.size());
        for (Map.Entry<ByteBuffer, long[]> e : keys.entrySet())
        {
            long[] acc = e.getValue();
            // Snapshots that did not list the key could have seen it up to their floor times.
            long missing = floorSum - acc[3];
            merged.add(new KeyCount(e.getKey().array(), acc[0], acc[1] + missing, acc[2] + missing, acc[4]));
        }
        merged.sort(Comparator.comparingLong(KeyCount::count).reversed());
        long floor = floorSum;
        if (merged.size() > keep)
        {
            floor = Math.max(floor, merged.get(keep).count());
            merged = new ArrayList<>(merged.subList(0, keep));
            exact = false;
        }
        return new TableSnapshot(table, reads, writes, rangeReads, rangeWrites, List.copyOf(merged), exact ? 0 : floor, exact);
    }
}
