package io.hotzone.capture;

import java.util.Objects;

/**
 * One observed access, handed from a request thread to the capture thread. Either one partition ({@code key}
 * set, its token in {@code token}) or a token range ({@code key} null, {@code token}..{@code endToken}
 * inclusive; {@code token > endToken} wraps around the ring).
 */
public final class Access
{
    private final TableRef table;
    private final byte[] key;
    private final long token;
    private final long endToken;
    private final boolean write;

    public Access(TableRef table, byte[] key, long token, long endToken, boolean write)
    {
        this.table = table;
        this.key = key;
        this.token = token;
        this.endToken = endToken;
        this.write = write;
    }

    public static Access partition(TableRef table, byte[] key, long token, boolean write)
    {
        return new Access(table, key, token, token, write);
    }

    public static Access range(TableRef table, long startToken, long endToken, boolean write)
    {
        return new Access(table, null, startToken, endToken, write);
    }

    public TableRef table()
    {
        return table;
    }

    public byte[] key()
    {
        return key;
    }

    public long token()
    {
        return token;
    }

    public long endToken()
    {
        return endToken;
    }

    public boolean write()
    {
        return write;
    }

    @Override
    public boolean equals(Object o)
    {
        if (this == o)
            return true;
        if (!(o instanceof Access))
            return false;
        Access that = (Access) o;
        return Objects.equals(table, that.table) && Objects.equals(key, that.key) && token == that.token
               && endToken == that.endToken && write == that.write;
    }

    @Override
    public int hashCode()
    {
        int h = Objects.hashCode(table);
        h = 31 * h + Objects.hashCode(key);
        h = 31 * h + Long.hashCode(token);
        h = 31 * h + Long.hashCode(endToken);
        h = 31 * h + Boolean.hashCode(write);
        return h;
    }

    @Override
    public String toString()
    {
        return "Access[table=" + table + ", key=" + key + ", token=" + token + ", endToken=" + endToken
               + ", write=" + write + "]";
    }
}
