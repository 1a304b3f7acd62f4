package io.hotzone.dtests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.Node;
import io.hotzone.dtests.cluster.NodeToolRunner;
import io.hotzone.dtests.cluster.PluginJmx;
import io.hotzone.tools.HotZoneTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hotzone import load} against the shared 3-node cluster: every row of the file arrives (the table read at ALL
 * equals the file, the later of two records of one row winning), each cell with the timestamp its record's position
 * fixes, bad records in the rejects file by line; the profile's hot partition is boosted first and answered from its
 * mirror as soon as the load ends; a re-run writes identical cells; a load killed with SIGKILL mid-way resumes from
 * its checkpoint to the same table; wrong input stops before anything is written.
 */
@ExtendWith(SharedCluster.class)
class ImportLoadDTest
{
    private static final int CUSTOMERS = 400, ROWS = 12_000, HOT_ROWS = 1_500;
    private static final String HEADER = "customer,order_id,product,qty,amount,note";

    /** The CSV lines (header first) and what the table must hold after loading them: key → [product, qty, amount, note, ordinal]. */
    private static final class Input
    {
        final List<String> lines = new ArrayList<>();
        final Map<String, Object[]> expected = new LinkedHashMap<>();
        final List<Integer> badLines = new ArrayList<>();

        Input(int rows, int hotRows, boolean withBad)
        {
            lines.add(HEADER);
            int ordinal = 0, line = 2;
            for (int i = 0; i < rows; i++)
            {
                String customer = i < hotRows ? "c7" : "c" + (i % CUSTOMERS);
                String note = i % 97 == 0 ? "\"a, \"\"quoted\"\"\nnote\"" : "";
                int qty = 1 + i % 9;
                add(customer, i, "p" + i % 20, qty, qty * 2.5, note, ordinal++, line);
                line += note.contains("\n") ? 2 : 1;
                if (withBad && i == 1000)
                {
                    lines.add("c1,1000001,p1,many,1.0,");
                    badLines.add(line++);
                    ordinal++;
                    lines.add(",1000002,p1,1,1.0,");
                    badLines.add(line++);
                    ordinal++;
                }
            }
            // a second record of an early row: the later one wins, as in a sequential load
            add("c3", 3, "p-updated", 42, 4.2, "", ordinal, line);
        }

        private void add(String customer, int id, String product, int qty, double amount, String note, int ordinal, int line)
        {
            lines.add(String.join(",", customer, Integer.toString(id), product, Integer.toString(qty), Double.toString(amount), note));
            String text = note.isEmpty() ? null : note.substring(1, note.length() - 1).replace("\"\"", "\"");
            expected.put(customer + "/" + id, new Object[] { product, qty, amount, text, ordinal });
        }

        Path write(Path file) throws Exception
        {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return file;
        }
    }

