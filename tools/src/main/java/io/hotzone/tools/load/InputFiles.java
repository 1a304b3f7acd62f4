package io.hotzone.tools.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.hotzone.tools.profile.CsvRecords;
import io.hotzone.tools.profile.InputRecords;
import io.hotzone.tools.profile.JsonRecords;

/**
 * The input files of an import command: checked before anything is read, opened as UTF-8 (gunzipped when .gz), read as
 * JSON lines when named .json, .jsonl or .ndjson and as CSV otherwise.
 */
public final class InputFiles
{
    private InputFiles()
    {
    }

    /** @throws IllegalArgumentException for a file that does not exist */
    public static void check(List<String> files)
    {
        for (String f : files)
        {
            if (!Files.isRegularFile(Path.of(f)))
                throw new IllegalArgumentException("no such file: " + f);
        }
    }

    /**
     * The file's records (column names first), CSV or JSON lines by its name; the reader is the caller's to close.
     *
     * @param columns the table's columns: the names of JSON lines' keys (a CSV file names its own in its header)
     */
    public static InputRecords records(Path file, BufferedReader reader, java.util.List<String> columns)
    {
        return records(file, reader, columns, io.hotzone.tools.profile.ColumnMapping.none());
    }

    /** As {@link #records(Path, BufferedReader, java.util.List)}, input names (CSV header fields, JSON keys) mapped to columns. */
    public static InputRecords records(Path file, BufferedReader reader, java.util.List<String> columns, io.hotzone.tools.profile.ColumnMapping mapping)
    {
        if (InputRecords.isJsonLines(file.toString()))
            return new JsonRecords(reader, columns, mapping);
        CsvRecords csv = new CsvRecords(reader);
        return mapping.isEmpty() ? csv : new MappedHeader(csv, mapping);
    }

    /** A CSV input whose header names are mapped to columns (dropped ones become {@link io.hotzone.tools.profile.ColumnMapping#DROPPED}). */
    private static final class MappedHeader implements InputRecords
    {
        private final InputRecords records;
        private final io.hotzone.tools.profile.ColumnMapping mapping;
        private boolean first = true;

        MappedHeader(InputRecords records, io.hotzone.tools.profile.ColumnMapping mapping)
        {
            this.records = records;
            this.mapping = mapping;
        }

        @Override
        public java.util.List<String> next() throws IOException
        {
            java.util.List<String> r = records.next();
            if (first && r != null)
            {
                first = false;
                return mapping.columns(r);
            }
            return r;
        }

        @Override
        public long line()
        {
            return records.line();
        }
    }

    public static BufferedReader open(Path file) throws IOException
    {
        try
        {
            InputStream raw = Files.newInputStream(file);
            InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        }
        catch (NoSuchFileException e)
        {
            throw new IllegalArgumentException("no such file: " + file);
        }
    }
}
