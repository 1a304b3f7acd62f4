package io.hotzone.driver.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanSnapshotTest
{
    private static ByteBuffer key(String k)
    {
        return ByteBuffer.wrap(k.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyZoneKeyIsFoundByKeyAndByTokenAndOthersAreNot()
    {
        List<PlanSnapshot.Zone> zones = new ArrayList<>();
        for (int i = 0; i < 1000; i++)
            zones.add(new PlanSnapshot.Zone("z" + i, "ks", "t", new long[]{ i * 1000L }, List.of(key("key-" + i), key("k" + i)), null, null));
        PlanSnapshot plan = PlanSnapshot.of(5, zones);
        PlanSnapshot.TableIndex t = plan.table("ks.t");
        assertThat(plan.table("ks.other")).isNull();
        assertThat(t.needsToken()).isFalse();
        for (int i = 0; i < 1000; i++)
        {
            assertThat(t.zoneForKey(key("key-" + i))).isEqualTo("z" + i);
            assertThat(t.zoneForKey(key("k" + i))).isEqualTo("z" + i);
            assertThat(t.zoneFor(i * 1000L)).isEqualTo("z" + i);
            assertThat(t.zoneForKey(key("cold-" + i))).isNull();
            assertThat(t.zoneFor(i * 1000L + 1)).isNull();
        }
        // a key viewed through a buffer with a non-zero position is the same key
        ByteBuffer shifted = ByteBuffer.allocate(20);
        shifted.put((byte) 9).put("key-7".getBytes(StandardCharsets.UTF_8)).flip().position(1);
        assertThat(t.zoneForKey(shifted)).isEqualTo("z7");
    }

    @Test
    void tokenRangesAreInclusiveAndWrap()
    {
        PlanSnapshot plan = PlanSnapshot.of(1, List.of(new PlanSnapshot.Zone("r1", "ks", "t", new long[0], List.of(), 100L, -100L)));
        PlanSnapshot.TableIndex t = plan.table("ks.t");
        assertThat(t.needsToken()).isTrue();
        assertThat(t.zoneFor(100)).isEqualTo("r1");
        assertThat(t.zoneFor(Long.MIN_VALUE)).isEqualTo("r1");
        assertThat(t.zoneFor(-100)).isEqualTo("r1");
        assertThat(t.zoneFor(0)).isNull();
    }
}
