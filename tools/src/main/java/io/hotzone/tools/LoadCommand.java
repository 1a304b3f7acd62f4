package io.hotzone.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hotzone.tools.load.ImportLoad;
import io.hotzone.tools.load.InputFiles;

/** {@code hotzone import load}: the options, checked, into an {@link ImportLoad.Request}. */
final class LoadCommand
{
    private static final Set<String> OPTIONS = Set.of("--table", "--profile", "--id", "--work-dir", "--resume", "--restart", "--dry-run", "--max-errors",
                                                      "--in-flight", "--batch-rows", "--consistency", "--max-rows-per-second", "--progress-seconds",
                                                      "--no-prewarm", "--jmx-host", "--jmx-port", "--jmx-user", "--jmx-password", "--boost-hours",
                                                      "--prewarm-timeout", "--map");

    private final Options options;

    LoadCommand(Options options)
    {
        this.options = options;
        options.allow(OPTIONS, ClusterConnection.OPTIONS);
    }

    int run(PrintStream out) throws IOException, InterruptedException
    {
        ImportLoad.Request r = new ImportLoad.Request();
        if (options.has("--profile"))
        {
            Path p = Path.of(options.get("--profile", null));
            if (!Files.isRegularFile(p))
                throw new IllegalArgumentException("no such profile: " + p);
            r.profile = new ObjectMapper().readTree(p.toFile());
            if (r.profile == null || r.profile.path("profile_version").asInt() != 1)
                throw new IllegalArgumentException(p + ": profile_version " + (r.profile == null ? "missing" : r.profile.path("profile_version"))
                                                   + "; this tool reads version 1");
            r.profilePath = p.toString();
        }
        String profiled = r.profile == null ? null : r.profile.path("table").asText(null);
        r.table = options.get("--table", profiled);
        if (r.table == null || !r.table.contains("."))
            throw new HotZoneTool.UsageException("--table keyspace.table is required (or a --profile naming it)");
        if (profiled != null && !profiled.equals(r.table))
            throw new IllegalArgumentException("the profile is of " + profiled + ", not " + r.table);
        if (options.positional.isEmpty())
            throw new HotZoneTool.UsageException("give at least one input FILE");
        if (options.has("--resume") && options.has("--restart"))
            throw new HotZoneTool.UsageException("give --resume or --restart, not both");
        InputFiles.check(options.positional);
        r.files = options.positional;
        r.id = options.get("--id", null);
        r.workDir = Path.of(options.get("--work-dir", "."));
        if (!Files.isDirectory(r.workDir))
            throw new IllegalArgumentException("--work-dir " + r.workDir + " is not a directory");
        r.resume = options.has("--resume");
        r.restart = options.has("--restart");
        r.settings.dryRun = options.has("--dry-run");
        r.settings.maxErrors = (long) options.number("--max-errors", 100);
        r.settings.batchRows = positive("--batch-rows", 32);
        r.settings.maxRowsPerSecond = options.number("--max-rows-per-second", 0);
        r.inFlightPerNode = positive("--in-flight", r.profile == null ? 128 : r.profile.at("/import_plan/in_flight_per_node").asInt(128));
        r.progressSeconds = options.number("--progress-seconds", 5);
        r.consistency = consistency(options.get("--consistency", "LOCAL_QUORUM"));
        r.prewarm = !options.has("--no-prewarm");
        r.jmxHost = options.get("--jmx-host", "127.0.0.1"); // as nodetool: Cassandra's JMX listens on localhost by default
        r.jmxPort = positive("--jmx-port", 7199);
        r.jmxUser = options.get("--jmx-user", null);
        r.jmxPassword = options.get("--jmx-password", null);
        r.boostFor = Duration.ofMinutes(Math.round(options.number("--boost-hours", 24) * 60));
        r.prewarmTimeout = Duration.ofSeconds(positive("--prewarm-timeout", 120));
        if (options.has("--map"))
            r.mapping = io.hotzone.tools.profile.ColumnMapping.parse(options.get("--map", ""));
        try (CqlSession session = ClusterConnection.open(options))
        {
            return new ImportLoad(r, out).run(session);
        }
    }

    private int positive(String name, int fallback)
    {
        double v = options.number(name, fallback);
        if (v < 1 || v != Math.rint(v))
            throw new HotZoneTool.UsageException(name + " takes a whole number of at least 1, got " + options.get(name, ""));
        return (int) v;
    }

    private static ConsistencyLevel consistency(String name)
    {
        try
        {
            ConsistencyLevel cl = DefaultConsistencyLevel.valueOf(name.toUpperCase(Locale.ROOT));
            if (cl.isSerial() || cl == DefaultConsistencyLevel.ANY)
                throw new IllegalArgumentException();
            return cl;
        }
        catch (IllegalArgumentException e)
        {
            throw new HotZoneTool.UsageException("--consistency takes ONE, LOCAL_ONE, TWO, THREE, QUORUM, LOCAL_QUORUM, EACH_QUORUM or ALL, got " + name);
        }
    }
}
