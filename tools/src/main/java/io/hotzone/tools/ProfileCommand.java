package io.hotzone.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hotzone.tools.profile.CsvRecords;
import io.hotzone.tools.profile.Profile;
import io.hotzone.tools.profile.Profiler;
import io.hotzone.tools.profile.SampleSize;
import io.hotzone.tools.profile.TableShape;

/** {@code hotzone import profile}: one pass over the input files, then the profile file (and, asked, its explanation). */
final class ProfileCommand
{
    private static final Set<String> OPTIONS = Set.of("--table", "--sample", "--error", "--confidence", "--seed", "--out", "--explain", "--host",
                                                      "--port", "--dc", "-u", "-pw");

    private final Options options;

    ProfileCommand(Options options)
    {
        this.options = options;
        options.allow(OPTIONS);
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
        for (String f : options.positional)
        {
            if (!Files.isRegularFile(Path.of(f)))
                throw new IllegalArgumentException("no such file: " + f);
            if (f.endsWith(".json") || f.endsWith(".jsonl") || f.endsWith(".json.gz") || f.endsWith(".jsonl.gz"))
                throw new IllegalArgumentException(f + ": JSON lines input is not supported yet; give CSV");
        }
        String[] ksTable = table.split("\\.", 2);
        try (CqlSession session = connect())
        {
            TableMetadata metadata = session.getMetadata().getKeyspace(ksTable[0]).flatMap(k -> k.getTable(ksTable[1]))
                                            .orElseThrow(() -> new IllegalArgumentException("unknown table " + table));
            TokenMap ring = session.getMetadata().getTokenMap()
                                   .orElseThrow(() -> new IllegalStateException("the driver has no token metadata for the cluster"));
            TableShape shape = new TableShape(metadata);
            Profiler profiler = null;
            List<String> firstHeader = null;
            for (String file : options.positional)
                try (BufferedReader reader = open(Path.of(file)))
                {
                    CsvRecords records = new CsvRecords(reader);
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
            ObjectNode profile = Profile.of(profiler, ring, options.positional, confidence, Instant.now());
            Path target = Path.of(options.get("--out", shape.name() + ".profile.json"));
            Files.writeString(target, Profile.json(profile), StandardCharsets.UTF_8);
            if (options.has("--explain"))
                out.print(Profile.explain(profile));
            out.printf("Profiled %d rows (%d rejected) of %s; profile written to %s%n", profile.get("rows").asLong(), profile.get("rejected").asLong(),
                       shape.name(), target);
            return 0;
        }
    }

    private CqlSession connect()
    {
        CqlSessionBuilder builder = CqlSession.builder();
        int port = (int) options.number("--port", 9042);
        List<InetSocketAddress> points = new ArrayList<>();
        for (String h : options.get("--host", "127.0.0.1").split(","))
            points.add(new InetSocketAddress(h.trim(), port));
        builder.addContactPoints(points);
        var config = DriverConfigLoader.programmaticBuilder()
                                       .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, java.time.Duration.ofSeconds(20))
                                       .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, java.time.Duration.ofSeconds(10));
        if (options.has("--dc"))
            builder.withLocalDatacenter(options.get("--dc", null));
        else
            config.withString(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, "DcInferringLoadBalancingPolicy");
        if (options.has("-u"))
            builder.withAuthCredentials(options.get("-u", null), options.get("-pw", ""));
        return builder.withConfigLoader(config.build()).build();
    }

    private static BufferedReader open(Path file) throws IOException
    {
        try
        {
            InputStream raw = Files.newInputStream(file);
            InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        }
        catch (NoSuchFileException e)
        {
            throw new IllegalArgumentException("no such file: " + file);
        }
    }
}
