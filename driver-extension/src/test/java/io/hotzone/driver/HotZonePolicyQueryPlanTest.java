package io.hotzone.driver;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;

import org.junit.Before;
import org.junit.Test;
import org.mockito.Mock;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.internal.core.loadbalancing.DefaultLoadBalancingPolicy;
import com.datastax.oss.driver.internal.core.loadbalancing.LoadBalancingPolicyTestBase;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token;
import com.datastax.oss.driver.internal.core.session.DefaultSession;

import io.hotzone.driver.internal.PlanSnapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.lenient;

/**
 * Built on the driver's own load-balancing fixture ({@code LoadBalancingPolicyTestBase} from java-driver-core's test
 * jar: five mocked nodes in dc1, a mocked context and profile). Shuffles are switched off in both policies, so plans
 * are comparable element by element.
 */
public class HotZonePolicyQueryPlanTest extends LoadBalancingPolicyTestBase
{
    private static final CqlIdentifier KS = CqlIdentifier.fromInternal("ks");
    private static final CqlIdentifier MIRROR = CqlIdentifier.fromInternal("hotzone_mirror");
    private static final ByteBuffer KEY = ByteBuffer.wrap(new byte[]{ 1, 2, 3 });
    private static final Murmur3Token TOKEN = new Murmur3Token(42);

    @Mock private DefaultSession session;
    @Mock private Metadata metadata;
    @Mock private TokenMap tokenMap;

    private PlanSnapshot plan = PlanSnapshot.EMPTY;
    private HotZoneLoadBalancingPolicy policy;
    private DefaultLoadBalancingPolicy stock;

    @Before
    public void createPolicies()
    {
        lenient().when(metadataManager.getMetadata()).thenReturn(metadata);
        lenient().when(metadata.getTokenMap()).thenAnswer(i -> Optional.of(tokenMap));
        lenient().when(tokenMap.newToken(any(ByteBuffer.class))).thenReturn(TOKEN);
        lenient().when(tokenMap.getReplicas(eq(KS), any(ByteBuffer.class))).thenReturn(Set.of(node1, node2));
        lenient().when(tokenMap.getReplicas(eq(KS), any(com.datastax.oss.driver.api.core.metadata.token.Token.class))).thenReturn(Set.of(node1, node2));
        lenient().when(tokenMap.getReplicas(eq(MIRROR), any(com.datastax.oss.driver.api.core.metadata.token.Token.class))).thenReturn(Set.of(node3, node4, node5));
        lenient().when(session.getPools()).thenReturn(Map.of());
        policy = new HotZoneLoadBalancingPolicy(context, "default")
        {
            @Override
            protected void shuffleHead(Object[] nodes, int length)
            {
            }

            @Override
            protected void shufflePreWarmed(Object[] nodes)
            {
                java.util.Arrays.sort(nodes, (a, b) -> a.toString().compareTo(b.toString()));
            }

            @Override
            protected PlanSnapshot planSnapshot()
            {
                return plan;
            }
        };
        stock = new DefaultLoadBalancingPolicy(context, "default")
        {
            @Override
            protected void shuffleHead(Object[] nodes, int length)
            {
            }
        };
        Map<UUID, Node> nodes = Map.of(UUID.randomUUID(), node1, UUID.randomUUID(), node2, UUID.randomUUID(), node3, UUID.randomUUID(), node4,
                                       UUID.randomUUID(), node5);
        policy.init(nodes, distanceReporter);
        stock.init(nodes, distanceReporter);
    }

    @Test
    public void withoutAReadyZoneEveryPlanIsTheStockPolicysPlan()
    {
        List<Request> requests = List.of(select(DefaultConsistencyLevel.ONE), select(DefaultConsistencyLevel.QUORUM), write(),
                                         SimpleStatement.newInstance("SELECT v FROM ks.t WHERE k = 1").setRoutingKeyspace(KS).setRoutingKey(KEY));
        for (PlanSnapshot p : List.of(PlanSnapshot.EMPTY, zoneOn("other_table"), zoneOn("t", 7L)))
        {
            plan = p;
            for (Request r : requests)
                for (int round = 0; round < 3; round++)
                    assertThat(nodes(policy.newQueryPlan(r, session))).as("%s with plan %s", r, p.size()).isEqualTo(nodes(stock.newQueryPlan(r, session)));
            assertThat(nodes(policy.newQueryPlan(null, session))).isEqualTo(nodes(stock.newQueryPlan(null, session)));
        }
    }

    @Test
    public void aReadOfAReadyZoneGoesToItsPreWarmedReplicasFirstThenTheStockPlan()
    {
        plan = zoneOn("t", 42L);
        policy = spyStockShare(0);
        List<Node> routed = nodes(policy.newQueryPlan(select(DefaultConsistencyLevel.LOCAL_ONE), session));
        List<Node> base = nodes(stock.newQueryPlan(select(DefaultConsistencyLevel.LOCAL_ONE), session));
        assertThat(routed.subList(0, 3)).containsExactlyInAnyOrder(node3, node4, node5);
        assertThat(routed.subList(3, 5)).containsExactlyInAnyOrder(node1, node2);
        assertThat(base.subList(0, 2)).containsExactlyInAnyOrder(node1, node2);
        // QUORUM reads and writes of the same partition are never rerouted
        assertThat(nodes(policy.newQueryPlan(select(DefaultConsistencyLevel.QUORUM), session)).subList(0, 2)).containsExactlyInAnyOrder(node1, node2);
        assertThat(nodes(policy.newQueryPlan(write(), session)).subList(0, 2)).containsExactlyInAnyOrder(node1, node2);
    }

