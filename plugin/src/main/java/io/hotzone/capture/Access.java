package io.hotzone.capture;

/**
 * One observed access, handed from a request thread to the capture thread. Either one partition ({@code key}
 * set, its token in {@code token}) or a token range ({@code key} null, {@code token}..{@code endToken}
 * inclusive; {@code token > endToken} wraps around the ring).
 */
public record Access(TableRef table, byte[] key, long token, long endToken, boolean write)
{
    public static Access partition(TableRef table, byte[] key, long token, boolean write)
    {
        return new Access(table, key, token, token, write);
    }

    public static Access range(TableRef table, long startToken, long endToken, boolean write)
    {
        return new Access(table, null, startToken, endToken, write);
    }
}
