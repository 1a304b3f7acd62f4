package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.cassandra.tools.nodetool.stats.StatsPrinter;

/**
 * {@code -F json|yaml}, as stock nodetool's {@code tablestats} and {@code compactionhistory} offer it, printed by
 * Cassandra's own printers so that the output reads like theirs. Keys are the table headers in snake_case; numbers
 * stay numbers.
 */
final class Formats
{
    private Formats()
    {
    }

    /** Refuses anything but the empty (table) format, json and yaml, with stock nodetool's message. */
    static void check(String format)
    {
        if (!format.isEmpty() && !format.equals("json") && !format.equals("yaml"))
            throw new IllegalArgumentException("arguments for -F are json,yaml only.");
    }

    /** Prints {@code data} in the format and returns true, or returns false for the table format (the caller prints it). */
    static boolean print(String format, Map<String, Object> data, PrintStream out)
    {
        check(format);
        if (format.isEmpty())
            return false;
        StatsPrinter<org.apache.cassandra.tools.nodetool.stats.StatsHolder> printer = format.equals("json") ? new StatsPrinter.JsonPrinter<>()
                                                                                                           : new StatsPrinter.YamlPrinter<>();
        printer.print(() -> data, out);
        return true;
    }

    /** Tab-separated lines as rows keyed by the headers in snake_case (missing trailing fields are absent). */
    static List<Map<String, Object>> rows(List<String> headers, List<String> lines)
    {
        List<Map<String, Object>> rows = new ArrayList<>(lines.size());
        for (String line : lines)
        {
            String[] fields = line.split("\t", -1);
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < headers.size() && i < fields.length; i++)
            {
                String key = key(headers.get(i));
                row.put(key, key.equals("token") ? fields[i] : value(fields[i])); // tokens stay exact, whatever the reader
            }
            rows.add(row);
        }
        return rows;
    }

    static String key(String header)
    {
        return header.toLowerCase(Locale.ROOT).replace("/", " per ").trim().replaceAll("[^a-z0-9]+", "_");
    }

    private static Object value(String field)
    {
        if (field.matches("-?\\d{1,18}"))
            return Long.parseLong(field);
        if (field.matches("-?\\d+\\.\\d+"))
            return Double.parseDouble(field);
        return field;
    }
}
