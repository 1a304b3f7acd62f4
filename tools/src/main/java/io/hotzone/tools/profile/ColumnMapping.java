package io.hotzone.tools.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --map}: input names (CSV header fields, JSON keys) that differ from the table's column names, as dsbulk's
 * {@code -m}: {@code "file_name=column, other=column2, unused="}; a name mapped to nothing is dropped from the input.
 * Names not mentioned are taken as they are.
 */
public final class ColumnMapping
{
    /** What a dropped input name maps to: no column. */
    public static final String DROPPED = "";

    private final Map<String, String> renames;

    private ColumnMapping(Map<String, String> renames)
    {
        this.renames = Collections.unmodifiableMap(renames);
    }

    public static ColumnMapping none()
    {
        return new ColumnMapping(Map.of());
    }

    /** @throws IllegalArgumentException naming the entry that is not {@code input=column} */
    public static ColumnMapping parse(String spec)
    {
        Map<String, String> renames = new LinkedHashMap<>();
        for (String entry : spec.split(","))
        {
            if (entry.isBlank())
                continue;
            int eq = entry.indexOf('=');
            if (eq <= 0)
                throw new IllegalArgumentException("--map entry '" + entry.trim() + "' is not input_name=column (or input_name= to drop it)");
            String from = entry.substring(0, eq).trim(), to = entry.substring(eq + 1).trim();
            if (renames.put(from, to) != null)
                throw new IllegalArgumentException("--map names input '" + from + "' twice");
        }
        return new ColumnMapping(renames);
    }

    /** The column an input name maps to, {@link #DROPPED} when it is dropped. */
    public String column(String input)
    {
        return renames.getOrDefault(input.trim(), input.trim());
    }

    /** The header as column names (dropped ones as {@link #DROPPED}). */
    public List<String> columns(List<String> header)
    {
        List<String> out = new ArrayList<>(header.size());
        header.forEach(h -> out.add(column(h)));
        return out;
    }

    public boolean isEmpty()
    {
        return renames.isEmpty();
    }
}
