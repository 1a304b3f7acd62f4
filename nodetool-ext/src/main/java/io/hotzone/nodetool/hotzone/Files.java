package io.hotzone.nodetool.hotzone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads an input file on the operator's machine (gzip when it ends in .gz) to send its text to the node. */
final class Files
{
    private Files()
    {
    }

    static String read(String file)
    {
        Path path = Path.of(file);
        try (InputStream raw = java.nio.file.Files.newInputStream(path);
             InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw)
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (NoSuchFileException e)
        {
            throw new IllegalArgumentException("no such file: " + file);
        }
        catch (IOException e)
        {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
