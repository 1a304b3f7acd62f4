package io.hotzone.dtests.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.PluginJmx;

/**
 * The faults of the consistency check, one at a time: kill -9 and restart a node, freeze one (SIGSTOP) and thaw it,
 * unboost, let a zone expire, boost again, ALTER the table (add, drop, drop + add a column the clients do not use),
 * TRUNCATE it, and, when the cluster has a spare node, bootstrap it into the ring (first, so that the other faults
 * hit a five-node ring too). Keeps one zone on the checked keys between events (re-boosting when one ended), and counts the
 * plugin's MirrorReads across restarts (a restarted node starts from zero).
 */
final class Nemesis
{
    static final List<String> EVENTS = List.of("kill", "pause", "unboost", "expire", "alter", "truncate");
    static final String BOOTSTRAP = "bootstrap";

    private final LocalCluster cluster;
    private final CqlSession session;
    private final String table;
    private final List<String> keyLiterals;
    private Workers workers;
    private final Random random;
    private final List<String> kinds;
    private final Consumer<String> log;
    final Map<String, Integer> events = new TreeMap<>();
    /** Every event in order, with its start and end (System.nanoTime). */
    final List<Struck> struck = new ArrayList<>();
    private final long[] lastMirrorReads;
    private long mirrorReads;
    private String zone;
    private boolean columnPresent;

    /** One event as it ran. */
    record Struck(String kind, long started, long ended)
    {
    }

    Nemesis(LocalCluster cluster, CqlSession session, String table, List<String> keys, long seed, List<String> kinds, Consumer<String> log)
    {
        this.kinds = List.copyOf(kinds);
        this.cluster = cluster;
        this.session = session;
        this.table = table;
        this.keyLiterals = keys.stream().map(k -> "'" + k + "'").toList();
        this.random = new Random(seed);
        this.log = log;
        this.lastMirrorReads = new long[cluster.nodes().size()];
    }

    /** Boosts the keys unless a zone of them is active; a node that cannot take the request now is retried later. */
    void ensureZone(Duration until)
    {
        try
        {
            if (zone != null && List.of("PLANNED", "ARMING", "WARMING", "READY").contains(state(zone)))
                return;
            zone = PluginJmx.call(anyNode(), hz -> hz.boost(table, keyLiterals, null, System.currentTimeMillis() + until.toMillis()));
            log.accept("boosted " + zone + " until +" + until.toSeconds() + " s");
        }
        catch (Exception e)
        {
            log.accept("boost not possible now (" + e.getMessage() + "); trying again");
        }
    }

    /** The clients whose writes a TRUNCATE must be ordered with. */
    void attach(Workers workers)
    {
        this.workers = workers;
    }

    boolean isReady() throws Exception
    {
        return zone != null && "READY".equals(state(zone));
    }

    /** READY with no copy round under way: the zone's newest round is the one it serves. */
    boolean isSettled() throws Exception
    {
        if (zone == null)
            return false;
        for (String line : planLines())
        {
            String[] f = line.split("\t", -1);
            if (f.length > 12 && f[0].equals(zone))
                return f[3].equals("READY") && f[12].startsWith("round ") && f[12].contains(" copied on every source replica");
        }
        return false;
    }

    String zone()
    {
        return zone;
    }

