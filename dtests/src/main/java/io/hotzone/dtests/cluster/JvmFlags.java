package io.hotzone.dtests.cluster;

import java.util.ArrayList;
import java.util.List;

/** JVM flags Cassandra 5.0 (and nodetool from the same jars) needs on JDK 17, as its own jvm17-server.options sets them. */
public final class JvmFlags
{
    private static final String[] EXPORTS = {
        "java.base/jdk.internal.misc", "java.base/jdk.internal.ref", "java.base/sun.nio.ch", "java.base/java.lang.ref",
        "java.management.rmi/com.sun.jmx.remote.internal.rmi", "java.management/com.sun.jmx.remote.security", "java.rmi/sun.rmi.registry", "java.rmi/sun.rmi.server",
        "java.sql/java.sql", "jdk.unsupported/sun.misc" };
    private static final String[] OPENS = {
        "java.base/java.lang.module", "java.base/jdk.internal.loader", "java.base/jdk.internal.ref",
        "java.base/jdk.internal.reflect", "java.base/jdk.internal.math", "java.base/jdk.internal.module",
        "java.base/jdk.internal.util.jar", "java.base/sun.nio.ch", "java.base/java.io", "java.base/java.nio",
        "java.base/java.util", "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic",
        "java.base/java.lang", "java.base/java.math", "java.base/java.lang.reflect", "java.base/java.net",
        "jdk.management/com.sun.management.internal" };

    private JvmFlags()
    {
    }

    public static List<String> modules()
    {
        List<String> flags = new ArrayList<>();
        for (String e : EXPORTS)
            flags.add("--add-exports=" + e + "=ALL-UNNAMED");
        for (String o : OPENS)
            flags.add("--add-opens=" + o + "=ALL-UNNAMED");
        return flags;
    }

    /**
     * Light, fast-starting settings for local nodes (see shared notes: measured on 2 cores). Tests stop the JIT at C1
     * (faster start); benchmarks keep the full JIT, as production does.
     */
    public static List<String> localNode(int heapMb, boolean fullJit, int ringDelayMs)
    {
        List<String> flags = new ArrayList<>(List.of("-Xms256m", "-Xmx" + heapMb + "m", "-XX:+UseG1GC",
                       "-Djava.net.preferIPv4Stack=true",
                       "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                       "-Dcassandra.memtable.row_overhead_size=180",
                       "-Dcassandra.test.messagingService.nonGracefulShutdown=true",
                       "-Dcassandra.shutdown_announce_in_ms=200",
                       "-Dcassandra.ring_delay_ms=" + ringDelayMs,
                       // a node that missed a schema push pulls it this long after gossip shows the new version (60 s
                       // by default), and at once while its JVM is younger than that: one missed push stalled a dtest's
                       // schema agreement for a minute. At 15 s a push missed later waits 15 s; nodes here are ACTIVE
                       // about 15 s after start, so the start's own pulls stay immediate.
                       "-Dcassandra.migration_delay_ms=15000"));
        if (!fullJit)
            flags.add("-XX:TieredStopAtLevel=1");
        return flags;
    }
}
