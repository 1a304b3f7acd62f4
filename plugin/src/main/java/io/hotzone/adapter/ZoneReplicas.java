package io.hotzone.adapter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.db.Keyspace;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.locator.InetAddressAndPort;
import org.apache.cassandra.locator.Replica;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.utils.FBUtilities;

import io.hotzone.mirror.MirrorSet;
import io.hotzone.server.Mirrors;

/**
 * A zone's mirror replicas of a token as this node's ring says: the mirror keyspace's natural replicas, narrowed to the
 * zone's {@link MirrorSet} when the zone is sized ({@code perDc} > 0). A function of the token owners and the mirror
 * keyspace's replication only, both part of {@link CassandraMirrors#placement()}: when either moves, routing stops
 * until the view is rebuilt, so a node never serves a zone by a set its writers did not use.
 */
final class ZoneReplicas
{
    private ZoneReplicas()
    {
    }

    static Set<InetAddressAndPort> of(String zoneId, int perDc, Token token)
    {
        if (Schema.instance.getKeyspaceMetadata(Mirrors.KEYSPACE) == null)
            return Collections.emptySet();
        List<InetAddressAndPort> natural = new ArrayList<>();
        for (Replica r : Keyspace.open(Mirrors.KEYSPACE).getReplicationStrategy().getNaturalReplicasForToken(token))
            natural.add(r.endpoint());
        if (perDc <= 0)
            return new java.util.LinkedHashSet<>(natural);
        // on every routed read and mirrored write: ranking a whole DC each time would cost more than the read
        return CHOSEN.get(new Key(zoneId, perDc, natural), k -> MirrorSet.choose(zoneId, perDc, natural, a -> a.getAddress().getHostAddress(),
                                                                                 a -> DatabaseDescriptor.getEndpointSnitch().getDatacenter(a)));
    }

    private static final Cache<Key, Set<InetAddressAndPort>> CHOSEN = Caffeine.newBuilder().maximumSize(4_096).build();

    /** A zone, its count and the token's mirror replicas (in the strategy's order): what the set depends on. */
    private static final class Key
    {
        final String zoneId;
        final int perDc;
        final List<InetAddressAndPort> candidates;
        final int hash;

        Key(String zoneId, int perDc, List<InetAddressAndPort> candidates)
        {
            this.zoneId = zoneId;
            this.perDc = perDc;
            this.candidates = candidates;
            this.hash = (zoneId.hashCode() * 31 + perDc) * 31 + candidates.hashCode();
        }

        @Override
        public boolean equals(Object o)
        {
            if (!(o instanceof Key))
                return false;
            Key k = (Key) o;
            return hash == k.hash && perDc == k.perDc && zoneId.equals(k.zoneId) && candidates.equals(k.candidates);
        }

        @Override
        public int hashCode()
        {
            return hash;
        }
    }

    static boolean isLocal(String zoneId, int perDc, Token token)
    {
        return of(zoneId, perDc, token).contains(FBUtilities.getBroadcastAddressAndPort());
    }
}
