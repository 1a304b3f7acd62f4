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
        return InputRecords.isJsonLines(file.toString()) ? new JsonRecords(reader, columns) : new CsvRecords(reader);
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
