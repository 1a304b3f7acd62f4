package io.hotzone.nodetool.hotzone;

import java.util.ArrayList;
import java.util.List;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;

import io.hotzone.server.CqlLiterals;
import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "unboost", description = "End zones now: stop routing and mirroring, then drop their mirror data")
public class Unboost extends HotZoneCommand
{
    @Arguments(usage = "<zone id> | <keyspace.table> --keys K1,K2", description = "A zone id (see plan show), or a table with --keys")
    private List<String> args = new ArrayList<>();

    @Option(name = "--keys", description = "With a table: end the zones holding any of these partitions (CQL literals, comma-separated)")
    private String keys;

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() != 1)
            throw new IllegalArgumentException("unboost takes one zone id or one keyspace.table");
        HotZoneMXBean hz = installed(probe);
        List<String> ids = hz.unboost(args.get(0), keys == null ? List.of() : CqlLiterals.split(keys, ','));
        probe.output().out.println("Draining " + String.join(", ", ids));
    }
}
