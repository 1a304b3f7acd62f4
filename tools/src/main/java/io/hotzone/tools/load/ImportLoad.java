package io.hotzone.tools.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.fasterxml.jackson.databind.JsonNode;

import io.hotzone.tools.profile.InputRecords;
import io.hotzone.tools.profile.InputColumns;
import io.hotzone.tools.profile.TableShape;

/**
 * {@code hotzone import load}: checks the table and every file's header before anything is written, fixes the
 * import's timestamp base (kept across re-runs and resumes), boosts the profile's predicted hot partitions, then
 * loads with progress, a checkpoint every second and the import recorded in {@code hotzone.imports}.
 */
public final class ImportLoad
{
    /** What to load and how. */
    public static final class Request
    {
        public String table;
        public List<String> files = List.of();
        public JsonNode profile;
        public String profilePath;
        public String id;
        public Path workDir = Path.of(".");
        public boolean resume, restart;
        public Loader.Settings settings = new Loader.Settings();
        public ConsistencyLevel consistency = ConsistencyLevel.LOCAL_QUORUM;
        public int inFlightPerNode = 128;
        public int attempts = 5;
        public double progressSeconds = 5;
        public boolean prewarm = true;
        public String jmxHost = "127.0.0.1";
        public int jmxPort = 7199;
        public String jmxUser, jmxPassword;
        public Duration boostFor = Duration.ofHours(24);
        public Duration prewarmTimeout = Duration.ofMinutes(2);
        public io.hotzone.tools.profile.ColumnMapping mapping = io.hotzone.tools.profile.ColumnMapping.none();
    }

    /** Exit status of a load that stopped before the end (the usage error status is 1). */
    public static final int STOPPED = 2;

    private final Request r;
    private final PrintStream out;

    public ImportLoad(Request request, PrintStream out)
    {
        this.r = request;
        this.out = out;
    }

    /** The default import id: the table and the inputs (paths and sizes), so the same command finds its checkpoint. */
    public static String defaultId(String table, List<String> files, List<Long> sizes)
    {
        long h = 1125899906842597L;
        for (String s : List.of(table, String.join("\n", files), sizes.toString()))
            for (int i = 0; i < s.length(); i++)
                h = 31 * h + s.charAt(i);
        return table + "-" + String.format("%08x", (int) (h ^ (h >>> 32)));
    }

