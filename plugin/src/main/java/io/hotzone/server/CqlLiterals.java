package io.hotzone.server;

import java.util.ArrayList;
import java.util.List;

/** Splitting lists of CQL literals, aware of quotes ({@code 'it''s'}) and nesting ({@code (1, 'a,b')}). */
public final class CqlLiterals
{
    private CqlLiterals()
    {
    }

    /** Splits on {@code separator} where it is outside quotes and brackets; parts are trimmed. */
    public static List<String> split(String text, char separator)
    {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < text.length(); i++)
        {
            char c = text.charAt(i);
            if (c == '\'')
                quoted = !quoted; // a doubled quote toggles twice: still inside
            else if (!quoted && (c == '(' || c == '[' || c == '{'))
                depth++;
            else if (!quoted && (c == ')' || c == ']' || c == '}'))
                depth--;
            if (c == separator && !quoted && depth == 0)
            {
                parts.add(current.toString().trim());
                current.setLength(0);
            }
            else
                current.append(c);
        }
        if (quoted)
            throw new IllegalArgumentException("unterminated quote in " + text);
        if (depth != 0)
            throw new IllegalArgumentException("unbalanced brackets in " + text);
        parts.add(current.toString().trim());
        return parts;
    }

    /** The text with every quoted string ({@code 'it''s'}) left out: what is code rather than data in a term. */
    public static String outsideQuotes(String text)
    {
        StringBuilder out = new StringBuilder(text.length());
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++)
        {
            char c = text.charAt(i);
            if (c == '\'')
                quoted = !quoted;
            else if (!quoted)
                out.append(c);
        }
        return out.toString();
    }

    /** The components of a composite key literal {@code (a, b, ...)}. */
    public static List<String> tupleComponents(String literal)
    {
        String t = literal.trim();
        if (!t.startsWith("(") || !t.endsWith(")"))
            throw new IllegalArgumentException("a composite partition key is written (value1, value2, ...), got " + literal);
        return split(t.substring(1, t.length() - 1), ',');
    }
}
