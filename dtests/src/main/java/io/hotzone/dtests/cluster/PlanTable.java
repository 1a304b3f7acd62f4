package io.hotzone.dtests.cluster;

import java.util.HashMap;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

/** Reads {@code hotzone.plan} over CQL, as the driver policy does: every key of every zone, unabbreviated. */
public final class PlanTable
{
    private PlanTable()
    {
    }

    /** Each planned partition of {@code keyspace.table} (CQL literal) and the state of its zone; READY wins over others. */
    public static Map<String, String> stateByKey(CqlSession session, String table)
    {
        String[] ks = table.split("\\.", 2);
        Map<String, String> states = new HashMap<>();
        for (Row row : session.execute("SELECT keyspace_name, table_name, keys, state FROM hotzone.plan WHERE name = 'current'"))
            if (ks[0].equals(row.getString("keyspace_name")) && ks[1].equals(row.getString("table_name")) && !row.isNull("keys"))
                for (String key : row.getList("keys", String.class))
                    states.merge(key, row.getString("state"), (a, b) -> "READY".equals(a) ? a : b);
        return states;
    }
}
