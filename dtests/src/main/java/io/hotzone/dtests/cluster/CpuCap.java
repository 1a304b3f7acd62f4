package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-node CPU cap through a cgroup, so that each local node has a fixed, real capacity: a cgroup v1 cpu controller
 * ({@code cpu.cfs_quota_us}) where one is writable, else a cgroup v2 tree whose root offers the cpu controller
 * ({@code cpu.max}). Where neither is writable (no root, a container without cgroup delegation) the cap is skipped
 * and the reason logged.
 */
public final class CpuCap
{
    private static final Logger logger = LoggerFactory.getLogger(CpuCap.class);
    private static final long PERIOD_US = 100_000;

    /** Where groups are made: the root of a cgroup v1 cpu controller or of a cgroup v2 tree. */
    public static final class Hierarchy
    {
        private final Path root;
        private final boolean v2;

        Hierarchy(Path root, boolean v2)
        {
            this.root = root;
            this.v2 = v2;
        }

        /** This machine's: the v1 cpu controller if writable, else the v2 tree if it offers cpu; empty with neither. */
        public static Optional<Hierarchy> find()
        {
            return find(Path.of("/sys/fs/cgroup/cpu"), Path.of("/sys/fs/cgroup"));
        }

        static Optional<Hierarchy> find(Path v1Root, Path v2Root)
        {
            if (Files.isWritable(v1Root.resolve("cgroup.procs")))
                return Optional.of(new Hierarchy(v1Root, false));
            try
            {
                Path controllers = v2Root.resolve("cgroup.controllers");
                if (Files.isWritable(v2Root.resolve("cgroup.subtree_control")) && Files.isReadable(controllers)
                    && java.util.Arrays.asList(Files.readString(controllers).trim().split("\\s+")).contains("cpu"))
                    return Optional.of(new Hierarchy(v2Root, true));
            }
            catch (IOException e)
            {
                logger.debug("cannot read {}: {}", v2Root, e.getMessage());
            }
            return Optional.empty();
        }

        public boolean isV2()
        {
            return v2;
        }

        public Path root()
        {
            return root;
        }

        @Override
        public String toString()
        {
            return (v2 ? "cgroup v2 tree " : "cgroup v1 cpu controller ") + root;
        }
    }

    private final Hierarchy hierarchy;
    private final Path group;

    private CpuCap(Hierarchy hierarchy, Path group)
    {
        this.hierarchy = hierarchy;
        this.group = group;
    }

    /** Creates (or reuses) the group; empty, with a logged reason, when caps are unavailable here. */
    public static Optional<CpuCap> create(String name, int percentOfOneCore)
    {
        Optional<Hierarchy> hierarchy = Hierarchy.find();
        if (hierarchy.isEmpty())
        {
            logger.warn("CPU cap unavailable, node {} runs uncapped: neither a writable cgroup v1 cpu controller nor a cgroup v2 tree with cpu", name);
            return Optional.empty();
        }
        return create(hierarchy.get(), name, percentOfOneCore);
    }

    static Optional<CpuCap> create(Hierarchy hierarchy, String name, int percentOfOneCore)
    {
        Path group = hierarchy.root.resolve(name);
        long quota = PERIOD_US * percentOfOneCore / 100;
        try
        {
            if (hierarchy.v2)
            {
                // A child only gets cpu.max once its parent hands the controller down.
                Files.writeString(hierarchy.root.resolve("cgroup.subtree_control"), "+cpu");
                Files.createDirectories(group);
                Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_US);
            }
            else
            {
                Files.createDirectories(group);
                Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
                Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
            }
            return Optional.of(new CpuCap(hierarchy, group));
        }
        catch (IOException | RuntimeException e)
        {
            logger.warn("CPU cap unavailable in {}, node {} runs uncapped: {}", hierarchy, name, e.getMessage());
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
        Optional<Hierarchy> hierarchy = Hierarchy.find();
        if (hierarchy.isPresent())
            Files.writeString(hierarchy.get().root.resolve("cgroup.procs"), Long.toString(pid));
    }

    /** The group's directory. */
    public Path dir()
    {
        return group;
    }

    /** The group's quota as it is now (the harness's, or what a node's plugin set there), in millicores; empty when unlimited. */
    public OptionalLong quotaMillicores() throws IOException
    {
        return quotaMillicores(group);
    }

    /** As {@link #quotaMillicores()}, for a group directory of either version. */
    public static OptionalLong quotaMillicores(Path dir) throws IOException
    {
        long quota, period;
        if (Files.exists(dir.resolve("cpu.max")))
        {
            String[] max = Files.readString(dir.resolve("cpu.max")).trim().split("\\s+");
            if (max[0].equals("max"))
                return OptionalLong.empty();
            quota = Long.parseLong(max[0]);
            period = max.length > 1 ? Long.parseLong(max[1]) : PERIOD_US;
        }
        else
        {
            quota = Long.parseLong(Files.readString(dir.resolve("cpu.cfs_quota_us")).trim());
            period = Long.parseLong(Files.readString(dir.resolve("cpu.cfs_period_us")).trim());
        }
        return quota < 0 ? OptionalLong.empty() : OptionalLong.of(quota * 1000 / period);
    }

    /** The hierarchy the group is in. */
    public Hierarchy hierarchy()
    {
        return hierarchy;
    }

    /** Removes the group once its processes are gone; best effort. */
    public void remove()
    {
        remove(hierarchy, group.getFileName().toString());
    }

    /** Removes a group this harness created, also from another process (bin/hotzone cluster stop); best effort. */
    public static void remove(String name)
    {
        Hierarchy.find().ifPresent(h -> remove(h, name));
    }

    static void remove(Hierarchy hierarchy, String name)
    {
        Path group = hierarchy.root.resolve(name);
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
