package io.hotzone.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hotzone.capture.TableRef;
import io.hotzone.server.CqlLiterals;

/**
 * Reads events from CSV or JSON (formats in the README). Syntax only; {@link EventValidator} checks them against
 * the schema. Every error names its line (CSV) or element (JSON).
 */
public final class EventParser
{
    static final Set<String> REQUIRED = Set.of("name", "start", "end", "table", "multiplier");
    static final Set<String> COLUMNS = Set.of("id", "name", "start", "end", "table", "keys", "token_range", "multiplier", "source");

    /** A parsed event and where it came from ("line 7", "event #3"), for error messages. */
    public static final class Located
    {
        private final String where;
        private final Event event;

        public Located(String where, Event event)
        {
            this.where = where;
            this.event = event;
        }

        public String where()
        {
            return where;
        }

        public Event event()
        {
            return event;
        }

        @Override
        public boolean equals(Object o)
        {
            if (this == o)
                return true;
            if (!(o instanceof Located))
                return false;
            Located that = (Located) o;
            return Objects.equals(where, that.where) && Objects.equals(event, that.event);
        }

        @Override
        public int hashCode()
        {
            int h = Objects.hashCode(where);
            h = 31 * h + Objects.hashCode(event);
            return h;
        }

        @Override
        public String toString()
        {
            return "Located[where=" + where + ", event=" + event + "]";
        }
    }

    private EventParser()
    {
    }

    public static List<Located> parse(String format, String content)
    {
        switch (format.toLowerCase())
        {
            case "csv": return csv(content);
            case "json": return json(content);
            default: throw new EventFormatException("unknown event file format '" + format + "' (use csv or json)");
        }
    }

