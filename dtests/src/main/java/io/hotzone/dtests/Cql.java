package io.hotzone.dtests;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;

/** CQL helpers for dtests: run a statement on one chosen node (virtual tables are per node). */
public final class Cql
{
    private Cql()
    {
    }

    public static Node driverNode(CqlSession session, String address)
    {
        return session.getMetadata().getNodes().values().stream()
                      .filter(n -> n.getEndPoint().resolve() instanceof InetSocketAddress
                                   && ((InetSocketAddress) n.getEndPoint().resolve()).getAddress().getHostAddress().equals(address))
                      .findFirst()
                      .orElseThrow(() -> new IllegalStateException("driver does not know node " + address));
    }

    /** Waits until the session has a connection to the node again (after a restart, the driver reconnects on its own schedule). */
    public static void awaitConnected(CqlSession session, String address, Duration limit) throws InterruptedException
    {
        long deadline = System.nanoTime() + limit.toNanos();
        while (driverNode(session, address).getOpenConnections() == 0)
        {
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("the driver has no connection to " + address + " within " + limit.toSeconds() + " s");
            Thread.sleep(100);
        }
    }

    public static List<Row> onNode(CqlSession session, String address, String query)
    {
        return onNode(session, address, SimpleStatement.newInstance(query));
    }

    /** As {@link #onNode(CqlSession, String, String)}, keeping the statement's values and consistency level. */
    public static List<Row> onNode(CqlSession session, String address, SimpleStatement statement)
    {
        return session.execute(statement.setNode(driverNode(session, address)).setTimeout(Duration.ofSeconds(20))).all();
    }
}
