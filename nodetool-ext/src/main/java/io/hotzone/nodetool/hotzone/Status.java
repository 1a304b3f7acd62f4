package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;

import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "status", description = "Whether the HotZone plugin is active on the node, and why not")
public class Status extends HotZoneCommand
{
    @Option(title = "format", name = { "-F", "--format" }, description = "Output format (json, yaml); default: a table")
    private String format = "";

    @Override
    protected void execute(NodeProbe probe)
    {
        PrintStream out = probe.output().out;
        Formats.check(format);
        HotZoneMXBean hz = hotZone(probe);
        String node = probe.getEndpoint();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("node", node);
        if (hz == null)
        {
            data.put("state", "NOT INSTALLED");
            data.put("reason", "no MBean " + NAME + " (is the plugin jar in lib/ and its line in jvm-server.options?)");
            if (Formats.print(format, data, out))
                return;
            out.println("HotZone on " + node);
            out.printf("%-16s: %s%n", "State", "NOT INSTALLED");
            out.printf("%-16s: %s%n", "Reason", "no MBean " + NAME + " (is the plugin jar in lib/ and its line in jvm-server.options?)");
            return;
        }
        data.put("plugin_version", hz.getVersion());
        data.put("state", hz.getState());
        data.put("active", hz.isActive());
        data.put("reason", hz.getReason());
        data.put("role", hz.getRole());
        data.put("features", new ArrayList<>(hz.getFeatures()));
        data.put("config", hz.getConfigSource());
        data.put("since", Instant.ofEpochSecond(hz.getStateSince()).toString());
        data.put("last_error", hz.getLastError());
        if (Formats.print(format, data, out))
            return;
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
