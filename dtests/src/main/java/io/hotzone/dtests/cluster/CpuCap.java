package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-node CPU cap through a cgroup v1 cpu controller, so that each local node has a fixed, real capacity.
 * Where cgroup v1 is not writable (no root, cgroup v2 only) the cap is skipped and the reason logged.
 */
public final class CpuCap
{
    private static final Logger logger = LoggerFactory.getLogger(CpuCap.class);
    private static final Path ROOT = Path.of("/sys/fs/cgroup/cpu");
    private static final long PERIOD_US = 100_000;

    private final Path group;

    private CpuCap(Path group)
    {
        this.group = group;
    }

    /** Creates (or reuses) the group; empty, with a logged reason, when caps are unavailable here. */
    public static Optional<CpuCap> create(String name, int percentOfOneCore)
    {
        Path group = ROOT.resolve(name);
        try
        {
            if (!Files.isWritable(ROOT.resolve("cgroup.procs")))
                throw new IOException(ROOT + " is not a writable cgroup v1 cpu controller");
            Files.createDirectories(group);
            Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
            Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(PERIOD_US * percentOfOneCore / 100));
            return Optional.of(new CpuCap(group));
        }
        catch (IOException | RuntimeException e)
        {
            logger.warn("CPU cap unavailable, node {} runs uncapped: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    public void add(long pid) throws IOException
    {
        Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
    }

    /** Moves the process back to the root group (uncapped). */
    public static void release(long pid) throws IOException
    {
        Files.writeString(ROOT.resolve("cgroup.procs"), Long.toString(pid));
    }

    /** The group's directory. */
    public Path dir()
    {
        return group;
    }

    /** Removes the group once its processes are gone; best effort. */
    public void remove()
    {
        remove(group.getFileName().toString());
    }

    /** Removes a group this harness created, also from another process (bin/hotzone cluster stop); best effort. */
    public static void remove(String name)
    {
        Path group = ROOT.resolve(name);
        try
        {
            Files.deleteIfExists(group);
        }
        catch (IOException e)
        {
            logger.debug("cannot remove {}: {}", group, e.getMessage());
        }
    }

    public static String describe(Optional<Integer> percent)
    {
        return percent.map(p -> p + "% of one core per node").orElse("none");
    }
}
