package io.hotzone.nodetool.hotzone;

import java.util.ArrayList;
import java.util.List;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;

import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "history", description = "Access history: import FILE loads key,t,count CSV (optionally .gz) from before the plugin existed")
public class History extends HotZoneCommand
{
    @Arguments(usage = "import <file>", description = "What to do")
    private List<String> args = new ArrayList<>();

    @Option(name = "--table", description = "keyspace.table the history belongs to", required = true)
    private String table;

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() != 2 || !args.get(0).equals("import"))
            throw new IllegalArgumentException("usage: history import --table <keyspace.table> <file>");
        HotZoneMXBean hz = installed(probe);
        probe.output().out.println(hz.importHistory(table, Files.read(args.get(1))));
    }
}
