package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.apache.cassandra.db.BufferClusteringBound;
import org.apache.cassandra.db.Clustering;
import org.apache.cassandra.db.ClusteringComparator;
import org.apache.cassandra.db.Slice;
import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.SimpleDateType;
import org.apache.cassandra.db.marshal.TimeType;
import org.apache.cassandra.db.marshal.TimeUUIDType;
import org.apache.cassandra.db.marshal.TimestampType;
import org.apache.cassandra.utils.ByteBufferUtil;

import static org.assertj.core.api.Assertions.assertThat;

/** The staleness bookkeeping of pre-computed aggregates: the seqlock, dirty marks, generations, bucket ends. */
class AggregateStateTest
{
    private static final ByteBuffer KEY = ByteBufferUtil.bytes("p1");
    private final AggregateState state = new AggregateState(new ClusteringComparator(Int32Type.instance), 10);

    private AggregateState.Result result()
    {
        return new AggregateState.Result(List.of(List.of(ByteBufferUtil.bytes(1))), null, 0, Long.MAX_VALUE, state.generation());
    }

    private static Slice rows(int from, int to)
    {
        return Slice.make(BufferClusteringBound.inclusiveStartOf(ByteBufferUtil.bytes(from)), BufferClusteringBound.inclusiveEndOf(ByteBufferUtil.bytes(to)));
    }

    private static Slice row(int c)
    {
        return Slice.make(Clustering.make(ByteBufferUtil.bytes(c)));
    }

    @Test
    void aResultComputedWhileQuietIsInstalledAndOneThatAnUpdateOvertookIsNot()
    {
        long stamp = state.quietStamp(KEY);
        assertThat(stamp).isNotNegative();
        assertThat(state.install(KEY, "r", result(), stamp)).isEqualTo(AggregateState.Install.DONE);
        assertThat(state.get(KEY, "r")).isNotNull();

        long before = state.quietStamp(KEY);
        state.begin(KEY); // an update began after the computation read its stamp: the result may lack it
        assertThat(state.quietStamp(KEY)).as("no stamp while an update is in progress").isEqualTo(-1);
        assertThat(state.install(KEY, "s", result(), before)).isEqualTo(AggregateState.Install.OVERTAKEN);
        assertThat(state.get(KEY, "s")).isNull();
        state.finish(KEY);
        assertThat(state.install(KEY, "s", result(), state.quietStamp(KEY))).isEqualTo(AggregateState.Install.DONE);
    }

    @Test
    void updatesMarkTheClusteringTheyTouchAndOnlyQueriesMeetingItSeeDirt()
    {
        state.install(KEY, "r", result(), state.quietStamp(KEY));
        AggregateState.Result r = state.get(KEY, "r");
        assertThat(r.dirtyWithin(state.comparator, Slice.ALL)).isFalse();
        assertThat(state.mark(KEY, row(5))).isTrue();
        assertThat(r.dirtyWithin(state.comparator, rows(3, 7))).isTrue();
        assertThat(r.dirtyWithin(state.comparator, rows(5, 5))).isTrue();
        assertThat(r.dirtyWithin(state.comparator, rows(6, 9))).isFalse();
        assertThat(r.dirtyWithin(state.comparator, rows(0, 4))).isFalse();
        assertThat(state.mark(ByteBufferUtil.bytes("other"), row(5))).as("no result of that partition").isFalse();
        state.mark(KEY, null); // a partition deletion or a static column
        assertThat(r.dirtyWithin(state.comparator, rows(100, 200))).isTrue();
    }

    @Test
    void manyMarksMakeTheResultDirtyWhole()
    {
        state.install(KEY, "r", result(), state.quietStamp(KEY));
        for (int c = 0; c < 200; c += 2) // 100 marks
            state.mark(KEY, row(c));
        assertThat(state.get(KEY, "r").dirtyWithin(state.comparator, rows(1001, 1002))).isTrue();
    }

    @Test
    void dataArrivingWithoutUpdatesDropsEveryResultAndRefusesResultsComputedBefore()
    {
        AggregateState.Result computedBefore = result();
        long stamp = state.quietStamp(KEY);
        state.install(KEY, "r", result(), stamp);
        state.invalidateAll();
        assertThat(state.get(KEY, "r")).isNull();
        assertThat(state.install(KEY, "r", computedBefore, stamp)).isEqualTo(AggregateState.Install.OVERTAKEN);
        assertThat(state.partitions()).isZero();
    }

    @Test
    void atMostMaxPartitionsAreHeld()
    {
        for (int i = 0; i < 20; i++)
        {
            ByteBuffer key = ByteBufferUtil.bytes("k" + i);
            state.install(key, "r", result(), state.quietStamp(key));
        }
        assertThat(state.partitions()).isEqualTo(10);
        ByteBuffer another = ByteBufferUtil.bytes("another");
        assertThat(state.install(another, "r", result(), state.quietStamp(another))).isEqualTo(AggregateState.Install.FULL);
        assertThat(state.install(ByteBufferUtil.bytes("k0"), "s", result(), state.quietStamp(ByteBufferUtil.bytes("k0"))))
            .as("another rule of a partition held").isEqualTo(AggregateState.Install.DONE);
    }

    @Test
    void resultsOfRulesNoLongerThereGo()
    {
        state.install(KEY, "r", result(), state.quietStamp(KEY));
        state.install(KEY, "s", result(), state.quietStamp(KEY));
        state.retainRules(java.util.Set.of("s"));
        assertThat(state.get(KEY, "r")).isNull();
        assertThat(state.get(KEY, "s")).isNotNull();
        state.retainRules(java.util.Set.of());
        assertThat(state.partitions()).isZero();
    }

    @Test
    void aBucketEndsOneWidthAfterItsStartInTheColumnsType()
    {
        assertThat(ByteBufferUtil.toLong(AggregateReads.plus(TimestampType.instance, ByteBufferUtil.bytes(7_200_000L), Duration.ofHours(1))))
            .isEqualTo(10_800_000L);
        assertThat(ByteBufferUtil.toInt(AggregateReads.plus(SimpleDateType.instance, ByteBufferUtil.bytes(Integer.MIN_VALUE + 10), Duration.ofDays(7))))
            .isEqualTo(Integer.MIN_VALUE + 17);
        assertThat(ByteBufferUtil.toLong(AggregateReads.plus(TimeType.instance, ByteBufferUtil.bytes(3_600_000_000_000L), Duration.ofMinutes(15))))
            .isEqualTo(4_500_000_000_000L);
        assertThat(AggregateReads.plus(TimestampType.instance, ByteBufferUtil.bytes(Long.MAX_VALUE - 5), Duration.ofHours(1))).as("overflow").isNull();
        assertThat(AggregateReads.plus(SimpleDateType.instance, ByteBufferUtil.bytes(-1), Duration.ofDays(1))).as("past the last date").isNull();
        assertThat(AggregateReads.plus(TimeUUIDType.instance, ByteBufferUtil.bytes(1L), Duration.ofHours(1))).as("a timeuuid's buckets").isNull();
    }
}
