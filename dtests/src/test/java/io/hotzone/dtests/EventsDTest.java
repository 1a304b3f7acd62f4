package io.hotzone.dtests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.NodeToolRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** External events: added, listed, removed and loaded from files; bad input gets an error naming the line and writes nothing. */
@ExtendWith(SharedCluster.class)
class EventsDTest
{
    private static final String HEADER = "id,name,start,end,table,keys,token_range,multiplier,source\n";
    private static LocalCluster cluster;
    private static CqlSession session;
    private static NodeToolRunner nodetool;
    private static final String START = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    private static final String END = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

    @BeforeAll
    static void schema(LocalCluster shared) throws Exception
    {
        cluster = shared;
        session = cluster.session();
        nodetool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
        session.execute("CREATE KEYSPACE IF NOT EXISTS shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
        session.execute("CREATE TABLE IF NOT EXISTS shop.products (id text PRIMARY KEY, price int)");
        session.execute("CREATE TABLE IF NOT EXISTS shop.counters (n int PRIMARY KEY, v int)");
        session.execute("CREATE TABLE IF NOT EXISTS shop.readings (sensor int, day date, t timestamp, v double, PRIMARY KEY ((sensor, day), t))");
    }

    @AfterAll
    static void close()
    {
        if (session != null)
            session.close();
    }

    private static long storedEvents()
    {
        return session.execute("SELECT count(*) FROM hotzone.events").one().getLong(0);
    }

    private static String row(String id, String table, String keys, String range, String multiplier)
    {
        return String.join(",", id, "E " + id, START, END, table, keys, range, multiplier, "dtest") + "\n";
    }

    /** The call must fail with a message containing {@code expected}, and the events table must not change. */
    private static void rejected(String expected, Supplier<Object> call) throws Exception
    {
        long before = storedEvents();
        try
        {
            call.get();
            fail("accepted, expected an error containing: " + expected);
        }
        catch (RuntimeException e)
        {
            assertThat(HotZoneJmx.rootMessage(e)).contains(expected);
        }
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void addListAndRemoveWithNodetoolExt() throws Exception
    {
        NodeToolRunner.Result added = nodetool.run(cluster.node(2), "hotzone", "events", "add", "--id", "black-friday", "--name", "Black Friday",
                                                   "--start", START, "--end", END, "--table", "shop.products", "--keys", "'p1','p:2(x)'",
                                                   "--multiplier", "4");
        assertThat(added.exitCode()).as(added.output()).isZero();
        assertThat(added.output()).contains("Added event black-friday");

        NodeToolRunner.Result list = nodetool.run(cluster.node(3), "hotzone", "events", "list", "shop.products");
        assertThat(list.output()).containsPattern("black-friday\\s+Black Friday\\s+" + START + "\\s+" + END + "\\s+shop\\.products\\s+keys 'p1', 'p:2\\(x\\)'\\s+4\\.0");

        NodeToolRunner.Result again = nodetool.run(cluster.node(1), "hotzone", "events", "add", "--id", "black-friday", "--name", "Black Friday 2",
                                                   "--start", START, "--end", END, "--table", "shop.products", "--multiplier", "6");
        assertThat(again.exitCode()).as(again.output()).isNotZero();
        assertThat(again.output()).contains("event id(s) already stored: black-friday");
        assertThat(nodetool.run(cluster.node(1), "hotzone", "events", "list", "shop.products").output()).as("kept").contains("keys 'p1', 'p:2(x)'");
        NodeToolRunner.Result replaced = nodetool.run(cluster.node(1), "hotzone", "events", "add", "--replace", "--id", "black-friday", "--name", "Black Friday 2",
                                                      "--start", START, "--end", END, "--table", "shop.products", "--multiplier", "6");
        assertThat(replaced.exitCode()).as(replaced.output()).isZero();
        assertThat(nodetool.run(cluster.node(1), "hotzone", "events", "list", "shop.products").output())
            .containsPattern("black-friday\\s+Black Friday 2\\s+.*\\s+6\\.0");

        NodeToolRunner.Result removed = nodetool.run(cluster.node(1), "hotzone", "events", "remove", "black-friday");
        assertThat(removed.output()).contains("Removed event black-friday");
        assertThat(nodetool.run(cluster.node(1), "hotzone", "events", "list", "shop.products").output()).doesNotContain("black-friday");

        NodeToolRunner.Result unknown = nodetool.run(cluster.node(1), "hotzone", "events", "remove", "black-friday");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.output()).contains("no event with id 'black-friday'");
    }

    @Test
    void loadsCsvAndJsonFilesAllOrNothing(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception
    {
        Path json = dir.resolve("events.json");
        Files.writeString(json, "[{\"id\": \"j1\", \"name\": \"Sensor roll-out\", \"start\": \"" + START + "\", \"end\": \"" + END + "\","
                                + " \"table\": \"shop.readings\", \"keys\": [\"(7, '2026-12-01')\"], \"multiplier\": 2.5},"
                                + " {\"id\": \"j2\", \"name\": \"Range\", \"start\": \"" + START + "\", \"end\": \"" + END + "\","
                                + " \"table\": \"shop.products\", \"token_range\": \"-100..100\", \"multiplier\": 2}]");
        NodeToolRunner.Result loaded = nodetool.run(cluster.node(1), "hotzone", "events", "load", json.toString());
        assertThat(loaded.output()).contains("Loaded 2 event(s)");
        assertThat(session.execute("SELECT target_kind, target_keys FROM hotzone.events WHERE id = 'j1'").one().getList("target_keys", String.class))
            .containsExactly("(7, '2026-12-01')");

        Path csv = dir.resolve("events.csv");
        Files.writeString(csv, HEADER + row("c1", "shop.products", "'a'", "", "2") + row("c2", "shop.counters", "12", "", "3")
                               + row("c3", "shop.counters", "twelve", "", "3"));
        long before = storedEvents();
        NodeToolRunner.Result bad = nodetool.run(cluster.node(1), "hotzone", "events", "load", csv.toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("line 4 (E c3)").contains("twelve is not a partition key of shop.counters (n int)");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void badInputIsRejectedWithAClearErrorAndNothingWritten() throws Exception
    {
        try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
        {
            rejected("unknown table nope.products", () -> jmx.bean.addEvents("csv", false, HEADER + row("x", "nope.products", "", "", "2")));
            rejected("unknown table shop.nope", () -> jmx.bean.addEvents("csv", false, HEADER + row("x", "shop.nope", "", "", "2")));
            rejected("line 2 (E x): 'abc' is not a partition key of shop.counters (n int)",
                     () -> jmx.bean.addEvents("csv", false, HEADER + row("x", "shop.counters", "'abc'", "", "2")));
            rejected("is not a partition key of shop.readings (sensor int, day date)",
                     () -> jmx.bean.addEvents("csv", false, HEADER + row("x", "shop.readings", "\"(1)\"", "", "2")));
            rejected("multiplier must be a positive number", () -> jmx.bean.addEvents("csv", false, HEADER + row("x", "shop.products", "", "", "0")));
            rejected("is not after start", () -> jmx.bean.addEvents("csv", false, HEADER + String.join(",", "x", "Backwards", END, START, "shop.products", "", "", "2", "") + "\n"));
            rejected("the event is in the past", () -> jmx.bean.addEvents("csv", false, HEADER + String.join(",", "x", "Old", "2015-01-01", "2015-01-02", "shop.products", "", "", "2", "") + "\n"));
            rejected("line 3: multiplier 'many' is not a number",
                     () -> jmx.bean.addEvents("csv", false, HEADER + row("ok1", "shop.products", "", "", "2") + row("x", "shop.products", "", "", "many")));
            rejected("event #1: unknown field 'colour'", () -> jmx.bean.addEvents("json", false, "[{\"colour\": \"red\"}]"));
        }
    }

    @Test
    void rowsInsertedWithPlainCqlAreListedAndBrokenOnesReported() throws Exception
    {
        session.execute("INSERT INTO hotzone.events (id, name, starts_at, ends_at, keyspace_name, table_name, target_kind, multiplier) "
                        + "VALUES ('cql1', 'Typed by hand', '" + START + "', '" + END + "', 'shop', 'products', 'table', 1.5)");
        session.execute("INSERT INTO hotzone.events (id, name) VALUES ('broken', 'no dates')");
        try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(3)))
        {
            List<String> lines = jmx.bean.listEvents("shop.products", false);
            assertThat(lines).anyMatch(l -> l.startsWith("cql1\tTyped by hand\t"));
            assertThat(lines).anyMatch(l -> l.startsWith("#\tevent row broken skipped"));
        }
        session.execute("DELETE FROM hotzone.events WHERE id IN ('cql1', 'broken')");
    }
}
