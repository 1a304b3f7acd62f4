package io.hotzone.dtests.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The per-node CPU cap puts a process into a cgroup v1 group with the given quota, and removes the group after. */
class CpuCapTest
{
    @Test
    void capsAProcessAndCleansUp() throws Exception
    {
        assumeTrue(Files.isWritable(Path.of("/sys/fs/cgroup/cpu/cgroup.procs")), "cgroup v1 cpu controller not writable here (the harness then runs uncapped)");
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try
        {
            Optional<CpuCap> cap = CpuCap.create("hotzone-test-cpucap", 25);
            assertThat(cap).isPresent();
            cap.get().add(sleeper.pid());
            Path group = Path.of("/sys/fs/cgroup/cpu/hotzone-test-cpucap");
            assertThat(Files.readString(group.resolve("cpu.cfs_quota_us")).trim()).isEqualTo("25000");
            assertThat(Files.readString(group.resolve("cgroup.procs"))).contains(Long.toString(sleeper.pid()));
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            CpuCap.remove("hotzone-test-cpucap");
            assertThat(group).doesNotExist();
        }
        finally
        {
            sleeper.destroyForcibly();
            CpuCap.remove("hotzone-test-cpucap");
        }
    }
}
