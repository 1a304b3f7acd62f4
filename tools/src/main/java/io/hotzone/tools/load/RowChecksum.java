package io.hotzone.tools.load;

import java.nio.ByteBuffer;

/**
 * A 64-bit FNV-1a hash of a row's serialized values, column by column (an unset column hashes apart from an empty
 * value). Summed per node, order does not matter: two loads of the same rows give the same sum whatever their
 * concurrency, so an import's per-node checksums can be compared with a later read of the table.
 */
final class RowChecksum
{
    private static final long OFFSET = 0xcbf29ce484222325L, PRIME = 0x100000001b3L;

    private RowChecksum()
    {
    }

    static long of(ByteBuffer[] values)
    {
        long h = OFFSET;
        for (ByteBuffer v : values)
        {
            if (v == null)
            {
                h = (h ^ 0xff) * PRIME;
                continue;
            }
            h = (h ^ 0xfe) * PRIME;
            for (int i = v.position(); i < v.limit(); i++)
                h = (h ^ (v.get(i) & 0xff)) * PRIME;
        }
        return h;
    }
}
