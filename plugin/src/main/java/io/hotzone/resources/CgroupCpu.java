package io.hotzone.resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.hotzone.server.Knob;

/**
 * CPU quota and weight of the cgroup the node's JVM runs in (v1 {@code cpu} controller or v2 unified). Offered only
 * when the operator enabled it and the cgroup is the node's own: not the root, holding no other process, its files
 * writable. Otherwise every CPU knob is unavailable, with the reason; the node's Cassandra knobs are unaffected.
 */
public final class CgroupCpu
{
    private final Path dir;
    private final boolean v2;
    private final String unavailable;
    private final int hostCores;

    private CgroupCpu(Path dir, boolean v2, String unavailable, int hostCores)
    {
        this.dir = dir;
        this.v2 = v2;
        this.unavailable = unavailable;
        this.hostCores = hostCores;
    }

    /** This process's cgroup, as {@code /proc/self/cgroup} and {@code /proc/self/mountinfo} say. */
    public static CgroupCpu ofThisProcess(boolean enabled)
    {
        return of(enabled, Path.of("/proc/self/cgroup"), Path.of("/proc/self/mountinfo"), ProcessHandle.current().pid(), hostCores());
    }

    static CgroupCpu of(boolean enabled, Path cgroupFile, Path mountinfo, long pid, int hostCores)
    {
        if (!enabled)
            return unavailable("resources.cgroups is false in hotzone.yaml", hostCores);
        try
        {
            String v1Path = null, v2Path = null;
            for (String line : Files.readAllLines(cgroupFile))
            {
                String[] f = line.split(":", 3);
                if (f.length < 3)
                    continue;
                if (f[0].equals("0") && f[1].isEmpty())
                    v2Path = f[2];
                else if (List.of(f[1].split(",")).contains("cpu"))
                    v1Path = f[2];
            }
            Path dir = null;
            boolean v2 = false;
            for (String line : Files.readAllLines(mountinfo))
            {
                // id parent major:minor root mountpoint options [optional fields] - fstype source superoptions
                String[] halves = line.split(" - ", 2);
                if (halves.length < 2)
                    continue;
                String[] left = halves[0].split(" "), right = halves[1].split(" ");
                String root = left[3], mountpoint = left[4], fstype = right[0], superOptions = right.length > 2 ? right[2] : "";
                if (v1Path != null && fstype.equals("cgroup") && List.of(superOptions.split(",")).contains("cpu"))
                    dir = resolve(mountpoint, root, v1Path);
                else if (v1Path == null && v2Path != null && fstype.equals("cgroup2"))
                {
                    dir = resolve(mountpoint, root, v2Path);
                    v2 = true;
                }
                if (dir != null)
                    break;
            }
            if (dir == null)
                return unavailable("no cgroup cpu controller found for this process", hostCores);
            String path = v2 ? v2Path : v1Path;
            if (path.equals("/"))
                return unavailable("the node runs in the root cgroup: a limit there would limit the whole machine", hostCores);
            for (String other : Files.readAllLines(dir.resolve("cgroup.procs")))
                if (!other.isBlank() && Long.parseLong(other.trim()) != pid)
                    return unavailable("cgroup " + dir + " holds other processes too (pid " + other.trim() + ")", hostCores);
            // a child group's processes are not in cgroup.procs, yet the limit applies to them too
            try (java.util.stream.Stream<Path> children = Files.list(dir))
            {
                Optional<Path> child = children.filter(Files::isDirectory).findFirst();
                if (child.isPresent())
                    return unavailable("cgroup " + dir + " has child groups (" + child.get().getFileName() + ")", hostCores);
            }
            for (String file : v2 ? List.of("cpu.max", "cpu.weight") : List.of("cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.shares"))
                if (!Files.isWritable(dir.resolve(file)))
                    return unavailable(dir.resolve(file) + " is not writable", hostCores);
            return new CgroupCpu(dir, v2, null, hostCores);
        }
        catch (IOException | RuntimeException e)
        {
            return unavailable("cannot read this process's cgroup: " + e, hostCores);
        }
    }

    private static Path resolve(String mountpoint, String root, String path)
    {
        boolean under = path.equals(root) || path.startsWith(root.endsWith("/") ? root : root + "/");
        String relative = root.equals("/") || !under ? path : path.substring(root.length());
        return Path.of(mountpoint, relative.startsWith("/") ? relative.substring(1) : relative);
    }

    private static CgroupCpu unavailable(String why, int hostCores)
    {
        return new CgroupCpu(null, false, why, hostCores);
    }

    /** The machine's processors (the JVM's own count already reflects a cgroup quota). */
    private static int hostCores()
    {
        try
        {
            int cores = 0;
            for (String part : Files.readString(Path.of("/sys/devices/system/cpu/online")).trim().split(","))
            {
                String[] range = part.split("-");
                cores += range.length == 1 ? 1 : Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
            }
            return cores;
        }
        catch (IOException | RuntimeException e)
        {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    public Optional<String> unavailable()
    {
        return Optional.ofNullable(unavailable);
    }

    /** The cgroup directory, when available. */
    public Optional<Path> dir()
    {
        return Optional.ofNullable(dir);
    }

    public long ceiling(Knob knob)
    {
        return knob == Knob.CPU_QUOTA ? Math.min(knob.max(), hostCores * 1000L) : knob.max();
    }

    public long current(Knob knob) throws IOException
    {
        require();
        if (knob == Knob.CPU_QUOTA)
        {
            if (v2)
            {
                String[] max = read("cpu.max").split(" ");
                return max[0].equals("max") ? 0 : Long.parseLong(max[0]) * 1000 / Long.parseLong(max[1]);
            }
            long quota = Long.parseLong(read("cpu.cfs_quota_us"));
            return quota < 0 ? 0 : quota * 1000 / Long.parseLong(read("cpu.cfs_period_us"));
        }
        if (knob == Knob.CPU_WEIGHT)
            return v2 ? Long.parseLong(read("cpu.weight")) : Math.max(1, Long.parseLong(read("cpu.shares")) * 100 / 1024);
        throw new IllegalArgumentException(knob.key() + " is not a cgroup knob");
    }

    public void set(Knob knob, long value) throws IOException
    {
        require();
        if (knob == Knob.CPU_QUOTA)
        {
            if (v2)
            {
                long period = Long.parseLong(read("cpu.max").split(" ")[1]);
                write("cpu.max", value == 0 ? "max " + period : value * period / 1000 + " " + period);
            }
            else
            {
                long period = Long.parseLong(read("cpu.cfs_period_us"));
                write("cpu.cfs_quota_us", value == 0 ? "-1" : Long.toString(value * period / 1000));
            }
        }
        else if (knob == Knob.CPU_WEIGHT)
        {
            write(v2 ? "cpu.weight" : "cpu.shares", Long.toString(v2 ? value : Math.max(2, value * 1024 / 100)));
        }
        else
        {
            throw new IllegalArgumentException(knob.key() + " is not a cgroup knob");
        }
    }

    private void require()
    {
        if (unavailable != null)
            throw new IllegalStateException(unavailable);
    }

    private String read(String file) throws IOException
    {
        return Files.readString(dir.resolve(file)).trim();
    }

    private void write(String file, String value) throws IOException
    {
        Files.writeString(dir.resolve(file), value);
    }
}
