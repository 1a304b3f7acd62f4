package io.hotzone.tools.profile;

import java.util.ArrayList;
import java.util.List;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pre-aggregation rules the profile recommends, in the form {@code nodetool-ext hotzone rules add} takes (so only
 * rules Cassandra can run: GROUP BY the partition key, then a clustering prefix, the last one optionally floored):
 * the partition's totals; per group-by candidate that is a clustering column, the prefix ending in it; per time
 * clustering column, the prefix ending in it, by hour (by day for a date). A candidate that is a regular column
 * cannot be a rule (CQL groups by primary key columns only); the profile says so where it lists it.
 */
final class RuleRecommendations
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleRecommendations()
    {
    }

    /** Why a group-by candidate is no rule, or null when it is a clustering column (and so one). */
    static String whyNoRule(TableShape shape, String column)
    {
        return shape.clustering.contains(column) ? null
               : column + " is not a clustering column: CQL groups by primary key columns only (a table with " + column + " as a clustering column could)";
    }

    /** A rule name the plugin takes: lower case letters, digits and _, a letter first, at most 48 characters. */
    static String ruleName(String wanted)
    {
        String name = wanted.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (!name.isEmpty() && !Character.isLetter(name.charAt(0)))
            name = "r_" + name;
        if (name.length() > 48)
            name = name.substring(0, 39) + "_" + String.format("%08x", wanted.hashCode());
        return name;
    }

    /** A column name as CQL must be given it: quoted unless plain lower case. */
    static String quote(String name)
    {
        return name.matches("[a-z][a-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static ArrayNode of(TableShape shape, List<String> groupByCandidates, List<String> numeric)
    {
        ArrayNode rules = JSON.createArrayNode();
        if (shape.types.contains(DataTypes.COUNTER))
            return rules; // HotZone does not boost counter tables, so it does not pre-aggregate them
        List<String> aggregates = new ArrayList<>(List.of("count(*)"));
        numeric.stream().filter(c -> !shape.partitionKey.contains(c) && !shape.clustering.contains(c)).forEach(c -> aggregates.add("sum(" + quote(c) + ")"));
        add(rules, shape, shape.table + "_totals", new ArrayList<>(shape.partitionKey), null, aggregates, "every partition's totals");
        for (int i = 0; i < shape.clustering.size(); i++)
        {
            String c = shape.clustering.get(i);
            List<String> groupBy = new ArrayList<>(shape.partitionKey);
            groupBy.addAll(shape.clustering.subList(0, i + 1));
            DataType type = shape.types.get(shape.columns.indexOf(c));
            if (TableShape.temporal(type))
            {
                String width = type.equals(DataTypes.DATE) ? "1d" : "1h";
                add(rules, shape, shape.table + "_by_" + c + "_" + width, groupBy, quote(c) + " " + width, aggregates, "time-bucketed access on " + c);
            }
            else if (groupByCandidates.contains(c))
                add(rules, shape, shape.table + "_by_" + c, groupBy, null, aggregates, "few distinct values of " + c + " in the sample");
        }
        return rules;
    }

    private static void add(ArrayNode rules, TableShape shape, String wanted, List<String> groupBy, String bucket, List<String> aggregates, String basis)
    {
        ObjectNode r = rules.addObject();
        String name = ruleName(wanted);
        r.put("name", name);
        ArrayNode g = r.putArray("group_by");
        groupBy.forEach(g::add);
        if (bucket == null)
            r.putNull("bucket");
        else
            r.put("bucket", bucket);
        ArrayNode a = r.putArray("aggregates");
        aggregates.forEach(a::add);
        r.put("basis", basis);
        String columns = groupBy.stream().map(RuleRecommendations::quote).collect(java.util.stream.Collectors.joining(","));
        r.put("command", "nodetool-ext hotzone rules add " + shape.name() + " " + name + " --group-by '" + columns + "'"
                         + (bucket == null ? "" : " --bucket '" + bucket + "'") + " --aggregates '" + String.join(", ", aggregates) + "'");
    }
}
