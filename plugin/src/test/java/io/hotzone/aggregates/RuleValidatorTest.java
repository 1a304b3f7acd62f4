package io.hotzone.aggregates;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.hotzone.server.TableSchema;
import io.hotzone.server.TableSchema.Column;
import io.hotzone.server.TableSchema.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleValidatorTest
{
    /** shop.sales: PRIMARY KEY ((product), region, at), with a date column, a text, a set. */
    private static final TableSchema SALES = new TableSchema(List.of(new Column("product", Kind.PARTITION_KEY, "text"),
                                                                     new Column("region", Kind.CLUSTERING, "text"),
                                                                     new Column("at", Kind.CLUSTERING, "timestamp"),
                                                                     new Column("day", Kind.STATIC, "date"),
                                                                     new Column("amount", Kind.REGULAR, "decimal"),
                                                                     new Column("qty", Kind.REGULAR, "int"),
                                                                     new Column("note", Kind.REGULAR, "text"),
                                                                     new Column("tags", Kind.REGULAR, "set<text>")), false);

    private static AggregateRule rule(String name, String groupBy, String bucket, String aggregates)
    {
        return RuleRequests.parse("shop.sales", name, groupBy, bucket, aggregates, Instant.EPOCH, "n1");
    }

    private static List<String> problems(String groupBy, String bucket, String aggregates)
    {
        return RuleValidator.problems(rule("r", groupBy, bucket, aggregates), Optional.of(SALES));
    }

    @Test
    void aRuleCassandraCanRunIsAcceptedAndItsQueryIsTheGroupByItPrecomputes()
    {
        AggregateRule r = rule("by_region_hour", "Product, region, at", "at 1h", "count(*), sum(amount), AVG(qty), min(at), max(amount), count(note)");
        assertThat(RuleValidator.problems(r, Optional.of(SALES))).isEmpty();
        assertThat(r.query(List.of("product"))).isEqualTo("SELECT product, region, floor(at, 1h), count(*), sum(amount), avg(qty), min(at), max(amount), "
                                                          + "count(note) FROM shop.sales WHERE product = ? GROUP BY product, region, floor(at, 1h)");
        assertThat(problems("product", "", "count(*)")).as("the partition alone").isEmpty();
        assertThat(problems("product, region", "", "sum(qty)")).as("a clustering prefix").isEmpty();
    }

    @Test
    void groupByFollowsCqlsPrimaryKeyOrderAndTheBucketFloorsTheLastClusteringColumn()
    {
        assertThat(problems("region", "", "count(*)")).anyMatch(p -> p.startsWith("group-by must start with the whole partition key (product)"));
        assertThat(problems("product, at", "", "count(*)")).anyMatch(p -> p.contains("clustering columns in key order (region, at), got at"));
        assertThat(problems("product, note", "", "count(*)")).anyMatch(p -> p.startsWith("note is a regular column: Cassandra groups by primary key columns only"));
        assertThat(problems("product, day", "", "count(*)")).anyMatch(p -> p.startsWith("day is a static column"));
        assertThat(problems("product, colour", "", "count(*)")).anyMatch(p -> p.startsWith("unknown column colour in group-by (columns: product, region"));
        assertThat(problems("product, product", "", "count(*)")).anyMatch(p -> p.startsWith("group-by names a column twice"));
        assertThat(problems("product, region, at", "region 1h", "count(*)")).anyMatch(p -> p.contains("must be the last group-by column"))
                                                                          .anyMatch(p -> p.contains("region is text: floor() takes timestamp, date, time or timeuuid"));
        assertThat(problems("product", "product 1h", "count(*)")).anyMatch(p -> p.contains("must be a clustering column"));
    }

    @Test
    void aggregatesTakeColumnsOfTypesTheyWorkOn()
    {
        assertThat(problems("product", "", "sum(note)")).containsExactly("sum(note): note is text, not a number");
        assertThat(problems("product", "", "max(tags)")).anyMatch(p -> p.startsWith("max(tags): tags is set<text>"));
        assertThat(problems("product", "", "avg(price)")).containsExactly("unknown column price in avg(price)");
        assertThat(problems("product", "", "sum(qty), sum(qty)")).anyMatch(p -> p.startsWith("an aggregate is named twice"));
        assertThat(problems("product", "", "")).containsExactly("a rule needs at least one aggregate");
    }

    @Test
    void everyProblemIsReportedAndTablesHotZoneDoesNotBoostAreRefused()
    {
        List<String> all = RuleValidator.problems(rule("Bad-Name", "region", "", "sum(note)"), Optional.of(SALES));
        assertThat(all).hasSize(3);
        assertThat(all.get(0)).startsWith("rule name 'Bad-Name' must be lower case letters");
        assertThat(all.get(1)).startsWith("group-by must start with the whole partition key (product): a rule is pre-computed per partition");
        assertThat(all.get(2)).isEqualTo("sum(note): note is text, not a number");
        assertThat(RuleValidator.problems(RuleRequests.parse("hotzone.plan", "r", "name", "", "count(*)", Instant.EPOCH, "n1"),
                                          Optional.of(new TableSchema(List.of(new Column("name", Kind.PARTITION_KEY, "text")), false))))
            .containsExactly("hotzone.plan is one of HotZone's own tables: they are not pre-aggregated");
        assertThat(RuleValidator.problems(rule("r", "product", "", "count(*)"), Optional.empty())).containsExactly("unknown table shop.sales");
        TableSchema counters = new TableSchema(List.of(new Column("k", Kind.PARTITION_KEY, "text"), new Column("c", Kind.REGULAR, "counter")), true);
        assertThat(RuleValidator.problems(RuleRequests.parse("shop.counts", "r", "k", "", "sum(c)", Instant.EPOCH, "n1"), Optional.of(counters)))
            .containsExactly("shop.counts is a counter table: HotZone does not boost counter tables, so it does not pre-aggregate them");
        TableSchema daily = new TableSchema(List.of(new Column("k", Kind.PARTITION_KEY, "text"), new Column("d", Kind.CLUSTERING, "date")), false);
        assertThat(RuleValidator.problems(RuleRequests.parse("shop.daily", "r", "k, d", "d 12h", "count(*)", Instant.EPOCH, "n1"), Optional.of(daily)))
            .containsExactly("the bucket of the date column d must be whole days, got 12h");
        TableSchema clock = new TableSchema(List.of(new Column("k", Kind.PARTITION_KEY, "text"), new Column("t", Kind.CLUSTERING, "time")), false);
        assertThat(RuleValidator.problems(RuleRequests.parse("shop.clock", "r", "k, t", "t 24h", "count(*)", Instant.EPOCH, "n1"), Optional.of(clock)))
            .as("Cassandra floors a time by less than a day only").containsExactly("the bucket of the time column t must be shorter than a day, got 1d");
        assertThat(RuleValidator.problems(RuleRequests.parse("shop.clock", "r", "k, t", "t 15m", "count(*)", Instant.EPOCH, "n1"), Optional.of(clock))).isEmpty();
    }

    @Test
    void quotedNamesAreExactAndPrintedQuotedUnquotedOnesFold()
    {
        TableSchema mixed = new TableSchema(List.of(new Column("userId", Kind.PARTITION_KEY, "text"), new Column("At", Kind.CLUSTERING, "timestamp"),
                                                    new Column("amount", Kind.REGULAR, "int")), false);
        AggregateRule r = RuleRequests.parse("shop.events", "r", "\"userId\", \"At\"", "\"At\" 1h", "SUM(Amount)", Instant.EPOCH, "n1");
        assertThat(RuleValidator.problems(r, Optional.of(mixed))).isEmpty();
        assertThat(r.query(List.of("userId"))).isEqualTo("SELECT \"userId\", floor(\"At\", 1h), sum(amount) FROM shop.events WHERE \"userId\" = ? "
                                                         + "GROUP BY \"userId\", floor(\"At\", 1h)");
        assertThat(RuleValidator.problems(RuleRequests.parse("shop.events", "r", "userId", "", "count(*)", Instant.EPOCH, "n1"), Optional.of(mixed)))
            .as("unquoted, it folds to userid").anyMatch(p -> p.startsWith("unknown column userid"));
        assertThatThrownBy(() -> Aggregate.parse("sum(_x)")).hasMessageContaining("is not an aggregate");
    }

    @Test
    void textThatIsNoRuleIsRefusedBeforeAnyCheck()
    {
        assertThatThrownBy(() -> Aggregate.parse("median(qty)")).hasMessage("unknown aggregate function 'median': count, sum, min, max or avg");
        assertThatThrownBy(() -> Aggregate.parse("sum qty")).hasMessageContaining("is not an aggregate");
        assertThatThrownBy(() -> Aggregate.parse("sum(*)")).hasMessageContaining("sum(*) is not an aggregate");
        assertThatThrownBy(() -> Bucket.parse("at")).hasMessageContaining("is not a bucket");
        assertThatThrownBy(() -> Bucket.parse("at 1 hour")).hasMessageContaining("is not a bucket");
        assertThatThrownBy(() -> Bucket.parse("at 0h")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> Bucket.parse("at 400d")).hasMessageContaining("at most 366d");
        assertThatThrownBy(() -> Bucket.parse("at 99999999999999999d")).hasMessageContaining("at most 366d");
        assertThatThrownBy(() -> RuleRequests.parse("sales", "r", "product", "", "count(*)", Instant.EPOCH, "n1")).hasMessageContaining("expected keyspace.table");
    }
}
