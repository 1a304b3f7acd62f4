package io.hotzone.tools.load;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.hotzone.tools.profile.CsvRecords;

/**
 * The records a load could not write, as CSV: {@code file,line,reason,record}, where {@code record} is the input
 * record re-encoded as one CSV line (so it can be fixed and loaded again). On resume the file keeps only what lies
 * before the checkpoint: the records after it are read again and rejected again if still bad.
 */
public final class Rejects implements AutoCloseable
{
    static final List<String> HEADER = List.of("file", "line", "reason", "record");

    private final BufferedWriter out;
    private long count;

    private Rejects(BufferedWriter out, long count)
    {
        this.out = out;
        this.count = count;
    }

    /** A new rejects file, or the existing one cut back to the rejects of records before {@code resumeAt}. */
    public static Rejects open(Path file, Position resumeAt) throws IOException
    {
        List<List<String>> kept = new ArrayList<>();
        if (resumeAt != null && Files.isRegularFile(file))
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                CsvRecords records = new CsvRecords(in);
                records.next(); // header
                for (List<String> r = records.next(); r != null; r = records.next())
                    if (r.size() == HEADER.size() && resumeAt.after(Integer.parseInt(r.get(0)) - 1, Long.parseLong(r.get(1))))
                        kept.add(r);
            }
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                                                     StandardOpenOption.WRITE);
        Rejects rejects = new Rejects(out, 0);
        rejects.line(HEADER);
        for (List<String> r : kept)
            rejects.line(r);
        rejects.count = kept.size();
        out.flush();
        return rejects;
    }

    /** Records the record at this position (file index from 0) as rejected for {@code reason}. */
    public synchronized void add(int file, long line, String reason, List<String> record) throws IOException
    {
        line(List.of(Integer.toString(file + 1), Long.toString(line), reason, csv(record)));
        count++;
    }

    public synchronized long count()
    {
        return count;
    }

    public synchronized void flush() throws IOException
    {
        out.flush();
    }

    private void line(List<String> fields) throws IOException
    {
        out.write(csv(fields));
        out.write('\n');
    }

    /** Fields as one RFC 4180 line: quoted where they hold a comma, a quote or a line break. */
    static String csv(List<String> fields)
    {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++)
        {
            if (i > 0)
                b.append(',');
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0)
                b.append('"').append(f.replace("\"", "\"\"")).append('"');
            else
                b.append(f);
        }
        return b.toString();
    }

    @Override
    public synchronized void close() throws IOException
    {
        out.close();
    }
}
