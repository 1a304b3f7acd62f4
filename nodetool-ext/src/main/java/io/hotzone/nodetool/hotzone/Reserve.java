package io.hotzone.nodetool.hotzone;

import java.util.ArrayList;
import java.util.List;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;

import io.hotzone.config.Durations;
import io.hotzone.server.Knob;

@Command(name = "reserve", description = "Reserve a knob's value on nodes for a while; each node applies it, then returns to its own value when it expires")
public class Reserve extends HotZoneCommand
{
    @Arguments(usage = "<knob> <value>", description = "The knob (compaction_throughput, concurrent_compactors, stream_throughput, "
                                                       + "entire_sstable_stream_throughput, key_cache, "
                                                       + "row_cache, read_concurrency, write_concurrency, native_transport_mib, cpu_quota, cpu_weight) and its value")
    private List<String> args = new ArrayList<>();

    @Option(name = "--nodes", description = "Addresses of the nodes, comma-separated; default: every node of the ring")
    private String nodes = "";

    @Option(name = "--ttl", description = "How long the reservation lasts, e.g. 30m (default 1h, at most 7d)")
    private String ttl = "1h";

    @Option(name = "--reason", description = "Shown beside the reservation")
    private String reason = "";

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() != 2)
            throw new IllegalArgumentException("reserve takes a knob and a value, e.g. reserve compaction_throughput 16; knobs: " + Knob.known());
        long value;
        try
        {
            value = Long.parseLong(args.get(1));
        }
        catch (NumberFormatException e)
        {
            throw new IllegalArgumentException("the value must be a whole number, got '" + args.get(1) + "'");
        }
        long seconds;
        try
        {
            seconds = Durations.parse(ttl).toSeconds();
        }
        catch (IllegalArgumentException e)
        {
            throw new IllegalArgumentException("--ttl: " + e.getMessage());
        }
        for (String line : installed(probe).reserve(Release.nodes(nodes), args.get(0), value, seconds, reason))
            probe.output().out.println("Reserved " + line);
    }
}
