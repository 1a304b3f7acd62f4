package io.hotzone.dtests;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import com.datastax.oss.driver.api.core.ProtocolVersion;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.ClusterSpec;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.PluginJmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Token moves on a real single-token ring (3 nodes, RF 2): a write-hot range inside one node's primary range is
 * planned from the recorded accesses and split by Cassandra's own move, with QUORUM writes running throughout; every
 * row read at ALL is the last acknowledged write, after the moves and after a revert; a move never starts with a node
 * down; automatic moves ahead of a forecast write burst, merged back after it; a node killed mid-move.
 */
@Order(6)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MovesDTest
{
    // The partition forecast is off (this class forecasts ranges only); a 2 s cooldown lets the forecast move nodes that
    // the manual test moved a minute before.
    private static final String YAML = "bucket: 1s\ncycle: 2s\nhistory:\n  step: 2s\nforecast:\n  enabled: false\n  lease_ttl: 6s\n  step: 2s\n"
                                       + "  horizon_steps: 15\n  history: 10m\n"
                                       + "moves:\n  poll: 1s\n  lock_ttl: 10s\n  window: 1m\n  daily_budget: 20\n  cooldown: 2s\n";
    private static final int KEYS = 3000;

    private static LocalCluster cluster;
    private static CqlSession session;
    /** A session with HotZone's policy, which re-reads the node list every second (the stock driver ignores moves). */
    private static CqlSession policySession;
    private static PreparedStatement write;
    /** The value of every key's last acknowledged write. */
    private static final Map<Integer, String> acked = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception
    {
        // No dynamic snitch: a ONE read coordinated by a replica then reads that replica (GossipingPropertyFileSnitch puts
        // the local node first), so each replica's own copy can be read.
        ClusterSpec spec = ClusterSpec.of("hz-moves", 3).withFirstAddress(81).withNumTokens(1).withHotzoneYamlOnAll(YAML)
                                      .withCassandraYaml("dynamic_snitch: false").withRingDelayMs(ClusterSpec.MOVES_RING_DELAY_MS);
        cluster = LocalCluster.create(spec, SharedCluster.workDir(), Artifacts.fromSystemProperties());
        cluster.startWithPluginActive();
        session = cluster.session();
        policySession = cluster.session(LocalCluster.sessionConfig()
                                                    .withClass(com.datastax.oss.driver.api.core.config.DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS,
                                                               io.hotzone.driver.HotZoneLoadBalancingPolicy.class)
                                                    .withDuration(io.hotzone.driver.HotZoneOption.TOKEN_REFRESH_INTERVAL, Duration.ofSeconds(1))
                                                    .build());
        policySession.execute("SELECT release_version FROM system.local"); // the policy starts its refreshes with the first request
        session.execute("CREATE KEYSPACE shard WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
        // No read repair and no speculation: a read never fixes a replica the moves left short, so the check below sees it.
        session.execute("CREATE TABLE shard.kv (k int PRIMARY KEY, v text) WITH read_repair = 'NONE' AND speculative_retry = 'NEVER'");
        write = session.prepare(SimpleStatement.newInstance("INSERT INTO shard.kv (k, v) VALUES (?, ?)").setConsistencyLevel(DefaultConsistencyLevel.QUORUM));
        for (int k = 0; k < KEYS; k++)
            put(k, "v0-" + k);
    }

    @AfterAll
    static void stop()
    {
        if (policySession != null)
            policySession.close();
        if (session != null)
            session.close();
        if (cluster != null)
            cluster.close();
    }

    private static void put(int k, String v)
    {
        session.execute(write.bind(k, v));
        acked.put(k, v);
    }

    @Test
    @Order(1)
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aWriteHotRangeIsSplitByMovesWhileQuorumWritesGoOnAndNothingIsLost() throws Exception
    {
        Map<String, Long> before = tokens();
        assertThat(before).hasSize(3);
        // The hot keys: those in the first half of one node's primary range (every write lands on its two replicas).
        String owner = before.keySet().iterator().next();
        List<Integer> hot = keysInFirstHalfOfPrimary(owner, before);
        assertThat(hot).hasSizeGreaterThan(100);
        long end = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        for (int round = 0; System.nanoTime() < end; round++)
            for (int k : hot.subList(0, 100))
                put(k, "hot" + round + "-" + k);
        Thread.sleep(3000); // the last history step is written

        List<String> plan = PluginJmx.call(cluster.node(1), hz -> hz.movePlan());
        List<String> moves = plan.stream().filter(l -> l.startsWith("move\t")).toList();
        assertThat(moves).as("plan: %s", plan).isNotEmpty();
        double maxBefore = plan.stream().filter(l -> l.startsWith("load\t")).mapToDouble(l -> Double.parseDouble(l.split("\t")[2])).max().orElseThrow();
        double maxAfter = plan.stream().filter(l -> l.startsWith("load\t")).mapToDouble(l -> Double.parseDouble(l.split("\t")[3])).max().orElseThrow();
        assertThat(maxAfter).as("the busiest node's predicted load").isLessThan(maxBefore * 0.9);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            for (int i = 0; !stop.get(); i++)
            {
                int k = i % KEYS;
                put(k, "during-" + i);
                written.incrementAndGet();
            }
        }, "quorum-writer");
        writer.start();
        List<String> ids;
        try
        {
            ids = PluginJmx.call(cluster.node(2), hz -> hz.moveApply("dtest: hot write range"));
            assertThat(ids).hasSize(moves.size());
            awaitDone(ids);
        }
        finally
        {
            stop.set(true);
            writer.join(30_000);
        }
        assertThat(written.get()).as("QUORUM writes made while the tokens moved").isGreaterThan(100);
        for (String m : moves) // each moved node's own token, as the ring sees it once gossip has caught up
        {
            String[] f = m.split("\t");
            awaitToken(f[1], Long.parseLong(f[3]), moves);
        }
        assertThat(tokens()).isNotEqualTo(before);
        String last = moves.get(moves.size() - 1).split("\t")[1];
        // Token-aware routing: the policy's session follows the moves; the stock driver's token map stays on the old ring.
        String[] lastMove = moves.get(moves.size() - 1).split("\t");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (driverToken(policySession, lastMove[1]) != Long.parseLong(lastMove[3]))
        {
            assertThat(System.nanoTime()).as("the policy's token map shows %s on %s", lastMove[1], lastMove[3]).isLessThan(deadline);
            Thread.sleep(250);
        }
        assertThat(driverToken(session, lastMove[1])).as("the stock driver ignores MOVED_NODE").isEqualTo(before.get(lastMove[1]));
        assertEveryRowIsTheLastAckedWrite();

        // Revert the last move: the node goes back, and still nothing is lost.
        String lastId = ids.get(ids.size() - 1);
        String revert = PluginJmx.call(cluster.node(3), hz -> hz.moveRevert(lastId));
        awaitDone(List.of(revert));
        awaitToken(last, Long.parseLong(moves.get(moves.size() - 1).split("\t")[2]), List.of());
        assertEveryRowIsTheLastAckedWrite();
        List<String> listed = PluginJmx.call(cluster.node(1), hz -> hz.moves());
        for (String l : listed)
        {
            String[] f = l.split("\t", -1);
            System.out.printf("MovesDTest move %s of %s: %s, %.1f s, %d bytes streamed, %d QUORUM writes during the moves%n", f[0], f[1], f[4],
                              java.time.Duration.between(java.time.Instant.parse(f[6]), java.time.Instant.parse(f[7])).toMillis() / 1000.0, Long.parseLong(f[8]),
                              written.get());
        }
        assertThat(listed).anyMatch(l -> l.startsWith(revert + "\t") && l.endsWith("\t" + lastId));
        assertThat(listed.stream().filter(l -> l.split("\t")[4].equals("DONE"))).hasSize(ids.size() + 1);
        assertThat(listed.stream().mapToLong(l -> Long.parseLong(l.split("\t")[8])).sum()).as("bytes streamed by the moves").isPositive();
    }

    @Test
    @Order(2)
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aMoveNeverStartsWithANodeDown() throws Exception
    {
        Map<String, Long> ring = tokens();
        String mover = cluster.node(1).address();
        long target = ring.get(mover) + 1_000_000L;
        cluster.node(3).stop();
        try
        {
            awaitDownSeenBy(1, cluster.node(3).address());
            List<String> listed = PluginJmx.call(cluster.node(1), hz -> hz.moves());
            int before = listed.size();
            assertThatThrownBy(() -> PluginJmx.call(cluster.node(1), hz -> hz.moveRequest(mover, Long.toString(target), "dtest")))
                .hasMessageContaining(cluster.node(3).address() + " is DOWN");
            List<String> after = PluginJmx.call(cluster.node(1), hz -> hz.moves());
            assertThat(after).as("nothing recorded").hasSize(before);
            assertThat(tokens(1).get(mover)).isEqualTo(ring.get(mover));
        }
        finally
        {
            cluster.node(3).start();
            cluster.node(3).waitForCql(Duration.ofSeconds(90));
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aRangeForecastWriteHotIsSplitByAutomaticMovesBeforeItsEventAndMergedBackAfterIt() throws Exception
    {
        cluster.awaitSettled(Duration.ofSeconds(90)); // the node the test before restarted
        PluginJmx.awaitActive(cluster, Duration.ofSeconds(60));
        Map<String, Long> before = tokens();
        String owner = before.keySet().iterator().next();
        List<Long> sorted = new ArrayList<>(before.values());
        sorted.sort(Long::compare);
        long own = before.get(owner), prev = sorted.get(Math.floorMod(sorted.indexOf(own) - 1, sorted.size()));
        long mid = prev + ((own - prev) >>> 1);
        // An announced write burst on the first half of one node's primary range, starting in 25 s (the forecast horizon is
        // 30 s), for 6 s. The moves are requested within a cycle or two and take about 3 s each here.
        java.time.Instant start = java.time.Instant.now().plusSeconds(25).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), end = start.plusSeconds(6);
        String csv = "id,name,start,end,table,keys,token_range,multiplier,source\n"
                     + String.join(",", "burst", "write burst", start.toString(), end.toString(), "shard.kv", "", (prev + 1) + ".." + mid, "40", "dtest") + "\n";
        PluginJmx.call(cluster.node(1), hz -> hz.addEvents("csv", false, csv));

        List<String> ranges = awaitRanges(l -> l[1].equals("WRITES") && l[9].equals("MOVE"), "a write-hot range with a move chosen");
        String[] writes = ranges.stream().map(l -> l.split("\t", -1)).filter(l -> l[1].equals("WRITES")).findFirst().orElseThrow();
        assertThat(writes[3]).isEqualTo("event");
        assertThat(writes[12]).startsWith("write-hot: a token move streams");
        assertThat(ranges).as("the burst is forecast for reads too, and a range mirror chosen for them")
                          .anyMatch(l -> l.split("\t", -1)[1].equals("READS") && l.split("\t", -1)[9].equals("BOOST"));

        List<String> earlier = PluginJmx.call(cluster.node(1), hz -> hz.moves());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        // About 100 writes a second over every key: under one write per sub-range and step, so no range of its own turns hot
        Thread writer = new Thread(() -> {
            for (int i = 0; !stop.get(); i++)
            {
                put(i % KEYS, "auto-" + i);
                written.incrementAndGet();
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
        }, "quorum-writer");
        for (io.hotzone.dtests.cluster.Node n : cluster.nodes())
            PluginJmx.call(n, hz -> { hz.setAutoMove(true); return null; });
        writer.start();
        try
        {
            // the leader requests the moves the forecast calls for, and they are done before the burst starts
            List<String[]> forecastMoves = awaitMoves(earlier, f -> f[9].startsWith("forecast: writes of shard.kv hot in"), 0, Duration.ofSeconds(20));
            assertThat(forecastMoves).isNotEmpty();
            for (String[] f : forecastMoves)
            {
                System.out.printf("MovesDTest forecast move %s of %s: requested %s, done %s; the burst starts %s%n", f[0], f[1], f[5], f[7], start);
                assertThat(java.time.Instant.parse(f[7])).as("move %s done before the burst at %s", f[0], start).isBefore(start);
            }
            assertThat(tokens()).isNotEqualTo(before);
            // once the burst is over, every one of them is reverted: the ring is back where it was
            List<String[]> reverts = awaitMoves(earlier, f -> f[9].startsWith("merge back"), forecastMoves.size(), Duration.ofSeconds(90));
            assertThat(reverts.stream().map(f -> f[12])).containsExactlyInAnyOrderElementsOf(forecastMoves.stream().map(f -> f[0]).toList());
            assertThat(java.time.Instant.parse(reverts.stream().map(f -> f[5]).min(String::compareTo).orElseThrow())).as("merged back after the burst").isAfter(end);
            stop.set(true);
            writer.join(30_000);
            assertThat(written.get()).as("QUORUM writes made while the tokens moved and moved back").isGreaterThan(100);
            for (String node : before.keySet())
                awaitToken(node, before.get(node), List.of());
            assertEveryRowIsTheLastAckedWrite();
        }
        finally
        {
            stop.set(true);
            writer.join(30_000);
            for (io.hotzone.dtests.cluster.Node n : cluster.nodes())
                PluginJmx.call(n, hz -> { hz.setAutoMove(false); return null; });
        }
    }

    @Test
    @Order(4)
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aNodeKilledMidMoveKeepsItsTokenAndItsMoveFailedBlocksEveryLaterMoveUntilCleared() throws Exception
    {
        cluster.awaitSettled(Duration.ofSeconds(90));
        Map<String, Long> before = tokens();
        io.hotzone.dtests.cluster.Node mover = cluster.node(2);
        List<Long> sorted = new ArrayList<>(before.values());
        sorted.sort(Long::compare);
        long own = before.get(mover.address()), prev = sorted.get(Math.floorMod(sorted.indexOf(own) - 1, sorted.size()));
        long target = own - ((own - prev) >>> 2); // a quarter of its range back: between its neighbours
        String id;
        try (javax.management.remote.JMXConnector jmx = mover.jmx())
        {
            javax.management.MBeanServerConnection c = jmx.getMBeanServerConnection();
            javax.management.ObjectName ss = new javax.management.ObjectName("org.apache.cassandra.db:type=StorageService");
            id = PluginJmx.call(cluster.node(1), hz -> hz.moveRequest(mover.address(), Long.toString(target), "dtest: killed mid-move"));
            // Cassandra announces the move, then waits its ring delay (2 s here) before it streams: kill -9 in that wait.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!"MOVING".equals(c.getAttribute(ss, "OperationMode")))
            {
                assertThat(System.nanoTime()).as("%s MOVING within 20 s", mover).isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        mover.kill();
        awaitDownSeenBy(1, mover.address()); // until then, reads that need it time out
        assertThat(state(id)).as("recorded while its node is dead").isEqualTo("RUNNING");
        mover.start();
        mover.waitForCql(Duration.ofSeconds(90));
        cluster.awaitSettled(Duration.ofSeconds(90));
        PluginJmx.awaitActive(cluster, Duration.ofSeconds(60));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!state(id).equals("FAILED"))
        {
            assertThat(System.nanoTime()).as("move %s FAILED once its node is back: %s", id, state(id)).isLessThan(deadline);
            Thread.sleep(250);
        }
        assertThat(tokens()).as("the killed node kept its token: Cassandra saves the new one only after streaming").isEqualTo(before);
        assertEveryRowIsTheLastAckedWrite();
        // the lock lapsed (the node was away longer than moves.lock_ttl); the failure alone holds every later move back
        String other = cluster.node(3).address();
        long otherOwn = before.get(other), otherPrev = sorted.get(Math.floorMod(sorted.indexOf(otherOwn) - 1, sorted.size()));
        long otherTarget = otherOwn - ((otherOwn - otherPrev) >>> 2);
        assertThatThrownBy(() -> PluginJmx.call(cluster.node(1), hz -> hz.moveRequest(other, Long.toString(otherTarget), "dtest")))
            .hasMessageContaining("move " + id + " of " + mover.address() + " failed");
        PluginJmx.call(cluster.node(3), hz -> { hz.moveClear(id); return null; });
        String next = PluginJmx.call(cluster.node(1), hz -> hz.moveRequest(other, Long.toString(otherTarget), "dtest: after the clear"));
        awaitDone(List.of(next));
        awaitToken(other, otherTarget, List.of());
    }

    private static String state(String id) throws Exception
    {
        return PluginJmx.call(cluster.node(1), hz -> hz.moves()).stream().map(l -> l.split("\t", -1)).filter(f -> f[0].equals(id)).findFirst()
                        .orElseThrow()[4];
    }

    /** The range forecast of shard.kv (tab-separated fields) once one of its lines matches, as node 1 makes it. */
    private static List<String> awaitRanges(java.util.function.Predicate<String[]> wanted, String what) throws Exception
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true)
        {
            List<String> lines = PluginJmx.call(cluster.node(1), hz -> hz.rangeForecast("shard.kv"));
            if (lines.stream().map(l -> l.split("\t", -1)).anyMatch(wanted))
                return lines;
            assertThat(System.nanoTime()).as("%s within 20 s: %s", what, lines).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** The moves not in {@code earlier} that match, once there are {@code count} of them (any number, when 0) and all are DONE. */
    private static List<String[]> awaitMoves(List<String> earlier, java.util.function.Predicate<String[]> which, int count, Duration within)
        throws Exception
    {
        java.util.Set<String> old = new java.util.HashSet<>();
        earlier.forEach(l -> old.add(l.split("\t", -1)[0]));
        long deadline = System.nanoTime() + within.toNanos();
        while (true)
        {
            List<String> lines = PluginJmx.call(cluster.node(1), hz -> hz.moves());
            List<String[]> found = lines.stream().map(l -> l.split("\t", -1)).filter(f -> !old.contains(f[0])).filter(which).toList();
            if (!found.isEmpty() && (count == 0 || found.size() == count) && found.stream().allMatch(f -> f[4].equals("DONE")))
                return found;
            found.forEach(f -> assertThat(f[4]).as("move %s: %s", f[0], String.join(" ", f)).isIn("PLANNED", "RUNNING", "DONE"));
            assertThat(System.nanoTime()).as("moves DONE within %d s: %s", within.toSeconds(), lines).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** Every node's token as the first node sees it. */
    private static Map<String, Long> tokens() throws Exception
    {
        return tokens(1);
    }

    private static Map<String, Long> tokens(int via) throws Exception
    {
        Map<String, Long> out = new TreeMap<>();
        for (Row r : Cql.onNode(session, cluster.node(via).address(), "SELECT tokens FROM system.local"))
            out.put(cluster.node(via).address(), Long.parseLong(r.getSet("tokens", String.class).iterator().next()));
        for (Row r : Cql.onNode(session, cluster.node(via).address(), "SELECT peer, tokens FROM system.peers"))
            out.put(r.getInetAddress("peer").getHostAddress(), Long.parseLong(r.getSet("tokens", String.class).iterator().next()));
        return out;
    }

    /** Waits until the first node's view of the ring puts {@code node} on {@code token} (a later move of the same node aside). */
    private static void awaitToken(String node, long token, List<String> moves) throws Exception
    {
        long lastOfNode = token;
        for (String m : moves)
            if (m.split("\t")[1].equals(node))
                lastOfNode = Long.parseLong(m.split("\t")[3]);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true)
        {
            Long seen = tokens().get(node);
            if (seen != null && (seen == token || seen == lastOfNode))
                return;
            assertThat(System.nanoTime()).as("%s on token %d (seen %s)", node, token, seen).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** The token the session's token map gives the node (single-token ring: the end of its one range). */
    private static long driverToken(CqlSession s, String address)
    {
        com.datastax.oss.driver.api.core.metadata.TokenMap map = s.getMetadata().getTokenMap().orElseThrow();
        com.datastax.oss.driver.api.core.metadata.Node node = Cql.driverNode(s, address);
        return ((com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token) map.getTokenRanges(node).iterator().next().getEnd()).getValue();
    }

    private static List<Integer> keysInFirstHalfOfPrimary(String owner, Map<String, Long> ring)
    {
        List<Long> sorted = new ArrayList<>(ring.values());
        sorted.sort(Long::compare);
        long own = ring.get(owner);
        int i = sorted.indexOf(own);
        long prev = sorted.get(Math.floorMod(i - 1, sorted.size()));
        long mid = prev + ((own - prev) >>> 1); // clockwise midpoint, wrapping as a long does
        List<Integer> keys = new ArrayList<>();
        for (int k = 0; k < KEYS; k++)
        {
            long t = token(k);
            if (t - prev != 0 && Long.compareUnsigned(t - prev, mid - prev) <= 0)
                keys.add(k);
        }
        return keys;
    }

    private static long token(int k)
    {
        ByteBuffer key = TypeCodecs.INT.encode(k, ProtocolVersion.DEFAULT);
        Token t = session.getMetadata().getTokenMap().orElseThrow().newToken(key);
        return ((com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token) t).getValue();
    }

    private static void awaitDone(List<String> ids) throws Exception
    {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true)
        {
            List<String> lines = PluginJmx.call(cluster.node(1), hz -> hz.moves());
            boolean all = true;
            for (String id : ids)
            {
                String line = lines.stream().filter(l -> l.startsWith(id + "\t")).findFirst().orElseThrow();
                String state = line.split("\t")[4];
                assertThat(state).as("move %s: %s", id, line).isIn("PLANNED", "RUNNING", "DONE");
                all &= state.equals("DONE");
            }
            if (all)
                return;
            assertThat(System.nanoTime()).as("moves %s DONE within 3 minutes: %s", ids, lines).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    @SuppressWarnings("unchecked")
    private static void awaitDownSeenBy(int via, String address) throws Exception
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true)
        {
            List<String> unreachable;
            try (javax.management.remote.JMXConnector jmx = cluster.node(via).jmx())
            {
                unreachable = (List<String>) jmx.getMBeanServerConnection().getAttribute(new javax.management.ObjectName("org.apache.cassandra.db:type=StorageService"),
                                                                                        "UnreachableNodes");
            }
            if (unreachable.stream().anyMatch(u -> u.contains(address)))
                return;
            assertThat(System.nanoTime()).as("%s seen DOWN by node %d", address, via).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /**
     * Every key, read at ONE from each of its two replicas in the ring as it is now (each replica's own copy, read repair
     * off), is the last acknowledged write; and the table holds every key.
     */
    private static void assertEveryRowIsTheLastAckedWrite() throws Exception
    {
        Map<String, Long> ring = tokens();
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(ring.entrySet());
        sorted.sort(Map.Entry.comparingByValue());
        for (String node : ring.keySet()) // a node restarted by the test: the driver reconnects on its own schedule
            Cql.awaitConnected(session, node, Duration.ofSeconds(60));
        PreparedStatement read = session.prepare("SELECT v FROM shard.kv WHERE k = ?");
        int checked = 0;
        for (int k = 0; k < KEYS; k++)
        {
            long t = token(k);
            int owner = 0;
            while (owner < sorted.size() && sorted.get(owner).getValue() < t)
                owner++;
            for (int r = 0; r < 2; r++)
            {
                String replica = sorted.get((owner + r) % sorted.size()).getKey();
                Row row = session.execute(read.bind(k).setConsistencyLevel(DefaultConsistencyLevel.ONE).setNode(Cql.driverNode(session, replica))).one();
                assertThat(row == null ? null : row.getString("v")).as("key %d on its replica %s (ring %s)", k, replica, ring).isEqualTo(acked.get(k));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2 * KEYS);
        long count = session.execute(SimpleStatement.newInstance("SELECT count(*) FROM shard.kv").setConsistencyLevel(DefaultConsistencyLevel.ALL)).one().getLong(0);
        assertThat(count).isEqualTo(KEYS);
    }
}
