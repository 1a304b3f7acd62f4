package io.hotzone.driver.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorSetTest
{
    @Test
    void rankIsTheSameFixedFunctionAsThePlugins()
    {
        // the values io.hotzone.mirror.MirrorSetTest pins for the plugin's copy
        assertThat(MirrorSet.rank("z0123456789ab", "127.0.0.1")).isEqualTo(4444199733793859162L);
        assertThat(MirrorSet.rank("z0123456789ab", "10.0.0.2")).isEqualTo(-6873763686490997349L);
        assertThat(MirrorSet.rank("zffffffffffff", "fd00:0:0:0:0:0:0:1")).isEqualTo(4399383781005256508L);
    }
}
