package io.hotzone.nodetool.hotzone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;

import io.hotzone.config.Durations;
import io.hotzone.events.EventParser;
import io.hotzone.server.CqlLiterals;
import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "boost", description = "Boost partitions or a token range of a table now: mirror them onto extra replicas and route their ONE reads there")
public class Boost extends HotZoneCommand
{
    @Arguments(usage = "<keyspace.table>", description = "The table")
    private List<String> args = new ArrayList<>();

    @Option(name = "--keys", description = "Partitions as CQL literals of the partition key, comma-separated, e.g. 'p1','p2' or 42,43")
    private String keys;

    @Option(name = "--token-range", description = "Token range START,END (Murmur3, inclusive) instead of --keys")
    private String tokenRange;

    @Option(name = "--until", description = "End of the boost: a duration from now (30m, 2h) or a UTC time (2026-11-27T09:00:00Z); default 1h")
    private String until = "1h";

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() != 1)
            throw new IllegalArgumentException("boost takes one keyspace.table");
        if ((keys == null) == (tokenRange == null))
            throw new IllegalArgumentException("give --keys or --token-range (one of them)");
        HotZoneMXBean hz = installed(probe);
        List<String> keyList = keys == null ? List.of() : CqlLiterals.split(keys, ',');
        String id = hz.boost(args.get(0), keyList, tokenRange, parseUntil(until).toEpochMilli());
        probe.output().out.println("Zone " + id + " planned for " + args.get(0) + "; `nodetool-ext hotzone plan show` follows its copy");
    }

    /** A duration from now (30m, 2h), or a time as event files write it (UTC). */
    static Instant parseUntil(String text)
    {
        String t = text.trim();
        try
        {
            return Instant.now().plus(Durations.parse(t));
        }
        catch (IllegalArgumentException notADuration)
        {
            return EventParser.time("--until", "until", t);
        }
    }
}
