package io.hotzone.dtests.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The per-node CPU cap puts a process into a group with the given quota (cgroup v1 {@code cpu.cfs_quota_us} or
 * cgroup v2 {@code cpu.max}) and removes the group after. Both layouts are checked on a directory shaped like them
 * everywhere; the real hierarchy of this machine, whichever version it is, when one is writable.
 */
class CpuCapTest
{
    @Test
    void capsAProcessInThisMachinesCgroupAndCleansUp() throws Exception
    {
        Optional<CpuCap.Hierarchy> hierarchy = CpuCap.Hierarchy.find();
        assumeTrue(hierarchy.isPresent(), "neither a writable cgroup v1 cpu controller nor a cgroup v2 tree with cpu here (the harness then runs uncapped)");
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try
        {
            Optional<CpuCap> cap = CpuCap.create("hotzone-test-cpucap", 25);
            assumeTrue(cap.isPresent(), hierarchy.get() + " found but a group cannot be made there (a container's own cgroup namespace?); see the log");
            cap.get().add(sleeper.pid());
            Path group = hierarchy.get().root().resolve("hotzone-test-cpucap");
            assertThat(cap.get().quotaMillicores()).hasValue(250);
            assertThat(Files.readString(group.resolve(hierarchy.get().isV2() ? "cpu.max" : "cpu.cfs_quota_us")).trim())
                .isEqualTo(hierarchy.get().isV2() ? "25000 100000" : "25000");
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

    @Test
    void aCgroupV2TreeGetsCpuMaxAndHandsTheControllerDown(@TempDir Path dir) throws Exception
    {
        Path v1 = dir.resolve("cpu"), v2 = dir.resolve("unified");
        Files.createDirectories(v2);
        Files.writeString(v2.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Files.writeString(v2.resolve("cgroup.subtree_control"), "");
        Optional<CpuCap.Hierarchy> hierarchy = CpuCap.Hierarchy.find(v1, v2);
        assertThat(hierarchy).hasValueSatisfying(h -> assertThat(h.isV2()).isTrue());

        CpuCap cap = CpuCap.create(hierarchy.get(), "node1", 40).orElseThrow();
        cap.add(4242);
        assertThat(Files.readString(v2.resolve("cgroup.subtree_control"))).isEqualTo("+cpu");
        assertThat(Files.readString(v2.resolve("node1/cpu.max"))).isEqualTo("40000 100000");
        assertThat(Files.readString(v2.resolve("node1/cgroup.procs"))).isEqualTo("4242");
        assertThat(cap.quotaMillicores()).hasValue(400);
        Files.writeString(v2.resolve("node1/cpu.max"), "max 100000\n");
        assertThat(cap.quotaMillicores()).as("unlimited").isEmpty();
    }

    @Test
    void aCgroupV1ControllerGetsQuotaAndPeriod(@TempDir Path dir) throws Exception
    {
        Path v1 = dir.resolve("cpu");
        Files.createDirectories(v1);
        Files.writeString(v1.resolve("cgroup.procs"), "");
        CpuCap cap = CpuCap.create(CpuCap.Hierarchy.find(v1, dir.resolve("unified")).orElseThrow(), "node1", 25).orElseThrow();
        assertThat(cap.hierarchy().isV2()).isFalse();
        assertThat(Files.readString(v1.resolve("node1/cpu.cfs_quota_us"))).isEqualTo("25000");
        assertThat(Files.readString(v1.resolve("node1/cpu.cfs_period_us"))).isEqualTo("100000");
        assertThat(cap.quotaMillicores()).hasValue(250);
    }

    @Test
    void aV2TreeWithoutTheCpuControllerOrNothingWritableMeansNoCap(@TempDir Path dir) throws Exception
    {
        Path v2 = dir.resolve("unified");
        Files.createDirectories(v2);
        Files.writeString(v2.resolve("cgroup.controllers"), "io memory pids\n"); // a hybrid host's empty v2 tree has no cpu
        Files.writeString(v2.resolve("cgroup.subtree_control"), "");
        assertThat(CpuCap.Hierarchy.find(dir.resolve("cpu"), v2)).isEmpty();
        assertThat(CpuCap.Hierarchy.find(dir.resolve("cpu"), dir.resolve("none"))).isEmpty();
    }
}
