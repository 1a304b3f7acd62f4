package io.hotzone.nodetool.hotzone;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;

import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "history", description = "Access history: import FILE loads key,t,count CSV (optionally .gz) from before the plugin existed")
public class History extends HotZoneCommand
{
    @Arguments(usage = "import <file>", description = "What to do")
    private List<String> args = new ArrayList<>();

    @Option(name = "--table", description = "keyspace.table the history belongs to", required = true)
    private String table;

    @Option(name = "--chunk-lines", description = "lines sent to the node per JMX call (default 10000); nothing is written before the last")
    private int chunkLines = 10_000;

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() != 2 || !args.get(0).equals("import"))
            throw new IllegalArgumentException("usage: history import --table <keyspace.table> <file>");
        if (chunkLines < 1)
            throw new IllegalArgumentException("--chunk-lines must be at least 1");
        HotZoneMXBean hz = installed(probe);
        PrintStream out = probe.output().out;
        Path path = Path.of(args.get(1));
        String id = hz.beginHistoryImport(table);
        boolean finished = false;
        try (CountingStream raw = new CountingStream(java.nio.file.Files.newInputStream(path));
             InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
        {
            long size = Math.max(1, java.nio.file.Files.size(path));
            StringBuilder chunk = new StringBuilder();
            int inChunk = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                chunk.append(line).append('\n');
                if (++inChunk == chunkLines)
                {
                    send(hz, id, chunk, out, raw.count * 100 / size);
                    inChunk = 0;
                }
            }
            if (inChunk > 0)
                send(hz, id, chunk, out, 100);
            out.println(hz.finishHistoryImport(id));
            finished = true;
        }
        catch (NoSuchFileException e)
        {
            throw new IllegalArgumentException("no such file: " + path);
        }
        catch (IOException e)
        {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        }
        finally
        {
            if (!finished)
                abortQuietly(hz, id);
        }
    }

    private static void send(HotZoneMXBean hz, String id, StringBuilder chunk, PrintStream out, long percent)
    {
        int checked = hz.addHistoryLines(id, chunk.toString());
        chunk.setLength(0);
        out.printf("Checked %d lines (%d%% of the file)%n", checked, Math.min(100, percent));
    }

    private static void abortQuietly(HotZoneMXBean hz, String id)
    {
        try
        {
            hz.abortHistoryImport(id);
        }
        catch (RuntimeException e)
        {
            // the node drops an idle import by itself
        }
    }

    /** The bytes read from the file itself (compressed, for .gz): how far the import is. */
    private static final class CountingStream extends FilterInputStream
    {
        long count;

        CountingStream(InputStream in)
        {
            super(in);
        }

        @Override
        public int read() throws IOException
        {
            int b = super.read();
            if (b >= 0)
                count++;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException
        {
            int n = super.read(buffer, offset, length);
            if (n > 0)
                count += n;
            return n;
        }
    }
}