    /**
     * Runs one event every {@code every} until the deadline (each kind in turn first, then at random), on a fixed
     * schedule; in between, boosts the keys again within a second of their zone ending.
     */
    void run(Instant deadline, Duration every) throws Exception
    {
        List<String> order = new ArrayList<>(kinds);
        java.util.Collections.shuffle(order, random);
        if (spare() != null)
            order.add(0, BOOTSTRAP);
        long origin = System.nanoTime();
        Instant next = Instant.now().plus(every);
        int n = 0;
        while (next.isBefore(deadline))
        {
            while (Instant.now().isBefore(next))
            {
                ensureZone(Duration.ofHours(1));
                sleep(Math.min(1000, Math.max(1, Duration.between(Instant.now(), next).toMillis())));
            }
            String event = n < order.size() ? order.get(n) : kinds.get(random.nextInt(kinds.size()));
            n++;
            long started = System.nanoTime();
            apply(event);
            events.merge(event, 1, Integer::sum);
            struck.add(new Struck(event, started, System.nanoTime()));
            log.accept(String.format("nemesis %-8s at %.1f s, done in %.1f s", event, (started - origin) / 1e9, (System.nanoTime() - started) / 1e9));
            next = next.plus(every);
        }
        while (Instant.now().isBefore(deadline))
        {
            ensureZone(Duration.ofHours(1));
            sleep(Math.min(1000, Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
        }
    }

    private void apply(String event) throws Exception
    {
        switch (event)
        {
            case "kill":
            {
                Node node = members().get(random.nextInt(members().size()));
                sampleMirrorReads();
                log.accept("killing " + node.address() + " (restarted a second later)");
                node.kill();
                sleep(1000);
                node.start();
                node.waitForCql(Duration.ofSeconds(120));
                return;
            }
            case "pause":
            {
                Node node = members().get(random.nextInt(members().size()));
                log.accept("pausing " + node.address());
                node.pause();
                try
                {
                    sleep(3000 + random.nextInt(3000));
                }
                finally
                {
                    node.resume();
                }
                return;
            }
            case "unboost":
                unboostIfActive();
                return;
            case "expire":
                unboostIfActive();
                zone = null;
                ensureZone(Duration.ofSeconds(12)); // ends on its own (READY for a few seconds); then boosted again
                return;
            case "alter":
            {
                String ddl = columnPresent ? "ALTER TABLE " + table + " DROP x" : "ALTER TABLE " + table + " ADD x int";
                ddl(ddl);
                columnPresent = !columnPresent;
                if (!columnPresent && random.nextBoolean())
                {
                    ddl("ALTER TABLE " + table + " ADD x int"); // drop + add within one plan poll
                    columnPresent = true;
                }
                return;
            }
            case "truncate":
                workers.truncate();
                return;
            case BOOTSTRAP:
            {
                Node node = spare();
                log.accept("bootstrapping " + node.address() + " (joins the ring, streams its ranges)");
                cluster.bootstrap(node, Duration.ofMinutes(5));
                return;
            }
            default:
                throw new IllegalArgumentException(event);
        }
    }

    /** Unboosts the current zone; one that already ended (an expiring zone's window ran out) is left alone. */
    void unboostIfActive() throws Exception
    {
        if (zone == null)
            return;
        try
        {
            PluginJmx.call(anyNode(), hz -> hz.unboost(zone, List.of()));
        }
        catch (IllegalArgumentException e)
        {
            if (!String.valueOf(e.getMessage()).contains("no active zone"))
                throw e;
            log.accept("zone " + zone + " had already ended");
        }
    }

    private void ddl(String cql)
    {
        session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(60)));
    }

    /** Adds what each running node's MirrorReads counted since the last sample (from zero after a restart). */
    long sampleMirrorReads()
    {
        for (int i = 0; i < lastMirrorReads.length; i++)
        {
            Node node = cluster.node(i + 1);
            if (!node.isRunning() || node.isPaused())
                continue;
            try
            {
                long now = PluginJmx.metric(node, "MirrorReads");
                mirrorReads += now >= lastMirrorReads[i] ? now - lastMirrorReads[i] : now;
                lastMirrorReads[i] = now;
            }
            catch (RuntimeException e)
            {
                // the node is starting: sampled next time
            }
        }
        return mirrorReads;
    }

    int eventCount()
    {
        return events.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The plan as {@code nodetool-ext hotzone plan} lists it (tab-separated: zone, table, target, state, …). */
    List<String> planLines() throws Exception
    {
        return PluginJmx.call(anyNode(), hz -> hz.plan());
    }

    private String state(String zoneId) throws Exception
    {
        for (String line : PluginJmx.call(anyNode(), hz -> hz.plan()))
        {
            String[] f = line.split("\t", -1);
            if (f.length > 3 && f[0].equals(zoneId))
                return f[3];
        }
        return "GONE";
    }

    private List<Node> members()
    {
        return cluster.members();
    }

    /** A spare node not yet bootstrapped, or null. */
    private Node spare()
    {
        return cluster.nodes().stream().filter(n -> cluster.spec().isSpare(n.number()) && !members().contains(n)).findFirst().orElse(null);
    }

    private Node anyNode()
    {
        for (Node n : members())
            if (n.isRunning() && !n.isPaused())
                return n;
        throw new IllegalStateException("no running node");
    }

    private static void sleep(long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
