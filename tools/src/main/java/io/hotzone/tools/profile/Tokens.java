package io.hotzone.tools.profile;

import java.math.BigInteger;
import java.net.InetSocketAddress;

import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token;

/** Murmur3 ring arithmetic on the driver's token metadata: token values, a node's share of the ring. */
public final class Tokens
{
    private static final BigInteger RING = BigInteger.ONE.shiftLeft(64);

    private Tokens()
    {
    }

    static long value(Token token)
    {
        if (!(token instanceof Murmur3Token))
            throw new IllegalArgumentException("only the Murmur3Partitioner is supported, the cluster uses " + token.getClass().getSimpleName());
        return ((Murmur3Token) token).getValue();
    }

    /** The share of the ring whose data the node holds as a replica of the keyspace (all nodes together: the RF). */
    static double ownership(TokenMap ring, String keyspace, Node node)
    {
        BigInteger total = BigInteger.ZERO;
        for (TokenRange r : ring.getTokenRanges(keyspace, node))
            total = total.add(size(r));
        return total.doubleValue() / RING.doubleValue();
    }

    static BigInteger size(TokenRange r)
    {
        BigInteger start = BigInteger.valueOf(value(r.getStart())), end = BigInteger.valueOf(value(r.getEnd()));
        BigInteger d = end.subtract(start).mod(RING);
        return d.signum() == 0 ? RING : d;
    }

    public static String address(Node node)
    {
        return node.getBroadcastRpcAddress().map(InetSocketAddress::getAddress).map(a -> a.getHostAddress())
                   .orElse(node.getEndPoint().toString());
    }
}
