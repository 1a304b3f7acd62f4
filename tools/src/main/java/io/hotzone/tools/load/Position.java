package io.hotzone.tools.load;

/**
 * A record's place in the input: its ordinal over all files (which fixes its write timestamp), its file (index in
 * the command line) and the physical line where it starts (what rejects and people refer to).
 */
public final class Position
{
    public final long ordinal;
    public final int file;
    public final long line;

    public Position(long ordinal, int file, long line)
    {
        this.ordinal = ordinal;
        this.file = file;
        this.line = line;
    }

    /** Whether a record at this file and line comes before this position. */
    public boolean after(int otherFile, long otherLine)
    {
        return otherFile < file || (otherFile == file && otherLine < line);
    }

    @Override
    public String toString()
    {
        return "record " + ordinal + " (file " + (file + 1) + ", line " + line + ")";
    }
}