    public static List<Located> csv(String content)
    {
        String[] lines = content.split("\r?\n", -1);
        int first = 0;
        while (first < lines.length && (lines[first].isBlank() || lines[first].startsWith("#")))
            first++;
        if (first == lines.length)
            throw new EventFormatException("no header line (expected columns " + String.join(",", ordered()) + ")");
        List<String> header = splitCsv(lines[first], first + 1);
        Set<String> unknown = new LinkedHashSet<>(header);
        unknown.removeAll(COLUMNS);
        if (!unknown.isEmpty())
            throw new EventFormatException("line " + (first + 1) + ": unknown column(s) " + unknown + "; known: " + String.join(",", ordered()));
        for (String required : REQUIRED)
            if (!header.contains(required))
                throw new EventFormatException("line " + (first + 1) + ": missing column " + required);
        List<Located> events = new ArrayList<>();
        for (int i = first + 1; i < lines.length; i++)
        {
            if (lines[i].isBlank() || lines[i].startsWith("#"))
                continue;
            String where = "line " + (i + 1);
            List<String> cells = splitCsv(lines[i], i + 1);
            if (cells.size() != header.size())
                throw new EventFormatException(where + ": " + cells.size() + " fields, the header has " + header.size());
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < header.size(); c++)
                row.put(header.get(c), cells.get(c).trim());
            List<String> keys = row.getOrDefault("keys", "").isEmpty() ? List.of() : CqlLiterals.split(row.get("keys"), ';');
            events.add(new Located(where, build(where, row, keys)));
        }
        if (events.isEmpty())
            throw new EventFormatException("no events in the file");
        return events;
    }

    public static List<Located> json(String content)
    {
        JsonNode root;
        try
        {
            root = new ObjectMapper().readTree(content);
        }
        catch (Exception e)
        {
            throw new EventFormatException("not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        if (root == null || !root.isArray())
            throw new EventFormatException("expected a JSON array of event objects");
        List<Located> events = new ArrayList<>();
        for (int i = 0; i < root.size(); i++)
        {
            String where = "event #" + (i + 1);
            JsonNode node = root.get(i);
            if (!node.isObject())
                throw new EventFormatException(where + ": not an object");
            Map<String, String> row = new HashMap<>();
            List<String> keys = new ArrayList<>();
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); )
            {
                String field = names.next();
                if (!COLUMNS.contains(field))
                    throw new EventFormatException(where + ": unknown field '" + field + "'; known: " + String.join(",", ordered()));
                JsonNode value = node.get(field);
                if (field.equals("keys"))
                {
                    if (!value.isArray())
                        throw new EventFormatException(where + ": keys must be an array of CQL literals");
                    value.forEach(k -> keys.add(k.isTextual() ? k.asText() : k.toString()));
                }
                else
                    row.put(field, value.isTextual() ? value.asText() : value.toString());
            }
            for (String required : REQUIRED)
                if (!row.containsKey(required))
                    throw new EventFormatException(where + ": missing field " + required);
            events.add(new Located(where, build(where, row, keys)));
        }
        if (events.isEmpty())
            throw new EventFormatException("no events in the file");
        return events;
    }

    private static Event build(String where, Map<String, String> row, List<String> keys)
    {
        String name = row.get("name");
        if (name == null || name.isBlank())
            throw new EventFormatException(where + ": name is empty");
        Instant start = time(where, "start", row.get("start"));
        Instant end = time(where, "end", row.get("end"));
        TableRef table;
        try
        {
            table = TableRef.parse(row.get("table"));
        }
        catch (IllegalArgumentException e)
        {
            throw new EventFormatException(where + ": table: " + e.getMessage());
        }
        double multiplier;
        try
        {
            multiplier = Double.parseDouble(row.get("multiplier"));
        }
        catch (NumberFormatException e)
        {
            throw new EventFormatException(where + ": multiplier '" + row.get("multiplier") + "' is not a number");
        }
        Event.TokenRange range = null;
        String tr = row.getOrDefault("token_range", "");
        if (!tr.isBlank())
        {
            String[] ends = tr.split("\\.\\.");
            try
            {
                if (ends.length != 2)
                    throw new NumberFormatException();
                range = new Event.TokenRange(Long.parseLong(ends[0].trim()), Long.parseLong(ends[1].trim()));
            }
            catch (NumberFormatException e)
            {
                throw new EventFormatException(where + ": token_range '" + tr + "' is not START..END with Murmur3 tokens");
            }
        }
        if (range != null && !keys.isEmpty())
            throw new EventFormatException(where + ": give keys or token_range, not both");
        if (keys.stream().anyMatch(String::isBlank))
            throw new EventFormatException(where + ": an empty key in keys");
        String id = row.getOrDefault("id", "");
        return new Event(id.isBlank() ? null : id, name.trim(), start, end, table, keys, range, multiplier, row.getOrDefault("source", ""));
    }

    /** ISO-8601 instant (2026-11-27T09:00:00Z), date-time without zone (UTC), or date (midnight UTC). */
    public static Instant time(String where, String field, String text)
    {
        String t = text == null ? "" : text.trim();
        try
        {
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$"))
                return java.time.OffsetDateTime.parse(t).toInstant();
            if (t.contains("T"))
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        catch (DateTimeParseException e)
        {
            throw new EventFormatException(where + ": " + field + " '" + t + "' is not a date or time (use 2026-11-27 or 2026-11-27T09:00:00Z)");
        }
    }

    /** One CSV line: comma-separated, fields optionally in double quotes ("" inside means a quote). */
    static List<String> splitCsv(String line, int lineNumber)
    {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            char c = line.charAt(i);
            if (quoted)
            {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"')
                {
                    cell.append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    cell.append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                cells.add(cell.toString());
                cell.setLength(0);
            }
            else
                cell.append(c);
        }
        if (quoted)
            throw new EventFormatException("line " + lineNumber + ": unterminated double quote");
        cells.add(cell.toString());
        return cells;
    }

    /** Quotes a CSV field when it needs it. */
    public static String csvField(String value)
    {
        if (value == null)
            return "";
        return value.contains(",") || value.contains("\"") || value.contains("\n") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    static List<String> ordered()
    {
        return List.of("id", "name", "start", "end", "table", "keys", "token_range", "multiplier", "source");
    }
}
