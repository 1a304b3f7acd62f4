package io.hotzone.adapter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.rows.UnfilteredRowIterator;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.locator.InetAddressAndPort;
import org.apache.cassandra.locator.Replica;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.StorageService;

import io.hotzone.server.Mirrors;

/**
 * A copy pass as mutations: each partition in pages under max_mutation_size, sent to every mirror replica of its token,
 * many in flight at once (up to {@link #WINDOW_BYTES}), each replica acknowledging each mutation. Used when this node
 * is not a mirror replica of everything it copies (else {@link CopyStream} is faster).
 */
final class CopyPush implements CopySink
{
    /** Mutation bytes in flight before the oldest is waited for: enough to keep every replica busy, bounded in memory. */
    static final long WINDOW_BYTES = 16L << 20;

    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final Set<InetAddressAndPort> missed = new LinkedHashSet<>();
    private final long timeoutNanos = DatabaseDescriptor.getWriteRpcTimeout(TimeUnit.NANOSECONDS);
    private long inFlightBytes;

    private static final class InFlight
    {
        final MirrorDelivery delivery;
        final long bytes;
        final long sentNanos;

        InFlight(MirrorDelivery delivery, long bytes, long sentNanos)
        {
            this.delivery = delivery;
            this.bytes = bytes;
            this.sentNanos = sentNanos;
        }
    }

    private final long pageBytes;
    private final MirrorCopy copy;

    private final int perDc;
    private final String zoneId;

    /**
     * @param perDc     the zone's mirror replicas per data center (0: all)
     * @param pageBytes row data per mutation (under max_mutation_size)
     */
    CopyPush(TableMetadata mirror, int perDc, long pageBytes)
    {
        this.copy = new MirrorCopy(mirror);
        this.perDc = perDc;
        this.zoneId = mirror.name; // a zone's mirror table is named by its id
        this.pageBytes = pageBytes;
    }

    @Override
    public long send(UnfilteredRowIterator partition, Token token)
    {
        long[] bytes = { 0 };
        copy.inPages(partition, pageBytes, update -> {
            long size = update.dataSize();
            send(new Mutation(update), token, size);
            bytes[0] += size;
        });
        return bytes[0];
    }

    private void send(Mutation mutation, Token token, long bytes)
    {
        while (inFlightBytes + bytes > WINDOW_BYTES && !inFlight.isEmpty())
            settle(inFlight.removeFirst());
        Set<InetAddressAndPort> replicas = new LinkedHashSet<>(ZoneReplicas.of(zoneId, perDc, token));
        for (Replica r : StorageService.instance.getTokenMetadata().pendingEndpointsForToken(token, Mirrors.KEYSPACE))
            replicas.add(r.endpoint());
        inFlight.addLast(new InFlight(MirrorDelivery.send(mutation, List.copyOf(replicas)), bytes, System.nanoTime()));
        inFlightBytes += bytes;
    }

    @Override
    public Set<String> finish()
    {
        while (!inFlight.isEmpty())
            settle(inFlight.removeFirst());
        Set<String> out = new LinkedHashSet<>();
        missed.forEach(a -> out.add(a.getAddress().getHostAddress()));
        return out;
    }

    @Override
    public long streamMillis()
    {
        return 0;
    }

    @Override
    public void abort()
    {
        finish(); // mutations already sent cannot be called back; they are exact copies, harmless
    }

    private void settle(InFlight f)
    {
        f.delivery.await(Math.max(0, f.sentNanos + timeoutNanos - System.nanoTime()));
        missed.addAll(f.delivery.stragglers());
        inFlightBytes -= f.bytes;
    }
}
