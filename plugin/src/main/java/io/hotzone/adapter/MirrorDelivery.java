package io.hotzone.adapter;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.exceptions.RequestFailureReason;
import org.apache.cassandra.gms.FailureDetector;
import org.apache.cassandra.locator.InetAddressAndPort;
import org.apache.cassandra.net.Message;
import org.apache.cassandra.net.MessagingService;
import org.apache.cassandra.net.NoPayload;
import org.apache.cassandra.net.RequestCallback;
import org.apache.cassandra.net.Verb;
import org.apache.cassandra.utils.FBUtilities;

/**
 * One mutation sent to a set of mirror replicas, each acknowledging it on its own: a direct {@code MUTATION_REQ} to
 * every remote replica the failure detector sees alive, applied in place for this node. Unlike a write through
 * StorageProxy at some consistency level, it tells exactly which replicas have the mutation; those that did not answer
 * in time or failed are the stragglers, to be fenced. Never hinted: a fenced replica is copied again instead.
 */
final class MirrorDelivery implements RequestCallback<NoPayload>
{
    private final Set<InetAddressAndPort> waiting = ConcurrentHashMap.newKeySet();
    private final Set<InetAddressAndPort> failed = ConcurrentHashMap.newKeySet();
    private final CountDownLatch done;

    private MirrorDelivery(int replicas)
    {
        done = new CountDownLatch(replicas);
    }

    /** Sends (or applies) the mutation to every one of {@code replicas} and returns at once. */
    static MirrorDelivery send(Mutation mutation, Collection<InetAddressAndPort> replicas)
    {
        MirrorDelivery delivery = new MirrorDelivery(replicas.size());
        InetAddressAndPort me = FBUtilities.getBroadcastAddressAndPort();
        Message<Mutation> message = null;
        boolean local = false;
        for (InetAddressAndPort replica : replicas)
        {
            if (replica.equals(me))
            {
                local = true;
                continue;
            }
            delivery.waiting.add(replica);
            if (!FailureDetector.instance.isAlive(replica))
            {
                delivery.fail(replica);
                continue;
            }
            if (message == null)
                message = Message.out(Verb.MUTATION_REQ, mutation);
            MessagingService.instance().sendWithCallback(message, replica, delivery);
        }
        if (local)
        {
            delivery.waiting.add(me);
            try
            {
                mutation.apply();
                delivery.acknowledged(me);
            }
            catch (RuntimeException e)
            {
                delivery.fail(me); // the mirror table went away here (zone ending): this node is a straggler like any other
            }
        }
        return delivery;
    }

    @Override
    public void onResponse(Message<NoPayload> response)
    {
        acknowledged(response.from());
    }

    @Override
    public void onFailure(InetAddressAndPort from, RequestFailureReason reason)
    {
        fail(from);
    }

    @Override
    public boolean invokeOnFailure()
    {
        return true;
    }

    private void acknowledged(InetAddressAndPort from)
    {
        if (waiting.remove(from))
            done.countDown();
    }

    private void fail(InetAddressAndPort from)
    {
        if (waiting.remove(from))
        {
            failed.add(from);
            done.countDown();
        }
    }

    /** Waits until every replica answered or the time is up; true when every replica answered (ack or failure). */
    boolean await(long nanos)
    {
        try
        {
            return done.await(nanos, TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean complete()
    {
        return done.getCount() == 0;
    }

    /** Replicas that failed or have not answered yet. */
    Set<InetAddressAndPort> stragglers()
    {
        Set<InetAddressAndPort> out = new HashSet<>(failed);
        out.addAll(waiting);
        return out;
    }
}
