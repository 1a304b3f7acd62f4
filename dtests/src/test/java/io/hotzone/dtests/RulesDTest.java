package io.hotzone.dtests;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.NodeToolRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pre-aggregation rules on the shared cluster through {@code nodetool-ext hotzone rules}: a rule is validated against
 * the table (the query it stands for is one Cassandra runs), a wrong one is refused naming every problem and stores
 * nothing, names are unique per table, clients cannot write the rules table, and a removed rule is gone.
 */
@ExtendWith(SharedCluster.class)
class RulesDTest
{
    @Test
    void rulesAreValidatedStoredListedAndRemovedAndAWrongOneStoresNothing(LocalCluster cluster) throws Exception
    {
        NodeToolRunner nodetool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());
        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS agg WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            // a DESC clustering column: Cassandra reports its type as the base type
            session.execute("CREATE TABLE IF NOT EXISTS agg.sales (product text, region text, at timestamp, amount decimal, qty int, note text, "
                            + "PRIMARY KEY ((product), region, at)) WITH CLUSTERING ORDER BY (region ASC, at DESC)");
            for (String row : List.of("('p1', 'eu', '2026-01-01T10:15:00Z', 2.5, 1)", "('p1', 'eu', '2026-01-01T10:45:00Z', 1.5, 3)"))
                session.execute(SimpleStatement.newInstance("INSERT INTO agg.sales (product, region, at, amount, qty) VALUES " + row)
                                               .setConsistencyLevel(DefaultConsistencyLevel.ALL));
            Instant before = Instant.now().minusSeconds(1);

            NodeToolRunner.Result added = nodetool.run(cluster.node(1), "hotzone", "rules", "add", "agg.sales", "by_region_hour", "--group-by", "product,region,at",
                                                       "--bucket", "at 1h", "--aggregates", "count(*), sum(amount), avg(qty), max(at)");
            assertThat(added.exitCode()).as(added.output()).isZero();
            String query = "SELECT product, region, floor(at, 1h), count(*), sum(amount), avg(qty), max(at) FROM agg.sales WHERE product = ? "
                           + "GROUP BY product, region, floor(at, 1h)";
            assertThat(added.output()).contains("Added rule by_region_hour of agg.sales: " + query);
            // the rule stands for a query Cassandra runs: one hour bucket of p1 with both rows
            List<Row> rows = session.execute(SimpleStatement.newInstance(query, "p1").setConsistencyLevel(DefaultConsistencyLevel.ALL)).all();
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).getLong(3)).isEqualTo(2);
            assertThat(rows.get(0).getBigDecimal(4)).isEqualByComparingTo("4.0");

            NodeToolRunner.Result wrong = nodetool.run(cluster.node(2), "hotzone", "rules", "add", "agg.sales", "by_note", "--group-by", "product,note",
                                                       "--aggregates", "sum(note)");
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.output()).contains("rule by_note of agg.sales refused, nothing stored")
                                      .contains("note is a regular column: Cassandra groups by primary key columns only")
                                      .contains("sum(note): note is text, not a number");
            NodeToolRunner.Result twice = nodetool.run(cluster.node(3), "hotzone", "rules", "add", "agg.sales", "by_region_hour", "--group-by", "product",
                                                       "--aggregates", "count(*)");
            assertThat(twice.exitCode()).isNotZero();
            assertThat(twice.output()).contains("agg.sales has a rule named by_region_hour already");

            NodeToolRunner.Result listed = nodetool.run(cluster.node(3), "hotzone", "rules", "list", "agg.sales", "-F", "json");
            assertThat(listed.exitCode()).as(listed.output()).isZero();
            assertThat(listed.output()).containsPattern("\"rule\"\\s*:\\s*\"by_region_hour\"")
                                       .containsPattern("\"group_by\"\\s*:\\s*\"product, region, floor\\(at, 1h\\)\"").doesNotContain("by_note");
            List<Row> storedRows = session.execute(SimpleStatement.newInstance("SELECT group_by, bucket, aggregates, created_at FROM hotzone.rules "
                                                                               + "WHERE keyspace_name = 'agg' AND table_name = 'sales'")
                                                                  .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)).all();
            assertThat(storedRows).hasSize(1);
            Row stored = storedRows.get(0);
            assertThat(stored.getList("group_by", String.class)).containsExactly("product", "region", "at");
            assertThat(stored.getString("bucket")).isEqualTo("at 1h");
            assertThat(stored.getList("aggregates", String.class)).containsExactly("count(*)", "sum(amount)", "avg(qty)", "max(at)");
            assertThat(stored.getInstant("created_at")).isBetween(before, Instant.now());
            assertThatThrownBy(() -> session.execute("INSERT INTO hotzone.rules (keyspace_name, table_name, name, aggregates) VALUES ('agg', 'sales', 'x', ['sum(note)'])"))
                .hasMessageContaining("hotzone.rules is managed by HotZone");

            NodeToolRunner.Result removed = nodetool.run(cluster.node(2), "hotzone", "rules", "remove", "agg.sales", "by_region_hour");
            assertThat(removed.exitCode()).as(removed.output()).isZero();
            assertThat(session.execute(SimpleStatement.newInstance("SELECT name FROM hotzone.rules WHERE keyspace_name = 'agg' AND table_name = 'sales'")
                                                      .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)).all()).isEmpty();
            NodeToolRunner.Result again = nodetool.run(cluster.node(2), "hotzone", "rules", "remove", "agg.sales", "by_region_hour");
            assertThat(again.exitCode()).isNotZero();
            assertThat(again.output()).contains("no rule by_region_hour of agg.sales");
        }
    }
}
