package io.hotzone.tools.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Records of a JSON lines stream: one JSON object per line, blank lines skipped, keys matched to columns by name as
 * dsbulk reads {@code json}. The column names are the table's columns (or, without a table, the first object's keys);
 * an object may leave any of them out (null) but a key that is not one of them makes its record refused, naming the
 * key. Values become the text a CSV field would hold: strings as they are, numbers and booleans as written, null as an
 * empty field, arrays and objects as their JSON text (a CQL collection literal where the two agree, e.g. a list of
 * numbers).
 */
public final class JsonRecords implements InputRecords
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader in;
    private List<String> names;
    private JsonNode first;
    private long line, recordLine;
    private String problem;
    private final boolean columnsGiven;
    private final ColumnMapping mapping;
    private boolean started;

    /** @param columns the table's columns, or null to take the first object's keys */
    public JsonRecords(BufferedReader in, List<String> columns)
    {
        this(in, columns, ColumnMapping.none());
    }

    /** @param mapping renames keys to columns (or drops them) before they are matched */
    public JsonRecords(BufferedReader in, List<String> columns, ColumnMapping mapping)
    {
        this.in = in;
        this.mapping = mapping;
        this.names = columns == null ? null : List.copyOf(columns);
        this.columnsGiven = columns != null;
    }

    @Override
    public long line()
    {
        return recordLine;
    }

    @Override
    public List<String> next() throws IOException
    {
        if (!started)
        {
            started = true;
            if (columnsGiven)
                return names;
            first = read();
            if (first == null)
                return null;
            List<String> keys = new ArrayList<>();
            first.fieldNames().forEachRemaining(k -> keys.add(mapping.column(k)));
            names = keys;
            return names;
        }
        JsonNode o;
        if (first != null)
        {
            o = first;
            first = null;
        }
        else
            try
            {
                o = read();
            }
            catch (MalformedRecord e)
            {
                // one line is one record: a bad line is rejected by its line and the next one read as usual
                problem = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
                List<String> empty = new ArrayList<>(names.size());
                names.forEach(n -> empty.add(""));
                return empty;
            }
        return o == null ? null : fields(o);
    }

    private JsonNode read() throws IOException
    {
        String text;
        do
        {
            text = in.readLine();
            line++;
            if (text == null)
                return null;
            if (line == 1 && text.startsWith("\uFEFF"))
                text = text.substring(1);
        }
        while (text.isBlank());
        recordLine = line;
        JsonNode o;
        try
        {
            o = JSON.readTree(text);
        }
        catch (JsonProcessingException e)
        {
            throw new MalformedRecord("line " + line + ": not JSON: " + e.getOriginalMessage());
        }
        if (o == null || !o.isObject())
            throw new MalformedRecord("line " + line + ": expected a JSON object, got " + (o == null ? "nothing" : o.getNodeType()));
        return o;
    }

    @Override
    public String problem()
    {
        return problem;
    }

    private List<String> fields(JsonNode o)
    {
        problem = null;
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); )
        {
            Map.Entry<String, JsonNode> e = it.next();
            String column = mapping.column(e.getKey());
            if (column.equals(ColumnMapping.DROPPED))
                continue;
            if (!names.contains(column) && problem == null)
                problem = "key '" + e.getKey() + "' is not " + (columnsGiven ? "a column of the table " : "one of the first record's keys ") + names;
            values.put(column, text(e.getValue()));
        }
        List<String> out = new ArrayList<>(names.size());
        for (String n : names)
            out.add(values.getOrDefault(n, ""));
        return out;
    }

    private static String text(JsonNode v)
    {
        if (v == null || v.isNull() || v.isMissingNode())
            return "";
        if (v.isContainerNode())
            return v.toString();
        return v.asText();
    }

    /** A line that is not a JSON object (the first one fails the input; a later one is rejected as a record). */
    public static final class MalformedRecord extends IllegalArgumentException
    {
        MalformedRecord(String message)
        {
            super(message);
        }
    }
}
