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

/** The input files of an import command: checked before anything is read, opened as UTF-8 (gunzipped when .gz). */
public final class InputFiles
{
    private InputFiles()
    {
    }

    /** @throws IllegalArgumentException for a file that does not exist or a format not read yet */
    public static void check(List<String> files)
    {
        for (String f : files)
        {
            if (!Files.isRegularFile(Path.of(f)))
                throw new IllegalArgumentException("no such file: " + f);
            if (f.endsWith(".json") || f.endsWith(".jsonl") || f.endsWith(".json.gz") || f.endsWith(".jsonl.gz"))
                throw new IllegalArgumentException(f + ": JSON lines input is not supported yet; give CSV");
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
