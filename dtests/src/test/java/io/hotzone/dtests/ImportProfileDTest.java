package io.hotzone.dtests;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.tools.HotZoneTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hotzone import profile} against the shared 3-node cluster: a gzipped CSV with a byte order mark, quoted fields,
 * an embedded line break and two bad records is read in one pass; the profile counts every valid row on its replicas,
 * rejects the bad ones by line, finds the customer with far more rows than the others, the product → region dependency,
 * the qty ~ amount correlation and the access patterns the schema implies; a header naming no column of the table fails
 * before anything is written.
 */
@ExtendWith(SharedCluster.class)
class ImportProfileDTest
{
    private static final int CUSTOMERS = 300, ROWS = 3000, HOT_ROWS = 400;

    @Test
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void profilesACsvAgainstTheTableAndTheRing(LocalCluster cluster, @TempDir Path dir) throws Exception
    {
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS prof WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            session.execute("CREATE TABLE IF NOT EXISTS prof.orders (customer text, order_id int, product text, region text, qty int, amount double, "
                            + "at timestamp, note text, PRIMARY KEY (customer, order_id))");
        }
        Path csv = dir.resolve("orders.csv.gz");
        List<String> lines = new ArrayList<>();
        lines.add("\uFEFFcustomer,order_id,product,region,qty,amount,at,note");
        int line = 2, hotRows = 0;
        for (int i = 0; i < ROWS; i++)
        {
            String customer = i < HOT_ROWS ? "c7" : "c" + (i % CUSTOMERS);
            hotRows += customer.equals("c7") ? 1 : 0;
            int product = i % 20;
            int qty = 1 + i % 9;
            String note = i % 50 == 0 ? "\"gift, wrapped\"" : i % 77 == 0 ? "\"two\nlines\"" : "";
            lines.add(String.join(",", customer, Integer.toString(i), "p" + product, "r" + product % 4, Integer.toString(qty),
                                  Double.toString(qty * 10.0), "2026-11-" + (10 + i % 20) + "T10:00:00Z", note));
            line += note.contains("\n") ? 2 : 1;
        }
        lines.add("c1,100001,p1,r1,many,10.0,2026-11-10T10:00:00Z,");   // not an int
        lines.add(",100002,p1,r1,1,10.0,2026-11-10T10:00:00Z,");        // no partition key
        int badQtyLine = line; // the physical line: each embedded line break above added one
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(csv)))
        {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        Path profileFile = dir.resolve("orders.profile.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = HotZoneTool.run(List.of("import", "profile", "--table", "prof.orders", "--host", cluster.node(1).address(), "--dc", "dc1",
                                             "--out", profileFile.toString(), "--explain", "--report", dir.resolve("orders.html").toString(),
                                             csv.toString()),
                                     new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("Profiled " + ROWS + " rows (2 rejected) of prof.orders");

        String html = Files.readString(dir.resolve("orders.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Sharding profile of prof.orders").contains("<td>'c7'</td>")
                        .contains("127.0.0.1 (owns");
        assertThat(html.split("<svg", -1)).as("three charts").hasSize(4);
        assertThat(html.split("<rect", -1).length - 1).as("bars: 2 per node, the top partitions and the mean, one per column")
                                                      .isGreaterThanOrEqualTo(3 * 2 + 2 + 8);

        JsonNode p = new ObjectMapper().readTree(profileFile.toFile());
        assertThat(p.get("profile_version").asInt()).isEqualTo(1);
        assertThat(p.get("rows").asLong()).isEqualTo(ROWS);
        assertThat(p.get("rejected").asLong()).isEqualTo(2);
        assertThat(p.get("rejects").toString()).contains("line " + badQtyLine + ": column qty: 'many' is not a valid int")
                                               .contains("partition key column customer is empty");
        long onReplicas = 0;
        for (JsonNode n : p.get("nodes"))
            onReplicas += n.get("rows").asLong();
        assertThat(onReplicas).as("every row on its 2 replicas").isEqualTo(2L * ROWS);
        assertThat(p.get("nodes")).hasSize(3);
        assertThat(p.at("/partitions/distinct_estimate").asLong()).isBetween((long) CUSTOMERS - 3, (long) CUSTOMERS + 3);
        assertThat(p.at("/partitions/most_rows/0/key").asText()).isEqualTo("'c7'");
        assertThat(p.at("/partitions/most_rows/0/rows").asLong()).as("exact: fewer partitions than counters").isEqualTo(hotRows);
        assertThat(p.get("hot_partitions")).extracting(h -> h.get("key").asText()).containsExactly("'c7'");
        assertThat(p.at("/recommendations/zones/0/keys/0").asText()).isEqualTo("'c7'");
        assertThat(p.get("dependencies").toString()).contains("{\"from\":\"product\",\"to\":\"region\"");
        assertThat(p.get("dependencies").toString()).doesNotContain("{\"from\":\"region\",\"to\":\"product\"");
        boolean qtyAmount = false;
        for (JsonNode c : p.get("correlations"))
            qtyAmount |= java.util.Set.of(c.get("a").asText(), c.get("b").asText()).equals(java.util.Set.of("qty", "amount")) && c.get("r").asDouble() > 0.999;
        assertThat(qtyAmount).as("qty ~ amount in %s", p.get("correlations")).isTrue();
        assertThat(p.get("access_patterns").toString()).contains("\"kind\":\"clustering_range_scan\"").contains("\"column\":\"at\"")
                                                       .contains("\"group_by\":\"region\"");
        assertThat(p.at("/recommendations/token_moves/applicable").asBoolean()).as("vnodes").isFalse();
        // vnodes: new nodes get the ring's num_tokens and the allocator for the keyspace's RF 2
        int numTokens = p.at("/recommendations/token_allocation/datacenters/0/num_tokens").asInt();
        assertThat(numTokens).isGreaterThan(1);
        assertThat(p.at("/recommendations/token_allocation/datacenters/0/allocate_tokens_for_local_replication_factor").asInt()).isEqualTo(2);
        assertThat(p.at("/recommendations/token_allocation/reason").asText()).startsWith("dc1: " + numTokens + " tokens per node");
        // the recommended rules are ones the plugin accepts: region and product are regular columns (no rule), the totals are one
        assertThat(p.at("/recommendations/pre_aggregations")).isNotEmpty();
        for (JsonNode g : p.at("/recommendations/pre_aggregations"))
            assertThat(g.get("as_rule").asBoolean()).as("%s", g).isFalse();
        assertThat(p.at("/recommendations/rules/0/command").asText()).isEqualTo("nodetool-ext hotzone rules add prof.orders orders_totals --group-by 'customer' "
                                                                              + "--aggregates 'count(*), sum(amount), sum(qty)'"); // regular columns in the schema's (alphabetical) order
        assertThat(p.at("/recommendations/rules")).isNotEmpty();
        for (JsonNode rule : p.at("/recommendations/rules"))
        {
            List<String> groupBy = new ArrayList<>(), aggregates = new ArrayList<>();
            rule.get("group_by").forEach(c -> groupBy.add(c.asText()));
            rule.get("aggregates").forEach(a -> aggregates.add(a.asText()));
            String name = rule.get("name").asText(), bucket = rule.get("bucket").isNull() ? "" : rule.get("bucket").asText();
            io.hotzone.dtests.cluster.PluginJmx.call(cluster.node(1), hz -> hz.addRule("prof.orders", name, String.join(",", groupBy), bucket,
                                                                                       String.join(", ", aggregates)));
            io.hotzone.dtests.cluster.PluginJmx.call(cluster.node(1), hz -> { hz.removeRule("prof.orders", name); return null; });
        }
        assertThat(p.at("/sample/records").asLong()).isEqualTo(2401);
        JsonNode note = null, customer = null;
        for (JsonNode c : p.get("columns"))
            if (c.get("name").asText().equals("note"))
                note = c;
            else if (c.get("name").asText().equals("customer"))
                customer = c;
        assertThat(customer.get("nulls").asLong()).as("column figures count accepted records only").isZero();
        assertThat(p.get("access_patterns").toString()).as("a time column and a mostly-null one are no group-by candidates")
                                                       .doesNotContain("\"group_by\":\"at\"").doesNotContain("\"group_by\":\"note\"");
        assertThat(note.get("distinct_estimate").asLong()).as("'gift, wrapped' and the two-line note").isEqualTo(2);

        // --history: what HotZone saw of the table (c42 read and written a lot) and an announced event (c99) join the file's c7
        try (CqlSession session = cluster.session())
        {
            for (int i = 0; i < 300; i++)
                session.execute("SELECT * FROM prof.orders WHERE customer = 'c42'");
            for (int i = 0; i < 60; i++)
                session.execute("INSERT INTO prof.orders (customer, order_id, qty) VALUES ('c42', " + (200_000 + i) + ", 1)");
            for (int i = 0; i < 40; i++)
                session.execute("SELECT * FROM prof.orders WHERE customer = 'c" + (100 + i) + "'");
        }
        String start = java.time.Instant.now().plus(java.time.Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String end = java.time.Instant.now().plus(java.time.Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
        {
            jmx.bean.addEvents("csv", true, "id,name,start,end,table,keys,token_range,multiplier,source\n"
                                            + String.join(",", "prof-launch", "Launch", start, end, "prof.orders", "'c99'", "", "5", "dtest") + "\n");
        }
        Thread.sleep(6000); // the history steps (2 s) of every node are written
        Path withHistory = dir.resolve("orders.history.json");
        out.reset();
        status = HotZoneTool.run(List.of("import", "profile", "--table", "prof.orders", "--host", cluster.node(1).address(), "--dc", "dc1",
                                         "--out", withHistory.toString(), "--history", "--history-window", "1h", "--explain", csv.toString()),
                                 new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        System.out.print(out.toString(StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode h = new ObjectMapper().readTree(withHistory.toFile());
        assertThat(h.get("hot_partitions")).extracting(x -> x.get("key").asText()).containsExactly("'c7'", "'c42'", "'c99'");
        assertThat(h.at("/hot_partitions/1/basis").asText()).startsWith("history: ").contains("(300 reads, 60 writes) in the last 1 h");
        assertThat(h.at("/hot_partitions/2/basis").asText()).isEqualTo("event Launch: access x5 announced");
        assertThat(h.at("/hot_partitions/2/window").asText()).isEqualTo(start + "/" + end);
        assertThat(h.at("/recommendations/zones/0/keys").toString()).isEqualTo("[\"'c7'\",\"'c42'\",\"'c99'\"]");
        JsonNode observed = null;
        for (JsonNode a : h.get("access_patterns"))
            if (a.has("read_share"))
                observed = a;
        assertThat(observed.get("kind").asText()).isEqualTo("read_heavy");
        assertThat(observed.get("reads").asLong()).isGreaterThanOrEqualTo(340);
        assertThat(observed.get("writes").asLong()).isGreaterThanOrEqualTo(60);
        try (HotZoneJmx jmx = new HotZoneJmx(cluster.node(1)))
        {
            jmx.bean.removeEvent("prof-launch");
        }

        // a header naming no column of the table: refused before anything is read or written
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "customer,order_id,colour\nc1,1,red\n");
        Path badProfile = dir.resolve("bad.profile.json");
        ByteArrayOutputStream badErr = new ByteArrayOutputStream();
        int refused = HotZoneTool.run(List.of("import", "profile", "--table", "prof.orders", "--host", cluster.node(1).address(), "--dc", "dc1",
                                              "--out", badProfile.toString(), bad.toString()),
                                      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(badErr, true, StandardCharsets.UTF_8));
        assertThat(refused).isEqualTo(2);
        assertThat(badErr.toString(StandardCharsets.UTF_8)).contains("the input's column 'colour' is not a column of prof.orders");
        assertThat(badProfile).doesNotExist();
    }
}
