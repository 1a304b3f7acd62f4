package io.hotzone.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hotzone.tools.profile.AccessHistory;
import io.hotzone.tools.profile.ColumnMapping;
import io.hotzone.tools.profile.InputRecords;
import io.hotzone.tools.profile.Profile;
import io.hotzone.tools.profile.Profiler;
import io.hotzone.tools.profile.SampleSize;
import io.hotzone.tools.profile.TableShape;

/** {@code hotzone import profile}: one pass over the input files, then the profile file (and, asked, its explanation). */
final class ProfileCommand
{
    private static final Set<String> OPTIONS = Set.of("--table", "--sample", "--error", "--confidence", "--seed", "--out", "--explain", "--report", "--history",
                                                      "--history-window", "--map");

    private final Options options;

    ProfileCommand(Options options)
    {
        this.options = options;
        options.allow(OPTIONS, ClusterConnection.OPTIONS);
    }

    int run(PrintStream out) throws IOException
    {
        String table = options.get("--table", null);
        if (table == null || !table.contains("."))
            throw new HotZoneTool.UsageException("--table keyspace.table is required");
        if (options.positional.isEmpty())
            throw new HotZoneTool.UsageException("give at least one input FILE");
        if (options.has("--sample") && options.has("--error"))
            throw new HotZoneTool.UsageException("give --sample or --error, not both");
        double confidence = options.number("--confidence", 0.95);
        int sampleSize = options.has("--sample") ? (int) options.number("--sample", 0) : SampleSize.forError(options.number("--error", 0.02), confidence);
        SampleSize.errorOf(sampleSize, confidence); // validates
        io.hotzone.tools.load.InputFiles.check(options.positional);
        ColumnMapping mapping = options.has("--map") ? ColumnMapping.parse(options.get("--map", "")) : ColumnMapping.none();
        String[] ksTable = table.split("\\.", 2);
        try (CqlSession session = ClusterConnection.open(options))
        {
            TableMetadata metadata = session.getMetadata().getKeyspace(ksTable[0]).flatMap(k -> k.getTable(ksTable[1]))
                                            .orElseThrow(() -> new IllegalArgumentException("unknown table " + table));
            TokenMap ring = session.getMetadata().getTokenMap()
                                   .orElseThrow(() -> new IllegalStateException("the driver has no token metadata for the cluster"));
            TableShape shape = new TableShape(metadata);
            Profiler profiler = null;
            List<String> firstHeader = null;
            for (String file : options.positional)
                try (BufferedReader reader = io.hotzone.tools.load.InputFiles.open(Path.of(file)))
                {
                    InputRecords records = io.hotzone.tools.load.InputFiles.records(Path.of(file), reader, shape.columns, mapping);
                    List<String> header = records.next();
                    if (header == null)
                        throw new IllegalArgumentException(file + ": empty, expected a header line naming the columns");
                    if (profiler == null)
                    {
                        firstHeader = header;
                        profiler = new Profiler(shape, ring, header, sampleSize, (long) options.number("--seed", 1));
                    }
                    else if (!header.equals(firstHeader))
                        throw new IllegalArgumentException(file + ": its header " + header + " differs from the first file's " + firstHeader);
                    profiler.addAll(records);
                }
            Instant now = Instant.now();
            AccessHistory history = null;
            if (options.has("--history") || options.has("--history-window"))
            {
                java.time.Duration window = io.hotzone.config.Durations.parse(options.get("--history-window", "7d"));
                history = AccessHistory.read(session, shape, ring, window, now);
            }
            ObjectNode profile = Profile.of(profiler, ring, options.positional, confidence, now, history);
            Path target = Path.of(options.get("--out", shape.name() + ".profile.json"));
            Files.writeString(target, Profile.json(profile), StandardCharsets.UTF_8);
            if (options.has("--explain"))
                out.print(Profile.explain(profile));
            if (options.has("--report"))
            {
                Path report = Path.of(options.get("--report", null));
                Files.writeString(report, io.hotzone.tools.profile.ProfileReport.html(profile), StandardCharsets.UTF_8);
                out.println("Report written to " + report);
            }
            out.printf("Profiled %d rows (%d rejected) of %s; profile written to %s%n", profile.get("rows").asLong(), profile.get("rejected").asLong(),
                       shape.name(), target);
            return 0;
        }
    }
}
