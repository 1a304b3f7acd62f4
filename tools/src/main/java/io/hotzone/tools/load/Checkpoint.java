package io.hotzone.tools.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a load has done, saved beside it (JSON, replaced atomically): the import id, the inputs it was started on, the
 * timestamp base that fixes every cell's write timestamp, and the position before which every record is written. A
 * {@code --resume} reads it back; an input that changed since refuses to resume.
 */
public final class Checkpoint
{
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String id;
    public final String table;
    public final List<String> inputs;
    public final List<Long> sizes;
    public final long timestampBase;
    public final long records;
    public final Position done;
    public final long rowsWritten;
    public final long rejected;
    public final String state;
    /** Per primary replica of the rows before {@link #done}: rows and the sum of their checksums. */
    public final Map<String, long[]> nodes;

    public Checkpoint(String id, String table, List<String> inputs, List<Long> sizes, long timestampBase, long records, Position done, long rowsWritten,
                      long rejected, String state, Map<String, long[]> nodes)
    {
        this.id = id;
        this.table = table;
        this.inputs = List.copyOf(inputs);
        this.sizes = List.copyOf(sizes);
        this.timestampBase = timestampBase;
        this.records = records;
        this.done = done;
        this.rowsWritten = rowsWritten;
        this.rejected = rejected;
        this.state = state;
        this.nodes = new LinkedHashMap<>(nodes);
    }

    public Checkpoint at(Position done, long rowsWritten, long rejected, String state, Map<String, long[]> nodes)
    {
        return new Checkpoint(id, table, inputs, sizes, timestampBase, records, done, rowsWritten, rejected, state, nodes);
    }

    public void save(Path file) throws IOException
    {
        ObjectNode o = JSON.createObjectNode();
        o.put("checkpoint_version", VERSION);
        o.put("id", id);
        o.put("table", table);
        ArrayNode in = o.putArray("inputs");
        for (int i = 0; i < inputs.size(); i++)
            in.addObject().put("path", inputs.get(i)).put("bytes", sizes.get(i));
        o.put("timestamp_base", timestampBase);
        o.put("records", records);
        o.putObject("done").put("ordinal", done.ordinal).put("file", done.file).put("line", done.line);
        o.put("rows_written", rowsWritten);
        o.put("rejected", rejected);
        o.put("state", state);
        ObjectNode n = o.putObject("nodes");
        nodes.forEach((node, v) -> n.putObject(node).put("rows", v[0]).put("checksum", v[1]));
        o.put("updated_at", Instant.now().toString());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n", StandardCharsets.UTF_8);
        try
        {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (AtomicMoveNotSupportedException e)
        {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** @throws IllegalArgumentException when the file is not a checkpoint this version can read */
    public static Checkpoint load(Path file) throws IOException
    {
        JsonNode o;
        try
        {
            o = JSON.readTree(file.toFile());
        }
        catch (IOException e)
        {
            throw new IllegalArgumentException(file + " is not a readable checkpoint: " + e.getMessage());
        }
        if (o == null || o.path("checkpoint_version").asInt() != VERSION)
            throw new IllegalArgumentException(file + ": checkpoint_version " + (o == null ? "missing" : o.path("checkpoint_version")) + ", this tool reads " + VERSION);
        List<String> inputs = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (JsonNode i : o.path("inputs"))
        {
            inputs.add(i.path("path").asText());
            sizes.add(i.path("bytes").asLong());
        }
        JsonNode d = o.path("done");
        Map<String, long[]> nodes = new LinkedHashMap<>();
        o.path("nodes").fields().forEachRemaining(e -> nodes.put(e.getKey(), new long[] { e.getValue().path("rows").asLong(), e.getValue().path("checksum").asLong() }));
        return new Checkpoint(o.path("id").asText(), o.path("table").asText(), inputs, sizes, o.path("timestamp_base").asLong(), o.path("records").asLong(),
                              new Position(d.path("ordinal").asLong(), d.path("file").asInt(), d.path("line").asLong()), o.path("rows_written").asLong(),
                              o.path("rejected").asLong(), o.path("state").asText(), nodes);
    }

    /**
     * Why these inputs cannot resume this checkpoint, or null when they can: the same files (by path and size) and table.
     */
    public String mismatch(String table, List<String> inputs, List<Long> sizes)
    {
        if (!this.table.equals(table))
            return "the checkpoint is of table " + this.table + ", not " + table;
        if (!this.inputs.equals(inputs))
            return "the checkpoint was started on " + this.inputs + ", not " + inputs;
        if (!this.sizes.equals(sizes))
            return "an input file changed size since the checkpoint (" + this.sizes + " bytes then, " + sizes + " now)";
        return null;
    }
}
