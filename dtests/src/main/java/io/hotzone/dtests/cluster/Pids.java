package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Stops processes this harness started, by pid, and only those: a pid is acted on only while its command line
 * still names the node folder it was started for, so a recycled pid is never killed.
 */
public final class Pids
{
    private Pids()
    {
    }

    /** The live process with this pid, if its command line contains {@code marker}. */
    /** Whether the process is stopped by a signal (SIGSTOP): state T in /proc; false where there is no /proc. */
    public static boolean stopped(long pid)
    {
        try
        {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
        }
        catch (IOException | RuntimeException e)
        {
            return false;
        }
    }

    public static Optional<ProcessHandle> ours(long pid, String marker)
    {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty())
            return Optional.empty();
        try
        {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            return cmdline.contains(marker) ? handle : Optional.empty();
        }
        catch (IOException e)
        {
            // No /proc (not Linux): fall back to the JDK's view of the command line.
            return handle.filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false));
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns once the process is gone. */
    public static void stop(ProcessHandle process, Duration grace)
    {
        process.destroy();
        if (!waitGone(process, grace))
        {
            process.destroyForcibly();
            waitGone(process, Duration.ofSeconds(30));
        }
    }

    public static void kill(ProcessHandle process)
    {
        process.destroyForcibly();
        waitGone(process, Duration.ofSeconds(30));
    }

    private static boolean waitGone(ProcessHandle process, Duration limit)
    {
        try
        {
            process.onExit().get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        }
        catch (java.util.concurrent.TimeoutException e)
        {
            return !process.isAlive();
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
        catch (java.util.concurrent.ExecutionException e)
        {
            return !process.isAlive();
        }
    }
}