    @Test
    public void aSizedZonesReadGoesOnlyToTheMirrorReplicasOfItsSetAndToTheStockPlanWhenTheSetCannotBeKnown()
    {
        Node[] mirrors = { node3, node4, node5 };
        for (int i = 0; i < mirrors.length; i++)
            lenient().when(mirrors[i].getBroadcastAddress()).thenReturn(Optional.of(new java.net.InetSocketAddress("127.0.0." + (i + 3), 7000)));
        Node highest = node3;
        for (Node n : mirrors)
            if (io.hotzone.driver.internal.MirrorSet.rank("z1", n.getBroadcastAddress().get().getAddress().getHostAddress())
                > io.hotzone.driver.internal.MirrorSet.rank("z1", highest.getBroadcastAddress().get().getAddress().getHostAddress()))
                highest = n;
        plan = sizedZone(1);
        policy = spyStockShare(0);
        List<Node> routed = nodes(policy.newQueryPlan(select(DefaultConsistencyLevel.LOCAL_ONE), session));
        assertThat(routed.get(0)).as("the zone's one mirror replica, the highest ranked").isEqualTo(highest);
        assertThat(routed.subList(1, 3)).as("then the stock plan").containsExactlyInAnyOrder(node1, node2);
        plan = sizedZone(2);
        routed = nodes(policy.newQueryPlan(select(DefaultConsistencyLevel.LOCAL_ONE), session));
        assertThat(routed.subList(0, 2)).contains(highest).doesNotContain(node1, node2);
        assertThat(routed.subList(2, 4)).containsExactlyInAnyOrder(node1, node2);
        // a mirror replica whose broadcast address the driver does not know: the set cannot be ranked, stock plan
        // (a count not asked for before: a set once ranked is remembered)
        plan = sizedZone(3);
        lenient().when(node5.getBroadcastAddress()).thenReturn(Optional.empty());
        assertThat(nodes(policy.newQueryPlan(select(DefaultConsistencyLevel.LOCAL_ONE), session)).subList(0, 2)).containsExactlyInAnyOrder(node1, node2);
    }

    private static PlanSnapshot sizedZone(int mirrorReplicas)
    {
        return PlanSnapshot.of(3, List.of(new PlanSnapshot.Zone("z1", "ks", "t", new long[]{ 42L }, List.of(), null, null, mirrorReplicas)));
    }

    @Test
    public void theAbShareKeepsAboutTheConfiguredFractionOnTheStockPlanDeterministically()
    {
        int stockArm = 0, n = 20_000;
        for (int i = 0; i < n; i++)
        {
            Request r = SimpleStatement.newInstance("SELECT " + i);
            boolean first = policy.keepsStockPlan(r);
            assertThat(policy.keepsStockPlan(r)).isEqualTo(first);
            if (first)
                stockArm++;
        }
        assertThat(stockArm / (double) n).isBetween(0.085, 0.115);
    }

    private HotZoneLoadBalancingPolicy spyStockShare(double share)
    {
        lenient().when(defaultProfile.isDefined(HotZoneOption.STOCK_SHARE)).thenReturn(true);
        lenient().when(defaultProfile.getDouble(HotZoneOption.STOCK_SHARE)).thenReturn(share);
        HotZoneLoadBalancingPolicy p = new HotZoneLoadBalancingPolicy(context, "default")
        {
            @Override
            protected void shuffleHead(Object[] nodes, int length)
            {
            }

            @Override
            protected PlanSnapshot planSnapshot()
            {
                return plan;
            }
        };
        p.init(Map.of(UUID.randomUUID(), node1, UUID.randomUUID(), node2, UUID.randomUUID(), node3, UUID.randomUUID(), node4,
                      UUID.randomUUID(), node5), distanceReporter);
        return p;
    }

    private static PlanSnapshot zoneOn(String table, long... tokens)
    {
        return PlanSnapshot.of(3, List.of(new PlanSnapshot.Zone("z1", "ks", table, tokens.length == 0 ? new long[]{ 1 } : tokens, List.of(), null, null)));
    }

    private static BoundStatement select(DefaultConsistencyLevel level)
    {
        return bound("SELECT v FROM ks.t WHERE k = ?", level);
    }

    private static BoundStatement write()
    {
        return bound("INSERT INTO ks.t (k, v) VALUES (?, ?)", DefaultConsistencyLevel.ONE);
    }

    private static BoundStatement bound(String query, DefaultConsistencyLevel level)
    {
        PreparedStatement prepared = mock(PreparedStatement.class);
        lenient().when(prepared.getId()).thenReturn(ByteBuffer.wrap(query.getBytes()));
        lenient().when(prepared.getQuery()).thenReturn(query);
        ColumnDefinition k = mock(ColumnDefinition.class);
        lenient().when(k.getKeyspace()).thenReturn(KS);
        lenient().when(k.getTable()).thenReturn(CqlIdentifier.fromInternal("t"));
        ColumnDefinitions variables = mock(ColumnDefinitions.class);
        lenient().when(variables.size()).thenReturn(1);
        lenient().when(variables.get(0)).thenReturn(k);
        lenient().when(prepared.getVariableDefinitions()).thenReturn(variables);
        BoundStatement bound = mock(BoundStatement.class);
        lenient().when(bound.getPreparedStatement()).thenReturn(prepared);
        lenient().when(bound.getConsistencyLevel()).thenReturn(level);
        lenient().when(bound.getRoutingKeyspace()).thenReturn(KS);
        lenient().when(bound.getRoutingKey()).thenReturn(KEY);
        return bound;
    }

    private static List<Node> nodes(Queue<Node> plan)
    {
        List<Node> out = new ArrayList<>();
        for (Node n = plan.poll(); n != null; n = plan.poll())
            out.add(n);
        return out;
    }
}
