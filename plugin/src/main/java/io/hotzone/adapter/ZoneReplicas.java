package io.hotzone.adapter;

import java.util.Collections;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.db.Keyspace;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.locator.EndpointsForToken;
import org.apache.cassandra.locator.InetAddressAndPort;
import org.apache.cassandra.locator.TokenMetadata;
import org.apache.cassandra.service.StorageService;
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
        if (perDc <= 0)
            return Keyspace.open(Mirrors.KEYSPACE).getReplicationStrategy().getNaturalReplicasForToken(token).endpoints();
        TokenMetadata ring = StorageService.instance.getTokenMetadata();
        long version = ring.getRingVersion(); // before the replicas: a ring that moves in between is seen below
        EndpointsForToken natural = Keyspace.open(Mirrors.KEYSPACE).getReplicationStrategy().getNaturalReplicasForToken(token);
        // On every routed read and mirrored write: the zone's ranking of the ring is computed once per ring version,
        // each token's set read from it. A ring that moved meanwhile gets the direct computation.
        MirrorSet.Ranking<InetAddressAndPort> ranking = RANKINGS.get(new Key(zoneId, version), k -> ranking(zoneId, ring));
        if (ring.getRingVersion() != version)
            return MirrorSet.choose(zoneId, perDc, natural.endpointList(), ZoneReplicas::address, ZoneReplicas::dc);
        Set<InetAddressAndPort> members = natural.endpoints();
        return ranking.choose(perDc, members::contains);
    }

    /**
     * The token owners per DC as the replication strategy sees them (the ring's topology, updated with the ring version;
     * not the host-id map, which can lag behind the tokens).
     */
    private static MirrorSet.Ranking<InetAddressAndPort> ranking(String zoneId, TokenMetadata ring)
    {
        java.util.Map<InetAddressAndPort, String> dcOf = new java.util.HashMap<>();
        ring.getTopology().getDatacenterEndpoints().forEach((dc, endpoint) -> dcOf.put(endpoint, dc));
        return MirrorSet.ranking(zoneId, dcOf.keySet(), ZoneReplicas::address, dcOf::get);
    }

    private static String address(InetAddressAndPort a)
    {
        return a.getAddress().getHostAddress();
    }

    private static String dc(InetAddressAndPort a)
    {
        return DatabaseDescriptor.getEndpointSnitch().getDatacenter(a);
    }

    private static final Cache<Key, MirrorSet.Ranking<InetAddressAndPort>> RANKINGS = Caffeine.newBuilder().maximumSize(1_024).build();

    /** A zone and the ring version its ranking was computed at. */
    private static final class Key
    {
        final String zoneId;
        final long ringVersion;

        Key(String zoneId, long ringVersion)
        {
            this.zoneId = zoneId;
            this.ringVersion = ringVersion;
        }

        @Override
        public boolean equals(Object o)
        {
            return o instanceof Key && ((Key) o).ringVersion == ringVersion && ((Key) o).zoneId.equals(zoneId);
        }

        @Override
        public int hashCode()
        {
            return zoneId.hashCode() * 31 + Long.hashCode(ringVersion);
        }
    }

    static boolean isLocal(String zoneId, int perDc, Token token)
    {
        return of(zoneId, perDc, token).contains(FBUtilities.getBroadcastAddressAndPort());
    }
}