    private static void createTable(LocalCluster cluster, String table)
    {
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS imp WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            session.execute("DROP TABLE IF EXISTS imp." + table);
            session.execute("CREATE TABLE imp." + table + " (customer text, order_id int, product text, qty int, amount double, note text, "
                            + "PRIMARY KEY (customer, order_id))");
        }
    }

    private static int tool(StringBuilder printed, String... args)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int status = HotZoneTool.run(List.of(args), ps, ps);
        printed.append(out.toString(StandardCharsets.UTF_8));
        System.out.print(out.toString(StandardCharsets.UTF_8));
        return status;
    }

    /** Every row of the table read at ALL, with the write time of its qty: key → [product, qty, amount, note, writetime]. */
    private static Map<String, Object[]> table(LocalCluster cluster, String table)
    {
        Map<String, Object[]> rows = new HashMap<>();
        try (CqlSession session = cluster.session())
        {
            for (Row r : session.execute(SimpleStatement.newInstance("SELECT customer, order_id, product, qty, amount, note, writetime(qty) FROM imp." + table)
                                                        .setConsistencyLevel(DefaultConsistencyLevel.ALL).setPageSize(2000)))
                rows.put(r.getString(0) + "/" + r.getInt(1), new Object[] { r.getString(2), r.getInt(3), r.getDouble(4), r.getString(5), r.getLong(6) });
        }
        return rows;
    }

    private static void assertTableEqualsInput(Map<String, Object[]> table, Input input, long base)
    {
        assertThat(table.keySet()).as("rows in the table").containsExactlyInAnyOrderElementsOf(input.expected.keySet());
        int wrong = 0;
        String first = null;
        for (Map.Entry<String, Object[]> e : input.expected.entrySet())
        {
            Object[] want = e.getValue(), got = table.get(e.getKey());
            boolean same = want[0].equals(got[0]) && want[1].equals(got[1]) && want[2].equals(got[2]) && java.util.Objects.equals(want[3], got[3])
                           && got[4].equals(base + ((Integer) want[4]).longValue());
            if (!same && wrong++ == 0)
                first = e.getKey() + ": want " + java.util.Arrays.toString(want) + " at " + (base + (Integer) want[4]) + ", got " + java.util.Arrays.toString(got);
        }
        assertThat(wrong).as("rows differing from the file (value or write time); first: %s", first).isZero();
    }

    private static JsonNode json(Path file) throws Exception
    {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void loadsEveryRowPrewarmedWithFixedTimestampsAndRejectsBadRecords(LocalCluster cluster, @TempDir Path dir) throws Exception
    {
        createTable(cluster, "orders");
        Input input = new Input(ROWS, HOT_ROWS, true);
        Path csv = input.write(dir.resolve("orders.csv"));
        Node node1 = cluster.node(1);
        StringBuilder printed = new StringBuilder();
        Path profile = dir.resolve("orders.profile.json");
        assertThat(tool(printed, "import", "profile", "--table", "imp.orders", "--host", node1.address(), "--dc", "dc1", "--out", profile.toString(),
                        csv.toString())).isZero();
        assertThat(json(profile).at("/recommendations/zones/0/keys/0").asText()).isEqualTo("'c7'");

        long mirrorReadsBefore = mirrorReads(cluster);
        printed.setLength(0);
        int status = tool(printed, "import", "load", "--profile", profile.toString(), "--id", "orders-1", "--work-dir", dir.toString(), "--host",
                          node1.address(), "--dc", "dc1", "--jmx-port", Integer.toString(node1.jmxPort()), "--boost-hours", "0.2",
                          "--progress-seconds", "1", csv.toString());
        assertThat(status).as(printed.toString()).isZero();
        assertThat(printed).contains("Pre-warming: boosted 1 predicted hot partitions of imp.orders").contains(": READY");
        assertThat(printed.toString()).containsPattern("Import orders-1 DONE: " + (input.lines.size() - 1) + " records read, " + (input.lines.size() - 3)
                                                       + " rows written, 2 rejected");
        // the hot partition is answered from its mirror the moment the load ended: nothing to copy after it
        long hotRows = input.expected.keySet().stream().filter(k -> k.startsWith("c7/")).count();
        try (CqlSession session = cluster.session())
        {
            for (Node n : cluster.nodes())
                assertThat(session.execute(SimpleStatement.newInstance("SELECT * FROM imp.orders WHERE customer = 'c7'")
                                                          .setConsistencyLevel(DefaultConsistencyLevel.ONE)
                                                          .setNode(Cql.driverNode(session, n.address()))).all())
                    .as("the hot partition through %s", n).hasSize((int) hotRows);
        }
        assertThat(mirrorReads(cluster) - mirrorReadsBefore).as("ONE reads of the pre-warmed partition answered from mirrors").isGreaterThanOrEqualTo(1);

        JsonNode checkpoint = json(dir.resolve("orders-1.checkpoint.json"));
        long base = checkpoint.get("timestamp_base").asLong();
        assertThat(checkpoint.get("state").asText()).isEqualTo("DONE");
        assertThat(base).as("cells are stamped before the import began").isLessThan(System.currentTimeMillis() * 1000 - input.lines.size() + 1);
        assertTableEqualsInput(table(cluster, "orders"), input, base);

        List<String> rejects = Files.readAllLines(dir.resolve("orders-1.rejects.csv"));
        assertThat(rejects).hasSize(3);
        assertThat(rejects.get(1)).startsWith("1," + input.badLines.get(0) + ",column qty: 'many' is not a valid int,");
        assertThat(rejects.get(2)).startsWith("1," + input.badLines.get(1) + ",partition key column customer is empty,");

        long nodeRows = 0;
        for (JsonNode n : checkpoint.get("nodes"))
            nodeRows += n.get("rows").asLong();
        assertThat(nodeRows).as("rows per primary replica add up").isEqualTo(input.lines.size() - 3);
        NodeToolRunner.Result imports = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir()).run(cluster.node(2), "hotzone", "imports");
        assertThat(imports.exitCode()).as(imports.output()).isZero();
        assertThat(imports.output()).containsPattern("orders-1\\s+imp\\.orders\\s+DONE\\s+" + (input.lines.size() - 1) + "\\s+" + (input.lines.size() - 1)
                                                     + "\\s+" + (input.lines.size() - 3) + "\\s+2\\s");

        // the same import again: refused without --restart; with it, the very same cells (same write times)
        printed.setLength(0);
        assertThat(tool(printed, "import", "load", "--table", "imp.orders", "--id", "orders-1", "--work-dir", dir.toString(), "--host", node1.address(),
                        "--dc", "dc1", csv.toString())).isEqualTo(2);
        assertThat(printed).contains("import orders-1 is DONE").contains("--restart");
        assertThat(tool(printed, "import", "load", "--table", "imp.orders", "--id", "orders-1", "--work-dir", dir.toString(), "--host", node1.address(),
                        "--dc", "dc1", "--restart", csv.toString())).isZero();
        assertTableEqualsInput(table(cluster, "orders"), input, base);
        try (HotZoneJmx jmx = new HotZoneJmx(node1))
        {
            jmx.bean.unboost("imp.orders", List.of("'c7'"));
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aLoadKilledMidwayResumesFromItsCheckpointToTheSameTable(LocalCluster cluster, @TempDir Path dir) throws Exception
    {
        createTable(cluster, "resumed");
        Input input = new Input(30_000, 0, false);
        Path csv = input.write(dir.resolve("resumed.csv"));
        Node node1 = cluster.node(1);
        Path checkpoint = dir.resolve("resumed-1.checkpoint.json");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                                       HotZoneTool.class.getName(), "import", "load", "--table", "imp.resumed", "--id", "resumed-1", "--work-dir",
                                       dir.toString(), "--host", node1.address(), "--dc", "dc1", "--max-rows-per-second", "3000", csv.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long killedAt;
        try
        {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!(Files.exists(checkpoint) && json(checkpoint).at("/done/ordinal").asLong() >= 5_000))
            {
                assertThat(child.isAlive()).as("the load runs: %s", Files.exists(dir.resolve("child.log")) ? Files.readString(dir.resolve("child.log")) : "")
                                           .isTrue();
                assertThat(System.nanoTime()).as("a checkpoint past 5 000 records within 90 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            killedAt = json(checkpoint).at("/done/ordinal").asLong();
        }
        finally
        {
            if (child.isAlive())
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(killedAt).as("killed mid-way").isBetween(5_000L, 29_000L);
        assertThat(json(checkpoint).get("state").asText()).isEqualTo("RUNNING");
        assertThat(table(cluster, "resumed").size()).as("rows before the resume").isLessThan(input.expected.size());

        StringBuilder printed = new StringBuilder();
        int status = tool(printed, "import", "load", "--table", "imp.resumed", "--id", "resumed-1", "--work-dir", dir.toString(), "--host", node1.address(),
                          "--dc", "dc1", "--resume", csv.toString());
        assertThat(status).as(printed.toString()).isZero();
        assertThat(printed).contains("resumed at record " + killedAt);
        assertThat(json(checkpoint).get("state").asText()).isEqualTo("DONE");
        assertThat(json(checkpoint).get("rows_written").asLong()).isEqualTo(input.lines.size() - 1);
        assertTableEqualsInput(table(cluster, "resumed"), input, json(checkpoint).get("timestamp_base").asLong());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void wrongInputStopsBeforeAnythingIsWritten(LocalCluster cluster, @TempDir Path dir) throws Exception
    {
        createTable(cluster, "wrong");
        String host = cluster.node(1).address();
        StringBuilder printed = new StringBuilder();
        Path unknownColumn = dir.resolve("unknown.csv");
        Files.writeString(unknownColumn, "customer,order_id,colour\nc1,1,red\n");
        assertThat(tool(printed, "import", "load", "--table", "imp.wrong", "--work-dir", dir.toString(), "--host", host, "--dc", "dc1",
                        unknownColumn.toString())).isEqualTo(2);
        assertThat(printed).contains("the input's column 'colour' is not a column of imp.wrong");

        Path shifted = dir.resolve("shifted.csv"); // columns in the wrong order: every qty is a product name
        StringBuilder lines = new StringBuilder("customer,order_id,qty,product\n");
        for (int i = 0; i < 50; i++)
            lines.append("c").append(i).append(',').append(i).append(",p").append(i).append(",3\n");
        Files.writeString(shifted, lines);
        printed.setLength(0);
        assertThat(tool(printed, "import", "load", "--table", "imp.wrong", "--work-dir", dir.toString(), "--host", host, "--dc", "dc1",
                        shifted.toString())).isEqualTo(2);
        assertThat(printed).contains("the first 50 records were all rejected").contains("nothing was written");

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "customer,order_id,qty\nc1,1,1\nc2,2,x\nc3,3,3\nc4,4,y\n");
        printed.setLength(0);
        assertThat(tool(printed, "import", "load", "--table", "imp.wrong", "--id", "bad-1", "--work-dir", dir.toString(), "--host", host, "--dc", "dc1",
                        "--max-errors", "0", bad.toString())).isEqualTo(2);
        assertThat(printed).contains("stopped: more than 0 rejected records (--max-errors)").contains("Continue with --resume");
        try (CqlSession session = cluster.session())
        {
            assertThat(session.execute(SimpleStatement.newInstance("SELECT customer FROM imp.wrong").setConsistencyLevel(DefaultConsistencyLevel.ALL)).all())
                .as("only what lay before the stop may be written").allMatch(r -> r.getString(0).equals("c1"));
        }
        assertThat(json(dir.resolve("bad-1.checkpoint.json")).get("state").asText()).isEqualTo("STOPPED");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void loadsJsonLinesAndMappedColumns(LocalCluster cluster, @TempDir Path dir) throws Exception
    {
        createTable(cluster, "json");
        Path jsonl = dir.resolve("orders.jsonl");
        Files.writeString(jsonl, "{\"customer\": \"c1\", \"order_id\": 1, \"qty\": 2, \"note\": \"a \\\"quoted\\\", note\"}\n"
                                 + "{\"order_id\": 2, \"customer\": \"c1\", \"amount\": 2.5}\n"
                                 + "{\"customer\": \"c2\", \"order_id\": 3, \"colour\": \"red\"}\n"
                                 + "{\"customer\": \"c3\", \"order_id\": 4, \"qty\": null}\n");
        StringBuilder printed = new StringBuilder();
        assertThat(tool(printed, "import", "load", "--table", "imp.json", "--id", "json-1", "--work-dir", dir.toString(), "--host", cluster.node(1).address(),
                        "--dc", "dc1", jsonl.toString())).as(printed.toString()).isZero();
        assertThat(printed).contains("Import json-1 DONE: 4 records read, 3 rows written, 1 rejected");
        assertThat(Files.readAllLines(dir.resolve("json-1.rejects.csv")).get(1)).startsWith("1,3,\"key 'colour' is not a column of the table");
        Map<String, Object[]> rows = table(cluster, "json");
        assertThat(rows.keySet()).containsExactlyInAnyOrder("c1/1", "c1/2", "c3/4");
        assertThat(rows.get("c1/1")[3]).isEqualTo("a \"quoted\", note");
        assertThat(rows.get("c1/2")[2]).isEqualTo(2.5);

        // --map: file names that differ from the columns, and one dropped, for CSV and JSON lines alike
        Path csv = dir.resolve("mapped.csv"), mapped = dir.resolve("mapped.jsonl");
        Files.writeString(csv, "cust,id,how_many,internal\nc5,5,7,x\n");
        Files.writeString(mapped, "{\"cust\": \"c6\", \"id\": 6, \"internal\": \"y\"}\n");
        printed.setLength(0);
        assertThat(tool(printed, "import", "load", "--table", "imp.json", "--id", "mapped-1", "--work-dir", dir.toString(), "--host", cluster.node(1).address(),
                        "--dc", "dc1", "--map", "cust=customer, id=order_id, how_many=qty, internal=", csv.toString())).as(printed.toString()).isZero();
        assertThat(tool(printed, "import", "load", "--table", "imp.json", "--id", "mapped-2", "--work-dir", dir.toString(), "--host", cluster.node(1).address(),
                        "--dc", "dc1", "--map", "cust=customer, id=order_id, internal=", mapped.toString())).as(printed.toString()).isZero();
        rows = table(cluster, "json");
        assertThat(rows.get("c5/5")[1]).isEqualTo(7);
        assertThat(rows).containsKey("c6/6");
        printed.setLength(0);
        assertThat(tool(printed, "import", "load", "--table", "imp.json", "--work-dir", dir.toString(), "--host", cluster.node(1).address(), "--dc", "dc1",
                        "--map", "cust=customer", csv.toString())).isEqualTo(2);
        assertThat(printed).contains("the input's column 'id' is not a column of imp.json");
    }

    private static long mirrorReads(LocalCluster cluster)
    {
        long sum = 0;
        for (Node n : cluster.nodes())
            sum += PluginJmx.metric(n, "MirrorReads");
        return sum;
    }
}
