package io.hotzone.dtests.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.mockito.Mockito;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfig;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.loadbalancing.LoadBalancingPolicy;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.driver.internal.core.DefaultConsistencyLevelRegistry;
import com.datastax.oss.driver.internal.core.context.InternalDriverContext;
import com.datastax.oss.driver.internal.core.cql.DefaultColumnDefinition;
import com.datastax.oss.driver.internal.core.cql.DefaultColumnDefinitions;
import com.datastax.oss.driver.internal.core.cql.DefaultPreparedStatement;
import com.datastax.oss.driver.internal.core.loadbalancing.DefaultLoadBalancingPolicy;
import com.datastax.oss.driver.internal.core.metadata.MetadataManager;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3TokenFactory;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import com.datastax.oss.protocol.internal.response.result.ColumnSpec;
import com.datastax.oss.protocol.internal.response.result.RawType;

import io.hotzone.driver.HotZoneLoadBalancingPolicy;
import io.hotzone.driver.internal.PlanSnapshot;

/**
 * {@code newQueryPlan} of {@link HotZoneLoadBalancingPolicy} against {@link DefaultLoadBalancingPolicy}: 6 nodes in the
 * local DC, RF 3 for the table, 1 000 READY zones on the table loaded, real prepared and bound statements. Requests:
 * a read of a partition outside every zone (the common case), a read of a READY zone's partition (routed), and a
 * write. Only the driver context and metadata manager are Mockito stubs (stub-only, the same for both policies).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBenchmark
{
    private static final CqlIdentifier KS = CqlIdentifier.fromInternal("ks");
    private static final CqlIdentifier MIRROR = CqlIdentifier.fromInternal("hotzone_mirror");
    private static final Murmur3TokenFactory TOKENS = new Murmur3TokenFactory();

    @Param({ "1000" })
    public int zones;

    private DefaultLoadBalancingPolicy stock;
    private HotZoneLoadBalancingPolicy hotzone;
    private com.datastax.oss.driver.api.core.session.Session session;
    private BoundStatement coldRead, hotRead, write;

    @Setup(Level.Trial)
    public void setUp()
    {
        // Mockito mocks cost ~2 us per call: only what the constructors read is mocked; everything newQueryPlan
        // touches is a plain object (a proxy for the context, constructor-less subclasses for manager and session).
        DriverConfig config = Mockito.mock(DriverConfig.class, Mockito.withSettings().stubOnly());
        DriverExecutionProfile profile = Mockito.mock(DriverExecutionProfile.class, Mockito.withSettings().stubOnly());
        Mockito.when(config.getProfile(Mockito.anyString())).thenReturn(profile);
        Mockito.when(profile.getName()).thenReturn("default");
        Mockito.when(profile.isDefined(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER)).thenReturn(true);
        Mockito.when(profile.getString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER)).thenReturn("dc1");
        Mockito.when(profile.getBoolean(DefaultDriverOption.LOAD_BALANCING_POLICY_SLOW_AVOIDANCE, true)).thenReturn(true);
        Mockito.when(profile.isDefined(DefaultDriverOption.REQUEST_CONSISTENCY)).thenReturn(true);
        Mockito.when(profile.getString(DefaultDriverOption.REQUEST_CONSISTENCY)).thenReturn("LOCAL_ONE");
        org.objenesis.Objenesis objenesis = new org.objenesis.ObjenesisStd();
        FixedMetadataManager metadataManager = objenesis.newInstance(FixedMetadataManager.class);
        DefaultConsistencyLevelRegistry levels = new DefaultConsistencyLevelRegistry();
        InternalDriverContext context = (InternalDriverContext) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[]{ InternalDriverContext.class }, (proxy, method, args) -> {
                switch (method.getName())
                {
                    case "getMetadataManager": return metadataManager;
                    case "getSessionName": return "bench";
                    case "getConfig": return config;
                    case "getConsistencyLevelRegistry": return levels;
                    case "hashCode": return System.identityHashCode(proxy);
                    case "equals": return proxy == args[0];
                    case "toString": return "bench context";
                    default: return null;
                }
            });

        List<Node> nodes = new ArrayList<>();
        Map<UUID, Node> byId = new HashMap<>();
        for (int i = 1; i <= 6; i++)
        {
            Node node = new FakeNode(i);
            nodes.add(node);
            byId.put(UUID.randomUUID(), node);
        }
        FakeTokenMap tokenMap = new FakeTokenMap(nodes);
        Optional<TokenMap> maybeTokenMap = Optional.of(tokenMap);
        metadataManager.metadata = new Metadata()
        {
            @Override public Map<UUID, Node> getNodes() { return byId; }
            @Override public Map<CqlIdentifier, com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata> getKeyspaces() { return Map.of(); }
            @Override public Optional<TokenMap> getTokenMap() { return maybeTokenMap; }
        };
        // getInFlight is overridden in both policies (0 everywhere), so the session is never called on the hot path
        session = Mockito.mock(com.datastax.oss.driver.api.core.CqlSession.class, Mockito.withSettings().stubOnly());

        stock = new DefaultLoadBalancingPolicy(context, "default")
        {
            @Override
            protected int getInFlight(Node node, com.datastax.oss.driver.api.core.session.Session s)
            {
                return 0;
            }
        };
        List<PlanSnapshot.Zone> ready = new ArrayList<>();
        for (int z = 0; z < zones; z++)
            ready.add(new PlanSnapshot.Zone("z" + z, "ks", "t", new long[]{ token("hot" + z) }, List.of(ByteBuffer.wrap(("hot" + z).getBytes(StandardCharsets.UTF_8))), null, null));
        PlanSnapshot plan = PlanSnapshot.of(1, ready);
        hotzone = new HotZoneLoadBalancingPolicy(context, "default")
        {
            @Override
            protected PlanSnapshot planSnapshot()
            {
                return plan;
            }

            @Override
            protected void startPlanClient(com.datastax.oss.driver.api.core.session.Session s)
            {
            }

            @Override
            protected int getInFlight(Node node, com.datastax.oss.driver.api.core.session.Session s)
            {
                return 0;
            }
        };
        LoadBalancingPolicy.DistanceReporter reporter = (node, distance) -> { };
        stock.init(byId, reporter);
        hotzone.init(byId, reporter);

        PreparedStatement select = prepared("SELECT v FROM ks.t WHERE k = ?");
        PreparedStatement insert = prepared("INSERT INTO ks.t (k, v) VALUES (?, 'x')");
        coldRead = select.bind("cold-key").setConsistencyLevel(DefaultConsistencyLevel.ONE);
        hotRead = select.bind("hot17").setConsistencyLevel(DefaultConsistencyLevel.ONE);
        write = insert.bind("hot17").setConsistencyLevel(DefaultConsistencyLevel.ONE);
    }

    private static long token(String key)
    {
        return ((com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token) TOKENS.hash(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))).getValue();
    }

    private static PreparedStatement prepared(String query)
    {
        ColumnDefinition k = new DefaultColumnDefinition(new ColumnSpec("ks", "t", "k", 0, RawType.PRIMITIVES.get(ProtocolConstants.DataType.VARCHAR)), null);
        return new DefaultPreparedStatement(ByteBuffer.wrap(query.getBytes(StandardCharsets.UTF_8)), query, DefaultColumnDefinitions.valueOf(List.of(k)),
                                            List.of(0), null, DefaultColumnDefinitions.valueOf(List.of()), KS, Map.of(), null, null, null, null, null,
                                            Map.of(), null, null, null, 5000, DefaultConsistencyLevel.LOCAL_ONE, DefaultConsistencyLevel.LOCAL_SERIAL,
                                            false, CodecRegistry.DEFAULT, DefaultProtocolVersion.V4);
    }

    @Benchmark
    public Node stockColdRead()
    {
        return stock.newQueryPlan(coldRead, session).poll();
    }

    @Benchmark
    public Node hotzoneColdRead()
    {
        return hotzone.newQueryPlan(coldRead, session).poll();
    }

    @Benchmark
    public Node stockHotRead()
    {
        return stock.newQueryPlan(hotRead, session).poll();
    }

    @Benchmark
    public Node hotzoneHotRead()
    {
        return hotzone.newQueryPlan(hotRead, session).poll();
    }

    @Benchmark
    public Node stockWrite()
    {
        return stock.newQueryPlan(write, session).poll();
    }

    @Benchmark
    public Node hotzoneWrite()
    {
        return hotzone.newQueryPlan(write, session).poll();
    }

    /** getMetadata() is all newQueryPlan uses; instantiated without its constructor. */
    public static class FixedMetadataManager extends MetadataManager
    {
        Metadata metadata;

        public FixedMetadataManager()
        {
            super(null);
        }

        @Override
        public Metadata getMetadata()
        {
            return metadata;
        }

        @Override
        public Set<com.datastax.oss.driver.internal.core.metadata.DefaultNode> getContactPoints()
        {
            return Set.of();
        }
    }

    /** A plain node (a Mockito mock would intercept hashCode and equals, which the plans call often). */
    private static final class FakeNode implements Node
    {
        private final com.datastax.oss.driver.api.core.metadata.EndPoint endPoint;
        private final UUID id = UUID.randomUUID();

        FakeNode(int i)
        {
            endPoint = new com.datastax.oss.driver.internal.core.metadata.DefaultEndPoint(new java.net.InetSocketAddress("127.0.0." + i, 9042));
        }

        @Override public com.datastax.oss.driver.api.core.metadata.EndPoint getEndPoint() { return endPoint; }
        @Override public Optional<java.net.InetSocketAddress> getBroadcastRpcAddress() { return Optional.empty(); }
        @Override public Optional<java.net.InetSocketAddress> getBroadcastAddress() { return Optional.empty(); }
        @Override public Optional<java.net.InetSocketAddress> getListenAddress() { return Optional.empty(); }
        @Override public String getDatacenter() { return "dc1"; }
        @Override public String getRack() { return "r1"; }
        @Override public com.datastax.oss.driver.api.core.Version getCassandraVersion() { return null; }
        @Override public Map<String, Object> getExtras() { return Map.of(); }
        @Override public com.datastax.oss.driver.api.core.metadata.NodeState getState() { return com.datastax.oss.driver.api.core.metadata.NodeState.UP; }
        @Override public long getUpSinceMillis() { return 0; }
        @Override public int getOpenConnections() { return 1; }
        @Override public boolean isReconnecting() { return false; }
        @Override public com.datastax.oss.driver.api.core.loadbalancing.NodeDistance getDistance() { return com.datastax.oss.driver.api.core.loadbalancing.NodeDistance.LOCAL; }
        @Override public UUID getHostId() { return id; }
        @Override public UUID getSchemaVersion() { return null; }
        @Override public String toString() { return endPoint.toString(); }
    }

    /** A token map over six nodes: RF 3 for the table (three consecutive nodes by token), every node for the mirror keyspace. */
    private static final class FakeTokenMap implements TokenMap
    {
        private final List<Node> nodes;
        private final Set<Node> all;

        FakeTokenMap(List<Node> nodes)
        {
            this.nodes = nodes;
            this.all = Set.copyOf(nodes);
        }

        private Set<Node> replicas(CqlIdentifier keyspace, Token token)
        {
            if (keyspace.equals(MIRROR))
                return all;
            int first = (int) Math.floorMod(((com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token) token).getValue(), (long) nodes.size());
            return Set.of(nodes.get(first), nodes.get((first + 1) % nodes.size()), nodes.get((first + 2) % nodes.size()));
        }

        @Override
        public Token parse(String tokenString)
        {
            return TOKENS.parse(tokenString);
        }

        @Override
        public String format(Token token)
        {
            return TOKENS.format(token);
        }

        @Override
        public Token newToken(ByteBuffer... partitionKey)
        {
            return TOKENS.hash(partitionKey[0]);
        }

        @Override
        public com.datastax.oss.driver.api.core.metadata.token.TokenRange newTokenRange(Token start, Token end)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<com.datastax.oss.driver.api.core.metadata.token.TokenRange> getTokenRanges()
        {
            return Set.of();
        }

        @Override
        public Set<com.datastax.oss.driver.api.core.metadata.token.TokenRange> getTokenRanges(Node node)
        {
            return Set.of();
        }

        @Override
        public Set<com.datastax.oss.driver.api.core.metadata.token.TokenRange> getTokenRanges(CqlIdentifier keyspace, Node replica)
        {
            return Set.of();
        }

        @Override
        public Set<Node> getReplicas(CqlIdentifier keyspace, ByteBuffer partitionKey)
        {
            return replicas(keyspace, TOKENS.hash(partitionKey));
        }

        @Override
        public Set<Node> getReplicas(CqlIdentifier keyspace, Token token)
        {
            return replicas(keyspace, token);
        }

        @Override
        public String getPartitionerName()
        {
            return "org.apache.cassandra.dht.Murmur3Partitioner";
        }

    }
}
