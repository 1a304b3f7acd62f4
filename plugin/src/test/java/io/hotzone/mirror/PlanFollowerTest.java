package io.hotzone.mirror;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.plan.Fence;
import io.hotzone.plan.FenceStore;
import io.hotzone.plan.PlanStore;
import io.hotzone.plan.Zone;
import io.hotzone.plan.ZoneState;
import io.hotzone.server.Mirrors;
import io.hotzone.server.Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The follower's renewal against a leader that changes the plan between the renewal's reads (the plan and fence tables
 * are stubbed at the CQL level; everything else is the real follower, stores, fencer and directory).
 */
class PlanFollowerTest
{
    private static final TableRef T = new TableRef("app", "items");
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final String ME = "127.0.0.1";
    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    /** The hotzone.plan and hotzone.fences partitions as the nodes read them; writes are accepted and dropped. */
    private static final class Tables
    {
        long version;
        Map<String, Object> zone;
        List<Fence> fences = new ArrayList<>();
        int reads;
        /** Runs once, after the given number of reads (the leader acting between two of a renewal's reads). */
        int leaderAfterRead = -1;
        Runnable leader = () -> {};

        List<Map<String, Object>> execute(String cql)
        {
            if (!cql.startsWith("SELECT"))
                return List.of();
            List<Map<String, Object>> out = new ArrayList<>();
            if (cql.contains("fence_id"))
                for (Fence f : fences)
                {
                    Map<String, Object> r = new HashMap<>();
                    r.put("zone_id", f.zoneId());
                    r.put("copy_round", f.round());
                    r.put("node", f.node());
                    r.put("fence_id", f.id());
                    r.put("reason", f.reason());
                    r.put("fenced_by", "127.0.0.9");
                    out.add(r);
                }
            else if (cql.startsWith("SELECT version FROM"))
                out.add(Map.of("version", version));
            else if (cql.startsWith("SELECT version,"))
            {
                Map<String, Object> r = new HashMap<>(zone);
                r.put("version", version);
                out.add(r);
            }
            if (++reads == leaderAfterRead)
                leader.run();
            return out;
        }
    }

    private static Map<String, Object> zoneRow(ZoneState state, int round, int readyRound)
    {
        Map<String, Object> r = new HashMap<>();
        r.put("zone_id", "z1");
        r.put("keyspace_name", T.keyspace());
        r.put("table_name", T.table());
        r.put("table_id", ID);
        r.put("keys", List.of("'a'"));
        r.put("starts_at", Date.from(NOW));
        r.put("ends_at", Date.from(NOW.plusSeconds(3600)));
        r.put("confidence", 1.0);
        r.put("origin", Zone.MANUAL);
        r.put("reason", "manual");
        r.put("state", state.name());
        r.put("copy_round", round);
        r.put("ready_round", readyRound);
        r.put("dry_run", false);
        r.put("note", "");
        r.put("updated_at", Date.from(NOW));
        return r;
    }

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, java.util.function.BiFunction<String, Object[], Object> calls)
    {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{ type }, (proxy, method, args) -> {
            Object answer = calls.apply(method.getName(), args);
            if (answer != null)
                return answer;
            Class<?> r = method.getReturnType();
            if (r == boolean.class)
                return false;
            if (r == int.class || r == long.class)
                return r == int.class ? (Object) 0 : (Object) 0L;
            if (r == List.class)
                return List.of();
            return null;
        });
    }

    private static ByteBuffer key(String k)
    {
        return ByteBuffer.wrap(k.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFenceDeletedWithThePlanChangeThatMadeItObsoleteNeverLeavesAViewWithNeither()
    {
        // The truncate case: a table fence blocks zone z1 (READY, round 2); the leader then commits z1 DRAINING and
        // deletes the fence, between the two reads of one renewal. Whatever the renewal reads first, its view must not
        // show z1 READY without the fence: the follower reads the fences first.
        Tables tables = new Tables();
        tables.version = 1;
        tables.zone = zoneRow(ZoneState.READY, 2, 2);
        Fence tableFence = new Fence(Fence.tableZoneId(T, ID), -1, Fence.EVERY_NODE, UUID.randomUUID(), "truncate of the source table", "127.0.0.9");
        tables.fences.add(tableFence);
        Server server = stub(Server.class, (name, args) -> name.equals("execute") ? tables.execute((String) args[0])
                                                          : name.equals("localAddress") ? ME : null);
        Mirrors mirrors = stub(Mirrors.class, (name, args) -> name.equals("placement") ? "ring-1"
                                                            : name.equals("writeTimeout") ? Duration.ofSeconds(2) : null);
        long[] clock = { 1_000_000_000L };
        ZoneDirectory directory = new ZoneDirectory(ME, Duration.ofSeconds(1), () -> clock[0], () -> "ring-1");
        Fencer fencer = new Fencer(new FenceStore(server), directory, Runnable::run, (m, e) -> { throw new AssertionError(m, e); });
        List<String> errors = new ArrayList<>();
        java.util.concurrent.ExecutorService copier = java.util.concurrent.Executors.newSingleThreadExecutor();
        try
        {
            follows(tables, tableFence, directory, errors, new PlanFollower(new PlanStore(server, ME), new FenceStore(server), mirrors, directory, fencer,
                                                                (t, literal) -> literal.replace("'", "").getBytes(StandardCharsets.UTF_8),
                                                                copier, (m, e) -> errors.add(m + ": " + e)));
        }
        finally
        {
            copier.shutdownNow();
        }
    }

    private static void follows(Tables tables, Fence tableFence, ZoneDirectory directory, List<String> errors, PlanFollower follower)
    {

        follower.poll(); // the first view: blocked by the fence (and by the node's own start-up block of round 2)
        assertThat(directory.readyFor(T, ID, key("a"), 0)).isNull();
        tables.version = 2;
        tables.zone = zoneRow(ZoneState.READY, 3, 3); // a newer complete round: the start-up block no longer applies
        follower.poll();
        assertThat(directory.view().plan().version()).isEqualTo(2);
        assertThat(directory.readyFor(T, ID, key("a"), 0)).as("the table fence still blocks").isNull();

        tables.leaderAfterRead = tables.reads + 1;
        tables.leader = () -> {
            tables.version = 3;
            tables.zone = zoneRow(ZoneState.DRAINING, 3, 3);
            tables.fences.remove(tableFence);
        };
        follower.poll();
        assertThat(tables.reads).as("the leader acted between the renewal's reads").isGreaterThan(tables.leaderAfterRead);
        assertThat(directory.readyFor(T, ID, key("a"), 0)).as("a view with the plan from before the change and the fences from after it").isNull();
        follower.poll();
        assertThat(directory.view().plan().version()).isEqualTo(3);
        assertThat(directory.readyFor(T, ID, key("a"), 0)).isNull();

        tables.version = 4; // control: a READY zone without fences is served by such a view
        tables.zone = zoneRow(ZoneState.READY, 4, 4);
        follower.poll();
        assertThat(directory.readyFor(T, ID, key("a"), 0)).isNotNull();
        assertThat(errors).isEmpty();
    }
}
