package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.time.Instant;

import io.airlift.airline.Command;

import org.apache.cassandra.tools.NodeProbe;

import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "status", description = "Whether the HotZone plugin is active on the node, and why not")
public class Status extends HotZoneCommand
{
    @Override
    protected void execute(NodeProbe probe)
    {
        PrintStream out = probe.output().out;
        HotZoneMXBean hz = hotZone(probe);
        String node = probe.getEndpoint();
        if (hz == null)
        {
            out.println("HotZone on " + node);
            out.printf("%-16s: %s%n", "State", "NOT INSTALLED");
            out.printf("%-16s: %s%n", "Reason", "no MBean " + NAME + " (is the plugin jar in lib/ and its line in jvm-server.options?)");
            return;
        }
        out.println("HotZone on " + node);
        out.printf("%-16s: %s%n", "Plugin version", hz.getVersion());
        out.printf("%-16s: %s%n", "State", hz.getState());
        out.printf("%-16s: %s%n", "Active", hz.isActive());
        out.printf("%-16s: %s%n", "Reason", hz.getReason().isEmpty() ? "-" : hz.getReason());
        out.printf("%-16s: %s%n", "Role", hz.getRole());
        out.printf("%-16s: %s%n", "Features", hz.getFeatures().isEmpty() ? "-" : String.join(", ", hz.getFeatures()));
        out.printf("%-16s: %s%n", "Config", hz.getConfigSource().isEmpty() ? "(defaults)" : hz.getConfigSource());
        out.printf("%-16s: %s%n", "Since", Instant.ofEpochSecond(hz.getStateSince()));
        out.printf("%-16s: %s%n", "Last error", hz.getLastError().isEmpty() ? "-" : hz.getLastError());
    }
}
