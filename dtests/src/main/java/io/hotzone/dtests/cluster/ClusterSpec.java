package io.hotzone.dtests.cluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of a local cluster. Node {@code n} (1-based) listens on 127.0.0.n with CQL on 9042 and JMX on
 * 7199 + 100·(n−1); nodes are spread round-robin over {@code dcs} data centers named dc1, dc2, ….
 *
 * @param name            cluster name, also the folder name under the work directory
 * @param nodes           number of nodes
 * @param dcs             number of data centers
 * @param numTokens       1 for a single-token ring (evenly spaced initial tokens), else vnodes per node
 * @param heapMb          max heap per node
 * @param cpuQuotaPercent per-node CPU cap in percent of one core (cgroup v1), empty for none
 * @param hotzoneYaml     hotzone.yaml content per node number; nodes not listed get conf/hotzone.yaml
 * @param cassandraHome   an unpacked official apache-cassandra-5.0.x tarball to run instead of the Maven jars
 * @param firstAddress    last octet of node 1's address (127.0.0.firstAddress)
 * @param fullJit         full tiered JIT as in production (benchmarks); tests stop at C1 for a faster start
 * @param spares          how many of the last nodes are left out of the first start: no seeds, they join later with
 *                        {@code auto_bootstrap} ({@link LocalCluster#bootstrap})
 * @param auth            PasswordAuthenticator and CassandraAuthorizer (superuser cassandra/cassandra, which the
 *                        harness's sessions use)
 * @param cassandraYamlExtra lines appended to every node's cassandra.yaml (settings the harness does not set itself)
 * @param ringDelayMs     Cassandra's ring delay ({@code cassandra.ring_delay_ms}; 30 000 in production): 2 000 starts and
 *                        joins fast; token moves need longer ({@link #MOVES_RING_DELAY_MS})
 */
public record ClusterSpec(String name, int nodes, int dcs, int numTokens, int heapMb, Optional<Integer> cpuQuotaPercent,
                          Map<Integer, String> hotzoneYaml, Optional<Path> cassandraHome, int firstAddress, boolean fullJit,
                          int spares, boolean auth, String cassandraYamlExtra, int ringDelayMs)
{
    /**
     * The ring delay of clusters whose tokens move. A move announces itself, waits the ring delay, then streams; a
     * coordinator that has not computed the move's pending ranges by then acknowledges QUORUM writes the node gaining
     * the range never receives. The 2 s start-up default lost one such write in MovesDTest on a loaded 2-core machine;
     * 5 s leaves five gossip rounds (production: 30 s).
     */
    public static final int MOVES_RING_DELAY_MS = 5000;

    public ClusterSpec
    {
        if (nodes < 1 || nodes > 32) throw new IllegalArgumentException("nodes must be 1..32, got " + nodes);
        if (dcs < 1 || dcs > nodes) throw new IllegalArgumentException("dcs must be 1.." + nodes + ", got " + dcs);
        if (numTokens < 1) throw new IllegalArgumentException("numTokens must be >= 1");
        if (spares < 0 || spares >= nodes) throw new IllegalArgumentException("spares must be 0.." + (nodes - 1) + ", got " + spares);
        if (firstAddress < 1 || firstAddress + nodes > 255) throw new IllegalArgumentException("addresses out of range");
        if (ringDelayMs < 1000) throw new IllegalArgumentException("ringDelayMs must be >= 1000, got " + ringDelayMs);
        hotzoneYaml = Map.copyOf(hotzoneYaml);
    }

    /** Defaults for tests and people: vnodes (16), 768 MiB heap, no CPU cap, Maven jars unless -Dhotzone.cassandra.home is set. */
    public static ClusterSpec of(String name, int nodes)
    {
        String home = System.getProperty("hotzone.cassandra.home");
        return new ClusterSpec(name, nodes, 1, 16, 768, Optional.empty(), Map.of(),
                               home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home)), 1, false, 0, false, "", 2000);
    }

    public ClusterSpec withDcs(int n)
    {
        return new ClusterSpec(name, nodes, n, numTokens, heapMb, cpuQuotaPercent, hotzoneYaml, cassandraHome, firstAddress, fullJit, spares, auth, cassandraYamlExtra, ringDelayMs);
    }

    public ClusterSpec withNumTokens(int n)
    {
        return new ClusterSpec(name, nodes, dcs, n, heapMb, cpuQuotaPercent, hotzoneYaml, cassandraHome, firstAddress, fullJit, spares, auth, cassandraYamlExtra, ringDelayMs);
    }

    public ClusterSpec withHeapMb(int mb)
    {
        return new ClusterSpec(name, nodes, dcs, numTokens, mb, cpuQuotaPercent, hotzoneYaml, cassandraHome, firstAddress, fullJit, spares, auth, cassandraYamlExtra, ringDelayMs);
    }

    public ClusterSpec withCpuQuotaPercent(int percent)
    {
        return new ClusterSpec(name, nodes, dcs, numTokens, heapMb, Optional.of(percent), hotzoneYaml, cassandraHome, firstAddress, fullJit, spares, auth, cassandraYamlExtra, ringDelayMs);
    }

    public ClusterSpec withHotzoneYaml(int node, String yaml)
    {
        Map<Integer, String> m = new java.util.HashMap<>(hotzoneYaml);
        m.put(node, yaml);
        return new ClusterSpec(name, nodes, dcs, numTokens, heapMb, cpuQuotaPercent, m, cassandraHome, firstAddress, fullJit, spares, auth, cassandraYamlExtra, ringDelayMs);
    }

    /** The same hotzone.yaml on every node. */
    public ClusterSpec withHotzoneYamlOnAll(String yaml)
    {
        Map<Integer, String> all = new java.util.HashMap<>();
        for (int n = 1; n <= nodes; n++)
            all.put(n, yaml);
        return new ClusterSpec(name, nodes, dcs, numTokens, heapMb, cpuQuotaPercent, all, cassandraHome, firstAddress, fullJit, spares, auth, cassandraYamlExtra, ringDelayMs);
    }

    public ClusterSpec withNodes(int n)
    {
        return new ClusterSpec(name, n, dcs, numTokens, heapMb, cpuQuotaPercent, hotzoneYaml, cassandraHome, firstAddress, fullJit, spares, auth, cassandraYamlExtra, ringDelayMs);
    }

    public ClusterSpec withFullJit()
    {
        return new ClusterSpec(name, nodes, dcs, numTokens, heapMb, cpuQuotaPercent, hotzoneYaml, cassandraHome, firstAddress, true, spares, auth, cassandraYamlExtra, ringDelayMs);
    }

    public ClusterSpec withFirstAddress(int octet)
    {
        return new ClusterSpec(name, nodes, dcs, numTokens, heapMb, cpuQuotaPercent, hotzoneYaml, cassandraHome, octet, fullJit, spares, auth, cassandraYamlExtra, ringDelayMs);
    }

    /** {@code n} more nodes, started later by {@link LocalCluster#bootstrap} (they join the ring, streaming their data). */
    public ClusterSpec withSpares(int n)
    {
        return new ClusterSpec(name, nodes + n - spares, dcs, numTokens, heapMb, cpuQuotaPercent, hotzoneYaml, cassandraHome, firstAddress, fullJit, n, auth, cassandraYamlExtra, ringDelayMs);
    }

    /** Authentication and authorization on (see {@code auth}). */
    /** Appends these lines (YAML) to every node's cassandra.yaml, e.g. {@code row_cache_size: 256MiB}. */
    public ClusterSpec withCassandraYaml(String lines)
    {
        return new ClusterSpec(name, nodes, dcs, numTokens, heapMb, cpuQuotaPercent, hotzoneYaml, cassandraHome, firstAddress, fullJit, spares, auth,
                               cassandraYamlExtra + lines + (lines.endsWith("\n") ? "" : "\n"), ringDelayMs);
    }

    /** Cassandra's ring delay; clusters whose tokens move use {@link #MOVES_RING_DELAY_MS}. */
    public ClusterSpec withRingDelayMs(int ms)
    {
        return new ClusterSpec(name, nodes, dcs, numTokens, heapMb, cpuQuotaPercent, hotzoneYaml, cassandraHome, firstAddress, fullJit, spares, auth, cassandraYamlExtra, ms);
    }

    public ClusterSpec withAuth()
    {
        return new ClusterSpec(name, nodes, dcs, numTokens, heapMb, cpuQuotaPercent, hotzoneYaml, cassandraHome, firstAddress, fullJit, spares, true, cassandraYamlExtra, ringDelayMs);
    }

    /** Whether node {@code node} is one of the spares (joins later). */
    public boolean isSpare(int node)
    {
        return node > nodes - spares;
    }

    public String address(int node)
    {
        return "127.0.0." + (firstAddress + node - 1);
    }

    public int jmxPort(int node)
    {
        return 7199 + 100 * (firstAddress + node - 2);
    }

    public String datacenter(int node)
    {
        return "dc" + (((node - 1) % dcs) + 1);
    }
}
