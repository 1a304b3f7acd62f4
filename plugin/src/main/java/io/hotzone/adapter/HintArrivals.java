package io.hotzone.adapter;

import java.lang.reflect.Field;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.hints.HintMessage;
import org.apache.cassandra.net.Message;
import org.apache.cassandra.net.MessagingService;
import org.apache.cassandra.net.Verb;
import org.apache.cassandra.schema.TableId;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.schema.Schema;

import io.hotzone.capture.TableRef;

/**
 * Hints replayed to this node: a filter on Cassandra's inbound message sink that lets every message through and, for
 * each hint, reports the tables it writes, before Cassandra applies it. A replayed hint is a write that reached this
 * replica through no coordinator, so no trigger saw it; a mirror copied before it arrived lacks it.
 * Cassandra keeps the hint's mutation in package-private fields, read here by reflection; where they cannot be read
 * the table is reported as unknown (null).
 */
final class HintArrivals implements Predicate<Message<?>>
{
    private static final Field HINT = field(HintMessage.class, "hint");
    private static final Field MUTATION = field(org.apache.cassandra.hints.Hint.class, "mutation");

    private final Consumer<TableRef> onHint;

    private HintArrivals(Consumer<TableRef> onHint)
    {
        this.onHint = onHint;
    }

    static void install(Consumer<TableRef> onHint)
    {
        if (HINT == null || MUTATION == null)
            org.slf4j.LoggerFactory.getLogger(HintArrivals.class)
                   .warn("HotZone: cannot read the table of a replayed hint in this Cassandra version; every hint refreshes every zone");
        MessagingService.instance().inboundSink.add(new HintArrivals(onHint));
    }

    @Override
    public boolean test(Message<?> message)
    {
        if (message.verb() != Verb.HINT_REQ)
            return true;
        try
        {
            if (HINT == null || MUTATION == null || !(message.payload instanceof HintMessage))
            {
                onHint.accept(null);
                return true;
            }
            Object hint = HINT.get(message.payload);
            if (hint == null)
                return true; // a hint for a table this node does not have: Cassandra drops it
            for (TableId id : ((Mutation) MUTATION.get(hint)).getTableIds())
            {
                TableMetadata table = Schema.instance.getTableMetadata(id);
                if (table != null)
                    onHint.accept(new TableRef(table.keyspace, table.name));
            }
        }
        catch (Throwable t)
        {
            // never keep a message from Cassandra; a hint not understood refreshes every zone
            try
            {
                onHint.accept(null);
            }
            catch (Throwable ignored)
            {
                // nothing more to do on the messaging thread
            }
        }
        return true;
    }

    private static Field field(Class<?> type, String name)
    {
        try
        {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        }
        catch (ReflectiveOperationException | RuntimeException e)
        {
            return null;
        }
    }
}
