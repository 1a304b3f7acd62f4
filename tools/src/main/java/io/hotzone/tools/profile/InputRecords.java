package io.hotzone.tools.profile;

import java.io.IOException;
import java.util.List;

/**
 * Records of an input file, one at a time: the first call to {@link #next()} gives the column names, each later one a
 * record's fields in that order (an empty field is a null). CSV ({@link CsvRecords}) or JSON lines
 * ({@link JsonRecords}).
 */
public interface InputRecords
{
    /** The column names first, then each record's fields; null at the end of the input. */
    List<String> next() throws IOException;

    /** The 1-based physical line on which the last record returned starts. */
    long line();

    /** Why the last record returned cannot be loaded whatever its values (null: it can be checked as usual). */
    default String problem()
    {
        return null;
    }

    /** Whether a file of this name holds JSON lines (.json, .jsonl, .ndjson, also gzipped) rather than CSV. */
    static boolean isJsonLines(String file)
    {
        String f = file.endsWith(".gz") ? file.substring(0, file.length() - 3) : file;
        return f.endsWith(".json") || f.endsWith(".jsonl") || f.endsWith(".ndjson");
    }
}
