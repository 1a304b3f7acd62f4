package io.hotzone.plan;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hotzone.config.MirrorSizingSettings;
import io.hotzone.config.MirrorSizingSettings.Mode;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorSizingTest
{
    private static final MirrorSizingSettings LOAD = new MirrorSizingSettings(Mode.LOAD, 0, 1.25);
    private static final MirrorSizingSettings AUTO = new MirrorSizingSettings(Mode.AUTO, 0, 1.25);

    @Test
    void aZoneGetsWhatItsReadsNeedWithHeadroomButAtMostTwiceTheBareNeed()
    {
        // 40 000 reads/s at 5 000 per replica: 8 bare, 10 with 1.25 headroom
        assertThat(MirrorSizing.replicas(LOAD, 40_000, 0, 5_000, 3, 300, 300)).isEqualTo(10);
        // writes take room on every replica: 4 000 reads/s with 1 000 writes/s on 5 000: 1 bare... 3 (rf)
        assertThat(MirrorSizing.needed(4_000, 1_000, 5_000, 1, 3)).isEqualTo(3);
        // near-full writes: headroom would ask for far more; capped at twice the bare need
        long bare = MirrorSizing.needed(10_000, 3_900, 5_000, 1, 3);
        assertThat(MirrorSizing.replicas(LOAD, 10_000, 3_900, 5_000, 3, 300, 300)).isEqualTo((int) (2 * bare));
    }

    @Test
    void aZoneItsOwnReplicasServeOrWhoseWritesFillAReplicaGetsNoMirror()
    {
        assertThat(MirrorSizing.replicas(LOAD, 9_000, 0, 5_000, 3, 300, 300)).as("3 replicas serve 9 000 reads/s").isEqualTo(MirrorSizing.NONE);
        assertThat(MirrorSizing.replicas(LOAD, 1_000, 6_000, 5_000, 3, 300, 300)).as("writes alone over capacity").isEqualTo(MirrorSizing.NONE);
    }

    @Test
    void everyReplicaWhenTheCapacityIsUnknownTheCeilingIsReachedOrTheDataCenterIsSmallUnderAuto()
    {
        assertThat(MirrorSizing.replicas(LOAD, 40_000, 0, Double.NaN, 3, 300, 300)).isEqualTo(MirrorSizing.EVERY);
        assertThat(MirrorSizing.replicas(LOAD, 400_000, 0, 5_000, 3, 50, 50)).isEqualTo(MirrorSizing.EVERY);
        assertThat(MirrorSizing.replicas(AUTO, 40_000, 0, 5_000, 3, 12, 12)).isEqualTo(MirrorSizing.EVERY);
        assertThat(MirrorSizing.replicas(AUTO, 40_000, 0, 5_000, 3, 13, 13)).isEqualTo(10);
        assertThat(MirrorSizing.replicas(new MirrorSizingSettings(Mode.EVERY_NODE, 5_000, 1.25), 40_000, 0, 5_000, 3, 300, 300)).isEqualTo(MirrorSizing.EVERY);
        // auto looks at the data center's size, not at boost.replicas_per_dc
        assertThat(MirrorSizing.replicas(AUTO, 40_000, 0, 5_000, 3, 50, 100)).isEqualTo(10);
        assertThat(MirrorSizing.sizes(AUTO, 5_000, 12)).isFalse();
        assertThat(MirrorSizing.sizes(LOAD, Double.NaN, 100)).isFalse();
    }

    @Test
    void theCeilingIsTheMirrorKeyspacesShareOfTheLargestDataCenter()
    {
        assertThat(MirrorSizing.ceiling(0, Map.of("a", 40, "b", 100))).isEqualTo(100);
        assertThat(MirrorSizing.ceiling(20, Map.of("a", 40, "b", 100))).isEqualTo(20);
        assertThat(MirrorSizing.ceiling(200, Map.of("a", 40))).isEqualTo(40);
    }
}
