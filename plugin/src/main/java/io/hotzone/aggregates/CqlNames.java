package io.hotzone.aggregates;

import java.util.Locale;
import java.util.regex.Pattern;

/** Column names as CQL reads and prints them: unquoted names fold to lower case, quoted ones are exact. */
final class CqlNames
{
    /** One name as a regular expression: unquoted (a letter first) or double-quoted with "" for a quote. */
    static final String NAME = "(?:[A-Za-z][A-Za-z0-9_]*|\"(?:[^\"]|\"\")+\")";
    private static final Pattern PLAIN = Pattern.compile("[a-z][a-z0-9_]*");

    private CqlNames()
    {
    }

    /** The name a CQL identifier stands for. */
    static String parse(String identifier)
    {
        String s = identifier.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\""))
            return s.substring(1, s.length() - 1).replace("\"\"", "\"");
        if (!s.matches("[A-Za-z][A-Za-z0-9_]*"))
            throw new IllegalArgumentException("'" + s + "' is not a column name (quote names that are not lower-case letters, digits and _)");
        return s.toLowerCase(Locale.ROOT);
    }

    /** The name as CQL must be given it: quoted unless plain lower case. */
    static String quote(String name)
    {
        return PLAIN.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
