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

    @Option(name = "--mirror-replicas", description = "Mirror replicas per data center that hold the zone (0, the default: every mirror replica)")
    private int mirrorReplicas;

    @Option(name = "--wait", description = "Follow the zone until it is READY (exit 0) or ends without being READY (exit 1, with the reason)")
    private boolean await;

    @Option(name = "--wait-timeout", description = "How long --wait follows the zone before giving up, e.g. 10m (default)")
    private String waitTimeout = "10m";

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.size() != 1)
            throw new IllegalArgumentException("boost takes one keyspace.table");
        if ((keys == null) == (tokenRange == null))
            throw new IllegalArgumentException("give --keys or --token-range (one of them)");
        HotZoneMXBean hz = installed(probe);
        List<String> keyList = keys == null ? List.of() : CqlLiterals.split(keys, ',');
        java.time.Duration timeout;
        try
        {
            timeout = Durations.parse(waitTimeout);
        }
        catch (IllegalArgumentException e)
        {
            throw new IllegalArgumentException("--wait-timeout: " + e.getMessage());
        }
        if (mirrorReplicas < 0)
            throw new IllegalArgumentException("--mirror-replicas must be 0 (every mirror replica) or more, got " + mirrorReplicas);
        String id = mirrorReplicas == 0 ? hz.boost(args.get(0), keyList, tokenRange, parseUntil(until).toEpochMilli())
                                        : hz.boost(args.get(0), keyList, tokenRange, parseUntil(until).toEpochMilli(), mirrorReplicas);
        if (!await)
        {
            probe.output().out.println("Zone " + id + " planned for " + args.get(0) + "; `nodetool-ext hotzone plan show` follows its copy");
            return;
        }
        probe.output().out.println("Zone " + id + " planned for " + args.get(0) + "; waiting until it is READY");
        follow(hz, id, timeout, probe.output().out);
    }

    /** Prints each change of the zone's state, round, progress or note until READY; fails when it ends otherwise. */
    private static void follow(HotZoneMXBean hz, String id, java.time.Duration timeout, java.io.PrintStream out)
    {
        long start = System.nanoTime(), deadline = start + timeout.toNanos();
        String last = "";
        while (true)
        {
            String[] zone = hz.plan().stream().skip(1).map(l -> l.split("\t", -1)).filter(f -> f[0].equals(id)).findFirst().orElse(null);
            if (zone == null)
                throw new IllegalStateException("zone " + id + " is no longer in the plan");
            // Zone, Table, Target, State, Round, Origin, Confidence, Until, Mirroring, Copied, Partitions, Bytes, Note
            String line = String.format("%-8s round %s  mirroring %s  copied %s  %s", zone[3], zone[4], zone[8], zone[9], zone[12]);
            if (!line.equals(last))
            {
                out.printf("%7.1f s  %s%n", (System.nanoTime() - start) / 1e9, line);
                last = line;
            }
            if (zone[3].equals("READY"))
                return;
            if (zone[3].equals("DRAINING") || zone[3].equals("GONE"))
                throw new IllegalStateException("zone " + id + " ended without being READY: " + zone[12]);
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("zone " + id + " not READY within " + timeout.toSeconds() + " s (state " + zone[3] + ": " + zone[12] + ")");
            try
            {
                Thread.sleep(500);
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
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
