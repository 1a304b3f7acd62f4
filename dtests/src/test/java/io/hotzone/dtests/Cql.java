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

    public static List<Row> onNode(CqlSession session, String address, String query)
    {
        SimpleStatement statement = SimpleStatement.newInstance(query).setNode(driverNode(session, address)).setTimeout(Duration.ofSeconds(20));
        return session.execute(statement).all();
    }
}