    public int run(CqlSession session) throws IOException, InterruptedException
    {
        List<Long> sizes = new ArrayList<>();
        for (String f : r.files)
            sizes.add(Files.size(Path.of(f)));
        String id = r.id != null ? r.id : defaultId(r.table, r.files, sizes);
        if (!id.matches("[A-Za-z0-9._-]{1,120}"))
            throw new IllegalArgumentException("--id must be 1 to 120 letters, digits, '.', '_' or '-', got '" + id + "'");
        Path checkpointFile = r.workDir.resolve(id + ".checkpoint.json"), rejectsFile = r.workDir.resolve(id + ".rejects.csv");
        Checkpoint previous = previous(checkpointFile, sizes);

        String[] ksTable = r.table.split("\\.", 2);
        TableMetadata metadata = session.getMetadata().getKeyspace(ksTable[0]).flatMap(k -> k.getTable(ksTable[1]))
                                        .orElseThrow(() -> new IllegalArgumentException("unknown table " + r.table));
        if (metadata.getColumns().values().stream().anyMatch(c -> c.getType().equals(DataTypes.COUNTER)))
            throw new IllegalArgumentException(r.table + " is a counter table: counters cannot be loaded with INSERT");
        TokenMap ring = session.getMetadata().getTokenMap().orElseThrow(() -> new IllegalStateException("the driver has no token metadata for the cluster"));
        TableShape shape = new TableShape(metadata);

        List<BufferedReader> readers = new ArrayList<>();
        try
        {
            List<InputRecords> inputs = new ArrayList<>();
            InputColumns columns = null;
            for (String f : r.files)
            {
                BufferedReader reader = InputFiles.open(Path.of(f));
                readers.add(reader);
                InputRecords records = InputFiles.records(Path.of(f), reader, shape.columns, r.mapping);
                List<String> header = records.next();
                if (header == null)
                    throw new IllegalArgumentException(f + ": empty, expected a header line naming the columns");
                if (columns == null)
                    columns = new InputColumns(shape, header);
                else if (!header.equals(columns.header))
                    throw new IllegalArgumentException(f + ": its header " + header + " differs from the first file's " + columns.header);
                inputs.add(records);
            }
            ImportRecords records = r.settings.dryRun ? null : new ImportRecords(session, out);
            Checkpoint start = start(id, previous, sizes, records);
            List<Integer> bound = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String h : columns.header)
                if (!h.trim().equals(io.hotzone.tools.profile.ColumnMapping.DROPPED))
                {
                    bound.add(shape.index(h.trim()));
                    names.add(CqlIdentifier.fromInternal(h.trim()).asCql(true));
                }
            int[] boundColumn = bound.stream().mapToInt(Integer::intValue).toArray();
            PreparedStatement insert = session.prepare(String.format("INSERT INTO %s.%s (%s) VALUES (%s) USING TIMESTAMP ?",
                                                                     CqlIdentifier.fromInternal(shape.keyspace).asCql(true),
                                                                     CqlIdentifier.fromInternal(shape.table).asCql(true), String.join(", ", names),
                                                                     names.stream().map(n -> "?").collect(Collectors.joining(", "))));
            return load(session, ring, columns, insert, boundColumn, inputs, start, checkpointFile, rejectsFile, records);
        }
        finally
        {
            for (BufferedReader reader : readers)
                reader.close();
        }
    }

    /** The checkpoint this run continues or restarts, refusing a run that would silently redo or skip one. */
    private Checkpoint previous(Path file, List<Long> sizes) throws IOException
    {
        if (!Files.exists(file))
        {
            if (r.resume)
                throw new IllegalArgumentException("--resume: no checkpoint " + file + " (give the same --id and --work-dir as the first run)");
            return null;
        }
        Checkpoint c = Checkpoint.load(file);
        String mismatch = c.mismatch(r.table, r.files, sizes);
        if (mismatch != null && !r.settings.dryRun)
            throw new IllegalArgumentException("cannot continue import " + c.id + ": " + mismatch + "; give another --id to start a new import");
        if (r.settings.dryRun)
            return null;
        if (!r.resume && !r.restart)
            throw new IllegalArgumentException("import " + c.id + " is " + c.state + " at " + c.done + " (" + file + "): add --resume to continue it, or "
                                               + "--restart to load it again from the start (same timestamps: the same cells)");
        if (r.resume && c.state.equals("DONE"))
            throw new IllegalArgumentException("import " + c.id + " is already DONE; add --restart to load it again");
        return c;
    }

    private Checkpoint start(String id, Checkpoint previous, List<Long> sizes, ImportRecords recorder) throws IOException
    {
        if (previous != null)
            return r.resume ? previous.at(previous.done, previous.rowsWritten, previous.rejected, "RUNNING", previous.nodes)
                            : previous.at(new Position(0, 0, 0), 0, 0, "RUNNING", new LinkedHashMap<>());
        long records = r.settings.dryRun ? 0 : count();
        Long recorded = recorder == null ? null : recorder.timestampBase(id);
        // cells are stamped before the import began, so a write the application makes once the import runs wins
        long base = recorded != null ? recorded : Instant.now().toEpochMilli() * 1000 - records;
        return new Checkpoint(id, r.table, r.files, sizes, base, records, new Position(0, 0, 0), 0, 0, "RUNNING", new LinkedHashMap<>());
    }

    /** All records of the input: from the profile when it was made of the same files, else by reading them once. */
    private long count() throws IOException
    {
        if (r.profile != null && r.profile.path("inputs").isArray())
        {
            List<String> profiled = new ArrayList<>();
            r.profile.path("inputs").forEach(n -> profiled.add(n.asText()));
            if (profiled.equals(r.files))
                return r.profile.path("rows").asLong() + r.profile.path("rejected").asLong();
        }
        long n = 0;
        for (String f : r.files)
            try (BufferedReader reader = InputFiles.open(Path.of(f)))
            {
                InputRecords records = InputFiles.records(Path.of(f), reader, null);
                records.next();
                while (records.next() != null)
                    n++;
            }
        return n;
    }

    private int load(CqlSession session, TokenMap ring, InputColumns columns, PreparedStatement insert, int[] boundColumn, List<InputRecords> inputs,
                     Checkpoint start, Path checkpointFile, Path rejectsFile, ImportRecords records) throws IOException, InterruptedException
    {
        boolean dry = r.settings.dryRun;
        List<String> zones = dry || !r.prewarm ? List.of() : prewarm();
        out.printf("Import %s: %s into %s%s, timestamps from %d%n", start.id, String.join(", ", r.files), r.table,
                   r.resume ? " resumed at " + start.done : "", start.timestampBase);
        Rejects rejects = Rejects.open(rejectsFile, r.resume ? start.done : null);
        Watermark watermark = new Watermark(start.done, start.rowsWritten, start.nodes);
        BatchWriter writer = new BatchWriter(session, r.consistency, r.inFlightPerNode, r.attempts, rejects);
        Loader loader = new Loader(columns, insert, boundColumn, ring, writer, rejects, watermark, r.settings, start.timestampBase);
        LoadProgress progress = new LoadProgress(out, start.records);
        Function<String, Checkpoint> now = state -> start.at(watermark.done(), watermark.rows(), rejects.count(), state, watermark.nodes());
        if (!dry)
        {
            start.save(checkpointFile);
            records.save(start, r.profilePath, zones, "", false);
        }
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(t -> {
            Thread th = new Thread(t, "hotzone-import-progress");
            th.setDaemon(true);
            return th;
        });
        long[] tick = { 0 };
        long every = Math.max(1, Math.round(r.progressSeconds));
        ticks.scheduleAtFixedRate(() -> {
            try
            {
                Checkpoint c = now.apply("RUNNING");
                if (!dry)
                    c.save(checkpointFile);
                if (++tick[0] % every == 0)
                {
                    progress.line(loader.recordsRead(), writer, rejects.count());
                    if (!dry)
                        records.save(c, r.profilePath, zones, "", false);
                }
            }
            catch (IOException | RuntimeException e)
            {
                out.println("Note: progress not saved: " + e.getMessage());
            }
        }, 1, 1, TimeUnit.SECONDS);
        Loader.Outcome outcome;
        try
        {
            outcome = loader.run(inputs, start.done);
        }
        catch (IllegalArgumentException e)
        {
            if (!dry)
            {
                Checkpoint stopped = now.apply("STOPPED");
                stopped.save(checkpointFile);
                records.save(stopped, r.profilePath, zones, "stopped: " + e.getMessage(), true);
            }
            throw e;
        }
        finally
        {
            ticks.shutdownNow();
            ticks.awaitTermination(10, TimeUnit.SECONDS);
            writer.close();
            rejects.close();
        }
        String note = outcome == Loader.Outcome.DONE ? ""
                      : outcome == Loader.Outcome.TOO_MANY_REJECTS ? "stopped: more than " + r.settings.maxErrors + " rejected records (--max-errors)"
                      : "stopped: a write failed after " + r.attempts + " attempts: " + writer.failure.get();
        Checkpoint end = now.apply(outcome == Loader.Outcome.DONE ? (dry ? "CHECKED" : "DONE") : "STOPPED");
        if (!dry)
        {
            end.save(checkpointFile);
            records.save(end, r.profilePath, zones, note, true);
        }
        progress.summary(end, writer, rejectsFile.toString(), dry);
        if (outcome == Loader.Outcome.DONE)
        {
            awaitPrewarmed(zones);
            return 0;
        }
        out.println("Import " + end.id + " " + note + "; every record before " + end.done + " is written. Continue with --resume.");
        return STOPPED;
    }

    /**
     * Boosts the profile's recommended zones before the first row is written. It does not wait for them: a zone's
     * writes are mirrored from ARMING on and its copy takes what came before, so the zones warm during the load. A
     * failure is reported and the load goes on unwarmed.
     */
    private List<String> prewarm()
    {
        JsonNode recommended = r.profile == null ? null : r.profile.at("/recommendations/zones");
        if (recommended == null || !recommended.isArray() || recommended.size() == 0)
            return List.of();
        List<String> ids = new ArrayList<>();
        try (Prewarm jmx = Prewarm.connect(r.jmxHost, r.jmxPort, r.jmxUser, r.jmxPassword))
        {
            for (JsonNode z : recommended)
            {
                List<String> keys = new ArrayList<>();
                z.path("keys").forEach(k -> keys.add(k.asText()));
                String table = z.path("table").asText(r.table);
                String id = jmx.boost(table, keys, Instant.now().plus(r.boostFor));
                out.printf("Pre-warming: boosted %d predicted hot partitions of %s as zone %s%n", keys.size(), table, id);
                ids.add(id);
            }
        }
        catch (IOException | RuntimeException e)
        {
            out.println("Pre-warming skipped: " + e.getMessage() + " (the load goes on; boost the profile's zones with nodetool-ext hotzone boost)");
        }
        return ids;
    }

    /** Waits for the pre-warming zones once the load ended and says how long after its end they were READY. */
    private void awaitPrewarmed(List<String> zones) throws InterruptedException
    {
        if (zones.isEmpty())
            return;
        long ended = System.nanoTime();
        try (Prewarm jmx = Prewarm.connect(r.jmxHost, r.jmxPort, r.jmxUser, r.jmxPassword))
        {
            for (String id : zones)
            {
                String state = jmx.awaitReady(id, r.prewarmTimeout, out);
                double after = (System.nanoTime() - ended) / 1e9;
                if (state.startsWith("READY"))
                    out.printf(java.util.Locale.ROOT, "Pre-warmed: zone %s READY %.1f s after the load ended%n", id, after);
                else
                    out.printf(java.util.Locale.ROOT, "Pre-warming: zone %s is %s %.0f s after the load ended%n", id, state, after);
            }
        }
        catch (IOException | RuntimeException e)
        {
            out.println("Pre-warming: cannot follow the zones: " + e.getMessage());
        }
    }
}
