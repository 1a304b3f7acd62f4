package io.hotzone.resources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotzone.server.Knob;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupCpuTest
{
    private static final long PID = 4242;

    @TempDir
    Path tmp;

    /** A v1 cpu controller mounted at tmp/cpu, the process in /hotzone-node1. */
    private CgroupCpu v1(String procs) throws Exception
    {
        Path group = Files.createDirectories(tmp.resolve("cpu").resolve("hotzone-node1"));
        Files.writeString(group.resolve("cgroup.procs"), procs);
        Files.writeString(group.resolve("cpu.cfs_period_us"), "100000\n");
        Files.writeString(group.resolve("cpu.cfs_quota_us"), "50000\n");
        Files.writeString(group.resolve("cpu.shares"), "1024\n");
        Path cgroup = Files.writeString(tmp.resolve("cgroup"), "4:memory:/x\n1:cpu:/hotzone-node1\n0::/\n");
        Path mountinfo = Files.writeString(tmp.resolve("mountinfo"),
                                           "30 25 0:26 / " + tmp.resolve("cpu") + " rw,relatime shared:9 - cgroup cgroup rw,cpu\n"
                                           + "31 25 0:27 / " + tmp.resolve("unified") + " rw,relatime - cgroup2 cgroup2 rw\n");
        return CgroupCpu.of(true, cgroup, mountinfo, PID, 2);
    }

    @Test
    void v1QuotaAndWeightAreReadAndWrittenInTheNodesOwnGroup() throws Exception
    {
        CgroupCpu cpu = v1(PID + "\n");
        assertThat(cpu.unavailable()).isEmpty();
        assertThat(cpu.current(Knob.CPU_QUOTA)).isEqualTo(500);
        assertThat(cpu.current(Knob.CPU_WEIGHT)).isEqualTo(100);
        assertThat(cpu.ceiling(Knob.CPU_QUOTA)).isEqualTo(2000);
        cpu.set(Knob.CPU_QUOTA, 1500);
        assertThat(Files.readString(tmp.resolve("cpu/hotzone-node1/cpu.cfs_quota_us"))).isEqualTo("150000");
        cpu.set(Knob.CPU_QUOTA, 0);
        assertThat(Files.readString(tmp.resolve("cpu/hotzone-node1/cpu.cfs_quota_us"))).isEqualTo("-1");
        assertThat(cpu.current(Knob.CPU_QUOTA)).isEqualTo(0);
        cpu.set(Knob.CPU_WEIGHT, 200);
        assertThat(Files.readString(tmp.resolve("cpu/hotzone-node1/cpu.shares"))).isEqualTo("2048");
    }

    @Test
    void v2UsesCpuMaxAndCpuWeight() throws Exception
    {
        Path group = Files.createDirectories(tmp.resolve("unified").resolve("kubepods").resolve("pod1"));
        Files.writeString(group.resolve("cgroup.procs"), PID + "\n");
        Files.writeString(group.resolve("cpu.max"), "max 100000\n");
        Files.writeString(group.resolve("cpu.weight"), "100\n");
        Path cgroup = Files.writeString(tmp.resolve("cgroup"), "0::/kubepods/pod1\n");
        Path mountinfo = Files.writeString(tmp.resolve("mountinfo"), "31 25 0:27 / " + tmp.resolve("unified") + " rw,relatime - cgroup2 cgroup2 rw\n");
        CgroupCpu cpu = CgroupCpu.of(true, cgroup, mountinfo, PID, 4);
        assertThat(cpu.unavailable()).isEmpty();
        assertThat(cpu.current(Knob.CPU_QUOTA)).isEqualTo(0);
        cpu.set(Knob.CPU_QUOTA, 2500);
        assertThat(Files.readString(group.resolve("cpu.max"))).isEqualTo("250000 100000");
        assertThat(cpu.current(Knob.CPU_QUOTA)).isEqualTo(2500);
        cpu.set(Knob.CPU_WEIGHT, 300);
        assertThat(Files.readString(group.resolve("cpu.weight"))).isEqualTo("300");
    }

    @Test
    void aSharedRootOrDisabledGroupIsNeverWritten() throws Exception
    {
        assertThat(v1(PID + "\n999\n").unavailable()).get().asString().contains("holds other processes too (pid 999)");
        Files.createDirectories(tmp.resolve("cpu/hotzone-node1/child"));
        assertThat(v1(PID + "\n").unavailable()).get().asString().contains("has child groups (child)");
        assertThat(CgroupCpu.of(false, tmp.resolve("none"), tmp.resolve("none"), PID, 2).unavailable()).contains("resources.cgroups is false in hotzone.yaml");
        Path cgroup = Files.writeString(tmp.resolve("root-cgroup"), "1:cpu:/\n");
        Path mountinfo = Files.writeString(tmp.resolve("root-mountinfo"), "30 25 0:26 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n");
        assertThat(CgroupCpu.of(true, cgroup, mountinfo, PID, 2).unavailable()).get().asString().contains("root cgroup");
    }

    @Test
    void aMountRootIsStrippedOnlyAtAPathBoundary() throws Exception
    {
        Path group = Files.createDirectories(tmp.resolve("cpu").resolve("ab").resolve("node"));
        Files.writeString(group.resolve("cgroup.procs"), PID + "\n");
        for (String f : List.of("cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.shares"))
            Files.writeString(group.resolve(f), f.equals("cpu.shares") ? "1024" : "100000");
        Path cgroup = Files.writeString(tmp.resolve("cgroup"), "1:cpu:/ab/node\n");
        // mounted with root /a: /ab/node is not under it, so the path is taken whole
        Path mountinfo = Files.writeString(tmp.resolve("mountinfo"), "30 25 0:26 /a " + tmp.resolve("cpu") + " rw - cgroup cgroup rw,cpu\n");
        CgroupCpu cpu = CgroupCpu.of(true, cgroup, mountinfo, PID, 2);
        assertThat(cpu.dir()).contains(group);
    }

    @Test
    void aQuotaBelowATenthOfACoreIsRefused()
    {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Knob.CPU_QUOTA.check(50, 2000))
            .hasMessage("cpu_quota must be 0 (unlimited) or at least 100 millicores, got 50");
        assertThat(Knob.CPU_QUOTA.check(0, 2000)).isZero();
    }
}
