package io.hotzone.plan;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;
import io.hotzone.config.BoostSettings;
import io.hotzone.server.Server;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader's pass over a zone that grows (plan and progress tables stubbed at the CQL level; the real PlanDriver and
 * stores): the larger set serves only once every live node mirrors by it, and a node that never says so cannot hold it
 * back for ever. Also which reports count as from a node that places sized zones, and a zone that never arms.
 */
class PlanDriverGrowthTest
{
    private static final TableRef T = new TableRef("app", "items");
    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
    private final FakeMirrors mirrors = new FakeMirrors().with(T);

    {
        mirrors.live = Set.of("n1", "n2", "n3");
        mirrors.sources = Set.of("n1");
    }

    /** READY on 1 mirror replica per DC (round 1), growing to 3 (round 2). */
    private Zone growing(String note, Instant updated)
    {
        Zone ready = new Zone("z000000000001", T, mirrors.tableId(T), List.of("'a'"), null, NOW.minusSeconds(600), NOW.plusSeconds(3600), 0.9, Zone.FORECAST,
                              "seasonal", ZoneState.READY, 1, 1, false, "", NOW.minusSeconds(300), 1);
        Zone grown = ready.grownTo(3, "grown", NOW.minusSeconds(60));
        return new Zone(grown.id(), T, grown.tableId(), grown.keys(), null, grown.start(), grown.end(), grown.confidence(), grown.origin(), grown.reason(),
                        grown.state(), grown.round(), grown.readyRound(), false, note, updated, grown.mirrorReplicas(), grown.readyMirrorReplicas());
    }

    private static Map<String, Object> progress(String node, int round, String phase)
    {
        Map<String, Object> r = new HashMap<>();
        r.put("node", node);
        r.put("copy_round", round);
        r.put("phase", phase);
        r.put("partitions", 1L);
        r.put("bytes", 10L);
        r.put("mirror_sets", true);
        r.put("ws", 5L);
        r.put("wp", 5L);
        return r;
    }

    private List<Zone> pass(Zone zone, List<Map<String, Object>> reports, Instant now)
    {
        Map<String, Object> row = new HashMap<>();
        row.put("version", 4L);
        row.put("zone_id", zone.id());
        row.put("keyspace_name", T.keyspace());
        row.put("table_name", T.table());
        row.put("table_id", zone.tableId());
        row.put("keys", zone.keys());
        row.put("starts_at", Date.from(zone.start()));
        row.put("ends_at", Date.from(zone.end()));
        row.put("confidence", zone.confidence());
        row.put("origin", zone.origin());
        row.put("reason", zone.reason());
        row.put("state", zone.state().name());
        row.put("copy_round", zone.round());
        row.put("ready_round", zone.readyRound());
        row.put("dry_run", false);
        row.put("note", zone.note());
        row.put("updated_at", Date.from(zone.updated()));
        row.put("mirror_replicas", zone.mirrorReplicas());
        row.put("ready_mirror_replicas", zone.readyMirrorReplicas());
        Server server = (Server) Proxy.newProxyInstance(Server.class.getClassLoader(), new Class<?>[]{ Server.class }, (proxy, method, args) -> {
            if (!method.getName().equals("execute"))
                return method.getReturnType() == boolean.class ? false : null;
            String cql = (String) args[0];
            if (cql.startsWith("SELECT version, zone_id"))
                return List.of(row);
            if (cql.startsWith("SELECT node, copy_round"))
                return reports;
            if (cql.startsWith("BEGIN BATCH"))
                return List.of(Map.of("[applied]", true));
            return List.of();
        });
        PlanDriver driver = new PlanDriver(new PlanStore(server, "n1"), new FenceStore(server), mirrors, BoostSettings.defaults(), (t, k) -> 42L,
                                           (what, e) -> { throw new AssertionError(what, e); });
        return driver.drive(now);
    }

    @Test
    void aGrownRoundServesOnlyOnceEveryLiveNodeMirrorsByIt()
    {
        Zone zone = growing("copying round 2", NOW.minusSeconds(60));
        // the source replica n1 has not copied round 2 yet
        assertThat(pass(zone, List.of(progress("n1", 2, "MIRRORING"), progress("n2", 2, "MIRRORING"), progress("n3", 2, "MIRRORING")), NOW)).isEmpty();
        // n3 still reports round 1: it may mirror by the smaller set
        List<Map<String, Object>> reports = new ArrayList<>(List.of(progress("n1", 2, "COPIED"), progress("n2", 2, "MIRRORING"), progress("n3", 1, "MIRRORING")));
        List<Zone> out = pass(zone, reports, NOW);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).readyRound()).as("still the old round").isEqualTo(1);
        assertThat(out.get(0).servingMirrorReplicas()).isEqualTo(1);
        assertThat(out.get(0).note()).contains("waiting for node(s) [n3]");

        reports.set(2, progress("n3", 2, "MIRRORING"));
        Zone done = pass(zone, reports, NOW).get(0);
        assertThat(done.readyRound()).isEqualTo(2);
        assertThat(done.servingMirrorReplicas()).isEqualTo(3);

        // silent for longer than four plan polls (20 s): its view has expired, so it mirrors to every replica anyway
        Zone waiting = growing(out.get(0).note(), NOW.minusSeconds(60));
        reports.set(2, progress("n3", 1, "MIRRORING"));
        assertThat(pass(waiting, reports, NOW).get(0).readyRound()).isEqualTo(2);
        assertThat(pass(growing(out.get(0).note(), NOW.minusSeconds(5)), reports, NOW)).as("not before").isEmpty();
    }

    @Test
    void aReportWithoutAFreshMirrorSetsFlagIsFromAnOlderNodeAndDrainsTheSizedZone()
    {
        Zone zone = growing("copying round 2", NOW.minusSeconds(60));
        Map<String, Object> rolledBack = progress("n3", 2, "MIRRORING");
        rolledBack.put("ws", 4L); // the flag from before, the phase from the older version
        List<Zone> out = pass(zone, List.of(progress("n1", 2, "COPIED"), progress("n2", 2, "MIRRORING"), rolledBack), NOW);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).state()).isEqualTo(ZoneState.DRAINING);
        assertThat(out.get(0).note()).contains("n3 runs an older HotZone");

        Map<String, Object> noFlag = progress("n3", 2, "MIRRORING");
        noFlag.put("mirror_sets", null);
        noFlag.put("ws", null);
        assertThat(pass(zone, List.of(progress("n1", 2, "COPIED"), progress("n2", 2, "MIRRORING"), noFlag), NOW).get(0).state()).isEqualTo(ZoneState.DRAINING);
    }

    @Test
    void aZoneANodeNeverArmsDrainsWhenItsWindowEnds()
    {
        List<Map<String, Object>> reports = List.of(progress("n1", 0, "MIRRORING"), progress("n2", 0, "MIRRORING"), progress("n3", 0, "PREPARED"));
        Zone arming = new Zone("z000000000002", T, mirrors.tableId(T), List.of("'a'"), null, NOW.minusSeconds(600), NOW.plusSeconds(60), 0.9, Zone.FORECAST,
                               "event", ZoneState.ARMING, 0, Zone.NEVER, false, "every node has the mirror table; mirroring starts", NOW.minusSeconds(300));
        assertThat(pass(arming, reports, NOW)).as("n3 does not mirror yet: still arming").isEmpty();
        List<Zone> out = pass(arming, reports, NOW.plusSeconds(61));
        assertThat(out).singleElement().extracting(Zone::state).isEqualTo(ZoneState.DRAINING);
        assertThat(out.get(0).note()).isEqualTo("window ended before every node mirrored");
    }
}
