package io.hotzone.driver.internal;

import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;

import com.datastax.oss.driver.api.core.metadata.Node;

/**
 * A query plan that returns the pre-warmed replicas first, then the stock plan without them. Like the driver's own
 * plans it is consumed once, by {@link #poll()}, possibly from several threads (speculative executions).
 */
public final class HotQueryPlan extends AbstractQueue<Node>
{
    private final Object[] head;
    private final Queue<Node> stock;
    private int next; // guarded by this
    private Node lookahead; // taken from the stock plan by peek(), guarded by this

    public HotQueryPlan(Object[] head, Queue<Node> stock)
    {
        this.head = head;
        this.stock = stock;
    }

    @Override
    public synchronized Node poll()
    {
        if (next < head.length)
            return (Node) head[next++];
        if (lookahead != null)
        {
            Node n = lookahead;
            lookahead = null;
            return n;
        }
        return nextFromStock();
    }

    @Override
    public synchronized Node peek()
    {
        if (next < head.length)
            return (Node) head[next];
        if (lookahead == null)
            lookahead = nextFromStock();
        return lookahead;
    }

    private Node nextFromStock()
    {
        for (Node n = stock.poll(); n != null; n = stock.poll())
            if (!inHead(n))
                return n;
        return null;
    }

    private boolean inHead(Node n)
    {
        for (Object h : head)
            if (h == n)
                return true;
        return false;
    }

    /** Query plans are only consumed, like the driver's own ({@code QueryPlan.offer} throws too). */
    @Override
    public boolean offer(Node node)
    {
        throw new UnsupportedOperationException("query plans are read-only");
    }

    /** The nodes not yet returned, in order; drains the stock plan into a list, so only for diagnostics. */
    @Override
    public synchronized Iterator<Node> iterator()
    {
        List<Node> rest = new ArrayList<>();
        for (int i = next; i < head.length; i++)
            rest.add((Node) head[i]);
        if (lookahead != null)
            rest.add(lookahead);
        for (Node n : stock)
            if (!inHead(n))
                rest.add(n);
        return rest.iterator();
    }

    @Override
    public synchronized int size()
    {
        int count = head.length - next + (lookahead == null ? 0 : 1);
        for (Node n : stock)
            if (!inHead(n))
                count++;
        return count;
    }
}
