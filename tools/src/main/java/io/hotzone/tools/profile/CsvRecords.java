package io.hotzone.tools.profile;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of an RFC 4180 CSV stream: fields separated by commas, optionally in double quotes, a doubled quote inside
 * quotes is one quote, quoted fields may hold commas and line breaks; CRLF or LF ends a record; a leading UTF-8 byte
 * order mark is skipped. Streams: one record in memory at a time.
 */
public final class CsvRecords implements InputRecords
{
    private final Reader in;
    private long line = 1;
    private long recordLine;
    private int pending = -2; // -2: nothing read ahead
    private boolean started;

    public CsvRecords(Reader in)
    {
        this.in = in;
    }

    /** The 1-based line on which the last record returned by {@link #next} starts. */
    public long line()
    {
        return recordLine;
    }

    /** The next record's fields, or null at the end of the input. Blank lines are skipped. */
    public List<String> next() throws IOException
    {
        while (true)
        {
            int c = read();
            if (c == -1)
                return null;
            if (c == '\r' || c == '\n')
            {
                endOfLine(c);
                continue;
            }
            unread(c);
            return record();
        }
    }

    private List<String> record() throws IOException
    {
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        while (true)
        {
            int c = read();
            if (quoted)
            {
                if (c == -1)
                    throw new IllegalArgumentException("line " + recordLine + ": a quoted field is not closed before the end of the file");
                if (c == '"')
                {
                    int d = read();
                    if (d == '"')
                        field.append('"');
                    else
                    {
                        quoted = false;
                        unread(d);
                    }
                }
                else
                {
                    if (c == '\n')
                        line++;
                    field.append((char) c);
                }
                continue;
            }
            if (c == '"' && field.length() == 0 && !wasQuoted)
            {
                quoted = wasQuoted = true;
                continue;
            }
            if (c == ',' || c == '\r' || c == '\n' || c == -1)
            {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
                if (c == ',')
                    continue;
                if (c != -1)
                    endOfLine(c);
                return fields;
            }
            if (wasQuoted)
                throw new IllegalArgumentException("line " + line + ": text after a closing quote (a quote inside a field must be doubled)");
            field.append((char) c);
        }
    }

    private void endOfLine(int c) throws IOException
    {
        if (c == '\r')
        {
            int d = read();
            if (d != '\n')
                unread(d);
        }
        line++;
    }

    private int read() throws IOException
    {
        if (pending != -2)
        {
            int c = pending;
            pending = -2;
            return c;
        }
        int c = in.read();
        if (!started)
        {
            started = true;
            if (c == '\uFEFF')
                c = in.read(); // a byte order mark counts only at the very start
        }
        return c;
    }

    private void unread(int c)
    {
        pending = c;
    }
}
