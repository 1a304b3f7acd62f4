package io.hotzone.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates {@code hotzone.yaml}. Unknown keys are errors, not warnings: a misspelt key that
 * silently keeps its default is the kind of surprise an operator finds out about during an incident.
 */
public final class ConfigLoader
{
    /** System property naming the file; without it the file beside cassandra.yaml is used. */
    public static final String CONFIG_PROPERTY = "hotzone.config";

    /** Cassandra refuses TTLs above 20 years. */
    private static final Duration MAX_TTL = Duration.ofSeconds(630_720_000);

    /** {@code resources.hot.<knob>}: one key per knob. */
    private static final String HOT = "resources.hot.";

    static final Set<String> KNOWN_KEYS = knownKeys(Set.of("enabled", "cycle", "bucket", "keyspace_replication_factor",
                                                 "delegate_query_handler",
                                                 "capture.enabled", "capture.top_k", "capture.ranges", "capture.max_tables",
                                                 "capture.max_key_bytes", "capture.queue_capacity", "capture.view_window",
                                                 "history.step", "history.ttl", "history.keys_per_row",
                                                 "forecast.enabled", "forecast.step", "forecast.horizon_steps", "forecast.top_k",
                                                 "forecast.history", "forecast.retrain_every", "forecast.cpu_budget", "forecast.lease_ttl",
                                                 "boost.enabled", "boost.dry_run", "boost.max_zones", "boost.max_mirror_mib_per_node",
                                                 "boost.min_confidence", "boost.cooldown", "boost.hold_cycles", "boost.replicas_per_dc",
                                                 "boost.mirror_sizing", "boost.replica_reads_per_second", "boost.mirror_headroom",
                                                 "boost.plan_poll", "boost.route", "boost.announced_events", "boost.anomalies",
                                                 "boost.route_lease", "boost.mirror_ack_timeout", "boost.refresh_every",
                                                 "resources.enabled", "resources.sample_every", "resources.metrics_ttl", "resources.poll",
                                                 "resources.stale_after", "resources.auto", "resources.lead", "resources.reservation_ttl",
                                                 "resources.cgroups", "resources.window", "resources.cpu_shift",
                                                 "moves.enabled", "moves.dry_run", "moves.poll", "moves.lock_ttl", "moves.cooldown",
                                                 "moves.daily_budget", "moves.free_disk_factor", "moves.max_moves", "moves.min_gain", "moves.window",
                                                 "moves.automatic", "moves.min_confidence"));

    private static Set<String> knownKeys(Set<String> fixed)
    {
        Set<String> all = new java.util.HashSet<>(fixed);
        for (io.hotzone.server.Knob k : io.hotzone.server.Knob.values())
            all.add(HOT + k.key());
        return Set.copyOf(all);
    }

    private ConfigLoader()
    {
    }

    /**
     * The file named by {@code -Dhotzone.config}; else {@code hotzone.yaml} beside the cassandra.yaml named by
     * {@code -Dcassandra.config}; else {@code hotzone.yaml} on the classpath (bin/cassandra puts conf/ there first).
     */
    public static Optional<Path> locate()
    {
        String explicit = System.getProperty(CONFIG_PROPERTY);
        if (explicit != null && !explicit.isBlank())
            return Optional.of(toPath(explicit));
        String cassandraConfig = System.getProperty("cassandra.config");
        if (cassandraConfig != null && !cassandraConfig.isBlank())
        {
            Path parent = toPath(cassandraConfig).getParent();
            Path candidate = parent == null ? null : parent.resolve("hotzone.yaml");
            return candidate != null && Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
        }
        java.net.URL resource = ConfigLoader.class.getClassLoader().getResource("hotzone.yaml");
        if (resource != null && "file".equals(resource.getProtocol()))
            return Optional.of(toPath(resource.toString()));
        return Optional.empty();
    }

    private static Path toPath(String location)
    {
        return location.startsWith("file:") ? Paths.get(java.net.URI.create(location)) : Paths.get(location);
    }

    /** Loads the located file, or the defaults when there is none. */
    public static HotZoneConfig load() throws ConfigException
    {
        Optional<Path> path = locate();
        return path.isPresent() ? load(path.get()) : HotZoneConfig.defaults();
    }

    public static HotZoneConfig load(Path path) throws ConfigException
    {
        if (!Files.isRegularFile(path))
            throw new ConfigException(path + ": no such file (set by -D" + CONFIG_PROPERTY + ")");
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8))
        {
            return parse(path, reader);
        }
        catch (IOException e)
        {
            throw new ConfigException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    static HotZoneConfig parse(Path path, Reader reader) throws ConfigException
    {
        Object root;
        try
        {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        catch (MarkedYAMLException e)
        {
            throw new ConfigException(path + ": not valid YAML at line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem(), e);
        }
        catch (YAMLException e)
        {
            throw new ConfigException(path + ": not valid YAML: " + e.getMessage(), e);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (root != null)
        {
            if (!(root instanceof Map))
                throw new ConfigException(path + ": expected a mapping of keys to values at the top level");
            flatten("", (Map<?, ?>) root, values, path);
        }
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KNOWN_KEYS);
        if (!unknown.isEmpty())
            throw new ConfigException(path + ": unknown key(s) " + unknown + "; known keys are " + new TreeSet<>(KNOWN_KEYS));

        HotZoneConfig d = HotZoneConfig.defaults();
        Fields f = new Fields(path, values);
        boolean enabled = f.bool("enabled", d.enabled());
        Duration bucket = f.duration("bucket", d.bucket());
        Duration cycle = f.duration("cycle", d.cycle());
        int rf = f.integer("keyspace_replication_factor", d.keyspaceReplicationFactor());
        Optional<String> delegate = f.text("delegate_query_handler");

        if (bucket.compareTo(Duration.ofSeconds(1)) < 0)
            throw f.error("bucket", "must be at least 1s, got " + Durations.format(bucket));
        if (cycle.compareTo(bucket) < 0 || cycle.toMillis() % bucket.toMillis() != 0)
            throw f.error("cycle", "must be a whole multiple of bucket (" + Durations.format(bucket) + "), got " + Durations.format(cycle));
        if (rf < 1 || rf > 10)
            throw f.error("keyspace_replication_factor", "must be between 1 and 10, got " + rf);
        if (delegate.isPresent() && !delegate.get().matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*"))
            throw f.error("delegate_query_handler", "must be a fully qualified class name, got '" + delegate.get() + "'");

        CaptureSettings cd = CaptureSettings.defaults();
        CaptureSettings capture = new CaptureSettings(f.bool("capture.enabled", cd.enabled()), bucket,
                                                      f.integer("capture.top_k", cd.topK()), f.integer("capture.ranges", cd.ranges()),
                                                      f.integer("capture.max_tables", cd.maxTables()), f.integer("capture.max_key_bytes", cd.maxKeyBytes()),
                                                      f.integer("capture.queue_capacity", cd.queueCapacity()), f.duration("capture.view_window", cd.viewWindow()));
        if (capture.topK() < 1 || capture.topK() > 100_000)
            throw f.error("capture.top_k", "must be between 1 and 100000, got " + capture.topK());
        if (capture.ranges() < 1 || capture.ranges() > 65536 || Integer.bitCount(capture.ranges()) != 1)
            throw f.error("capture.ranges", "must be a power of two between 1 and 65536, got " + capture.ranges());
        if (capture.maxTables() < 1)
            throw f.error("capture.max_tables", "must be at least 1, got " + capture.maxTables());
        if (capture.maxKeyBytes() < 1)
            throw f.error("capture.max_key_bytes", "must be at least 1, got " + capture.maxKeyBytes());
        if (capture.queueCapacity() < 1024)
            throw f.error("capture.queue_capacity", "must be at least 1024, got " + capture.queueCapacity());
        if (capture.viewWindow().compareTo(bucket) < 0)
            throw f.error("capture.view_window", "must be at least one bucket (" + Durations.format(bucket) + ")");

        HistorySettings hd = HistorySettings.defaults();
        HistorySettings history = new HistorySettings(f.duration("history.step", hd.step()), f.duration("history.ttl", hd.ttl()),
                                                      f.integer("history.keys_per_row", hd.keysPerRow()));
        if (history.step().compareTo(bucket) < 0 || history.step().toMillis() % bucket.toMillis() != 0)
            throw f.error("history.step", "must be a whole multiple of bucket (" + Durations.format(bucket) + "), got " + Durations.format(history.step()));
        if (history.ttl().compareTo(history.step()) < 0 || history.ttl().toSeconds() > Integer.MAX_VALUE)
            throw f.error("history.ttl", "must be at least one step and at most 68 years, got " + Durations.format(history.ttl()));
        if (history.keysPerRow() < 1)
            throw f.error("history.keys_per_row", "must be at least 1, got " + history.keysPerRow());

        ForecastSettings fd = ForecastSettings.defaults();
        Duration leaseTtl = f.duration("forecast.lease_ttl", Duration.ofMillis(Math.max(fd.leaseTtl().toMillis(), 3 * cycle.toMillis())));
        ForecastSettings forecast = new ForecastSettings(f.bool("forecast.enabled", fd.enabled()), f.duration("forecast.step", fd.step()),
                                                         f.integer("forecast.horizon_steps", fd.horizonSteps()), f.integer("forecast.top_k", fd.topK()),
                                                         f.duration("forecast.history", fd.history()), f.duration("forecast.retrain_every", fd.retrainEvery()),
                                                         cpuShare(f, fd.cpuBudget()), leaseTtl);
        if (forecast.step().compareTo(history.step()) < 0 || forecast.step().toMillis() % history.step().toMillis() != 0)
            throw f.error("forecast.step", "must be a whole multiple of history.step (" + Durations.format(history.step()) + "), got " + Durations.format(forecast.step()));
        if (forecast.horizonSteps() < 1 || forecast.horizonSteps() > 1000)
            throw f.error("forecast.horizon_steps", "must be between 1 and 1000, got " + forecast.horizonSteps());
        if (forecast.topK() < 1)
            throw f.error("forecast.top_k", "must be at least 1, got " + forecast.topK());
        if (forecast.history().compareTo(forecast.step().multipliedBy(2L * forecast.horizonSteps())) < 0)
            throw f.error("forecast.history", "must cover at least twice the horizon (" + Durations.format(forecast.step().multipliedBy(2L * forecast.horizonSteps())) + ")");
        if (forecast.leaseTtl().compareTo(cycle.multipliedBy(2)) < 0)
            throw f.error("forecast.lease_ttl", "must be at least two cycles (" + Durations.format(cycle.multipliedBy(2)) + "), got " + Durations.format(forecast.leaseTtl()));

        BoostSettings bd = BoostSettings.defaults();
        BoostSettings boost = new BoostSettings(f.bool("boost.enabled", bd.enabled()), f.bool("boost.dry_run", bd.dryRun()),
                                                f.integer("boost.max_zones", bd.maxZones()), f.integer("boost.max_mirror_mib_per_node", bd.maxMirrorMibPerNode()),
                                                f.number("boost.min_confidence", bd.minConfidence()), f.duration("boost.cooldown", bd.cooldown()),
                                                f.integer("boost.hold_cycles", bd.holdCycles()), f.integer("boost.replicas_per_dc", bd.replicasPerDc()),
                                                f.duration("boost.plan_poll", bd.planPoll()), f.bool("boost.route", bd.route()),
                                                f.bool("boost.announced_events", bd.announcedEvents()), f.bool("boost.anomalies", bd.anomalies()),
                                                f.duration("boost.route_lease", bd.routeLease()), f.duration("boost.mirror_ack_timeout", bd.mirrorAckTimeout()),
                                                f.duration("boost.refresh_every", bd.refreshEvery()), sizing(f, bd.sizing()));
        if (boost.maxZones() < 1 || boost.maxZones() > 1000)
            throw f.error("boost.max_zones", "must be between 1 and 1000, got " + boost.maxZones());
        if (boost.maxMirrorMibPerNode() < 1)
            throw f.error("boost.max_mirror_mib_per_node", "must be at least 1, got " + boost.maxMirrorMibPerNode());
        if (boost.minConfidence() < 0 || boost.minConfidence() > 1)
            throw f.error("boost.min_confidence", "must be between 0 and 1, got " + boost.minConfidence());
        if (boost.holdCycles() < 0)
            throw f.error("boost.hold_cycles", "must be 0 or more, got " + boost.holdCycles());
        if (boost.replicasPerDc() < 0)
            throw f.error("boost.replicas_per_dc", "must be 0 (every node of the DC) or more, got " + boost.replicasPerDc());
        if (boost.planPoll().compareTo(Duration.ofMillis(200)) < 0)
            throw f.error("boost.plan_poll", "must be at least 200ms, got " + Durations.format(boost.planPoll()));
        if (boost.routeLease().compareTo(Duration.ofMillis(200)) < 0 || boost.routeLease().compareTo(Duration.ofSeconds(30)) > 0)
            throw f.error("boost.route_lease", "must be between 200ms and 30s, got " + Durations.format(boost.routeLease()));
        if (boost.mirrorAckTimeout().compareTo(Duration.ofMillis(10)) < 0 || boost.mirrorAckTimeout().compareTo(Duration.ofSeconds(10)) > 0)
            throw f.error("boost.mirror_ack_timeout", "must be between 10ms and 10s, got " + Durations.format(boost.mirrorAckTimeout()));
        if (boost.refreshEvery().compareTo(Duration.ofSeconds(10)) < 0)
            throw f.error("boost.refresh_every", "must be at least 10s, got " + Durations.format(boost.refreshEvery()));

        return new HotZoneConfig(Optional.of(path), enabled, cycle, bucket, rf, delegate, capture, history, forecast, boost, resources(f), moves(f));
    }

    private static MirrorSizingSettings sizing(Fields f, MirrorSizingSettings d) throws ConfigException
    {
        MirrorSizingSettings.Mode mode;
        String raw = f.text("boost.mirror_sizing").orElse(d.mode().configName());
        try
        {
            mode = MirrorSizingSettings.Mode.parse(raw);
        }
        catch (IllegalArgumentException e)
        {
            throw f.error("boost.mirror_sizing", e.getMessage());
        }
        MirrorSizingSettings s = new MirrorSizingSettings(mode, f.number("boost.replica_reads_per_second", d.replicaReadsPerSecond()),
                                                          f.number("boost.mirror_headroom", d.headroom()));
        if (!(s.replicaReadsPerSecond() >= 0) || s.replicaReadsPerSecond() > 1e9)
            throw f.error("boost.replica_reads_per_second", "must be 0 (measured) or a positive rate, got " + s.replicaReadsPerSecond());
        if (!(s.headroom() >= 1) || s.headroom() > 10)
            throw f.error("boost.mirror_headroom", "must be between 1 and 10, got " + s.headroom());
        return s;
    }

    private static MoveSettings moves(Fields f) throws ConfigException
    {
        MoveSettings d = MoveSettings.defaults();
        MoveSettings m = new MoveSettings(f.bool("moves.enabled", d.enabled()), f.bool("moves.dry_run", d.dryRun()), f.duration("moves.poll", d.poll()),
                                          f.duration("moves.lock_ttl", d.lockTtl()), f.duration("moves.cooldown", d.cooldown()),
                                          f.integer("moves.daily_budget", d.dailyBudget()), f.number("moves.free_disk_factor", d.freeDiskFactor()),
                                          f.integer("moves.max_moves", d.maxMoves()), f.number("moves.min_gain", d.minGain()), f.duration("moves.window", d.window()),
                                          f.bool("moves.automatic", d.automatic()), f.number("moves.min_confidence", d.minConfidence()));
        if (m.poll().compareTo(Duration.ofMillis(500)) < 0)
            throw f.error("moves.poll", "must be at least 500ms, got " + Durations.format(m.poll()));
        if (m.lockTtl().compareTo(m.poll().multipliedBy(3)) < 0 || m.lockTtl().compareTo(Duration.ofSeconds(10)) < 0)
            throw f.error("moves.lock_ttl", "must be at least 10s and three polls (" + Durations.format(m.poll().multipliedBy(3)) + "), got " + Durations.format(m.lockTtl()));
        if (m.dailyBudget() < 1)
            throw f.error("moves.daily_budget", "must be at least 1 (moves.enabled: false turns moves off), got " + m.dailyBudget());
        if (m.freeDiskFactor() < 1)
            throw f.error("moves.free_disk_factor", "must be at least 1, got " + m.freeDiskFactor());
        if (m.maxMoves() < 1 || m.maxMoves() > 16)
            throw f.error("moves.max_moves", "must be between 1 and 16, got " + m.maxMoves());
        if (m.maxMoves() > m.dailyBudget())
            throw f.error("moves.max_moves", "must not exceed moves.daily_budget (" + m.dailyBudget() + "): a plan would stop half-way, got " + m.maxMoves());
        if (!(m.minGain() > 0 && m.minGain() < 1))
            throw f.error("moves.min_gain", "must be between 0 and 1 (exclusive), got " + m.minGain());
        if (m.window().compareTo(Duration.ofSeconds(10)) < 0)
            throw f.error("moves.window", "must be at least 10s, got " + Durations.format(m.window()));
        if (m.minConfidence() < 0 || m.minConfidence() > 1)
            throw f.error("moves.min_confidence", "must be between 0 and 1, got " + m.minConfidence());
        return m;
    }

    private static ResourceSettings resources(Fields f) throws ConfigException
    {
        ResourceSettings rd = ResourceSettings.defaults();
        java.util.Map<io.hotzone.server.Knob, Long> hot = new java.util.EnumMap<>(io.hotzone.server.Knob.class);
        for (io.hotzone.server.Knob k : io.hotzone.server.Knob.values())
        {
            if (!f.has(HOT + k.key()))
                continue;
            long v = f.integer(HOT + k.key(), 0);
            try
            {
                hot.put(k, k.check(v, k.max()));
            }
            catch (IllegalArgumentException e)
            {
                throw f.error(HOT + k.key(), e.getMessage().substring(k.key().length() + 1));
            }
        }
        ResourceSettings r = new ResourceSettings(f.bool("resources.enabled", rd.enabled()), f.duration("resources.sample_every", rd.sampleEvery()),
                                                  f.duration("resources.metrics_ttl", rd.metricsTtl()), f.duration("resources.poll", rd.poll()),
                                                  f.duration("resources.stale_after", rd.staleAfter()), f.bool("resources.auto", rd.auto()),
                                                  f.duration("resources.lead", rd.lead()), f.duration("resources.reservation_ttl", rd.reservationTtl()), hot,
                                                  f.bool("resources.cgroups", rd.cgroups()), f.duration("resources.window", rd.window()),
                                                  f.number("resources.cpu_shift", rd.cpuShift()));
        if (!(r.cpuShift() >= 0 && r.cpuShift() <= 0.9))
            throw f.error("resources.cpu_shift", "must be between 0 (off) and 0.9, got " + r.cpuShift());
        if (r.cpuShift() > 0 && r.hot().containsKey(io.hotzone.server.Knob.CPU_QUOTA))
            throw f.error("resources.cpu_shift", "and resources.hot.cpu_quota both set a zone node's CPU quota: keep one of them");
        if (r.sampleEvery().compareTo(Duration.ofSeconds(1)) < 0)
            throw f.error("resources.sample_every", "must be at least 1s, got " + Durations.format(r.sampleEvery()));
        if (r.metricsTtl().compareTo(r.sampleEvery()) < 0 || r.metricsTtl().compareTo(MAX_TTL) > 0)
            throw f.error("resources.metrics_ttl", "must be at least one sample_every and at most 20 years (Cassandra's largest TTL), got "
                                                   + Durations.format(r.metricsTtl()));
        if (r.window().compareTo(r.sampleEvery().multipliedBy(2)) < 0)
            throw f.error("resources.window", "must be at least two samples (" + Durations.format(r.sampleEvery().multipliedBy(2)) + "), got " + Durations.format(r.window()));
        if (r.poll().compareTo(Duration.ofMillis(500)) < 0)
            throw f.error("resources.poll", "must be at least 500ms, got " + Durations.format(r.poll()));
        if (r.staleAfter().compareTo(r.poll().multipliedBy(2)) < 0)
            throw f.error("resources.stale_after", "must be at least two polls (" + Durations.format(r.poll().multipliedBy(2)) + "), got " + Durations.format(r.staleAfter()));
        if (r.reservationTtl().compareTo(Duration.ofDays(7)) > 0)
            throw f.error("resources.reservation_ttl", "must be at most 7d, got " + Durations.format(r.reservationTtl()));
        if (r.reservationTtl().compareTo(r.poll().multipliedBy(3)) < 0)
            throw f.error("resources.reservation_ttl", "must be at least three polls (" + Durations.format(r.poll().multipliedBy(3)) + "), got "
                                                       + Durations.format(r.reservationTtl()));
        return r;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out, Path path) throws ConfigException
    {
        for (Map.Entry<?, ?> e : map.entrySet())
        {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map)
                flatten(key + ".", (Map<?, ?>) e.getValue(), out, path);
            else
                out.put(key, e.getValue());
        }
    }

    /**
     * forecast.cpu_budget: a share of one core (a number, or a string holding one). A duration, its earlier form, gets
     * an error that says what changed.
     */
    private static double cpuShare(Fields f, double dflt) throws ConfigException
    {
        String key = "forecast.cpu_budget";
        Object v = f.values.get(key);
        if (v == null)
            return dflt;
        double share;
        if (v instanceof Number)
            share = ((Number) v).doubleValue();
        else
        {
            try
            {
                share = Double.parseDouble(String.valueOf(v).trim());
            }
            catch (NumberFormatException notANumber)
            {
                throw f.error(key, "is the share of one core the training thread may use, a number in [0.05, 1] such as 0.5"
                                   + (isDuration(String.valueOf(v)) ? " (no longer a wall time)" : "") + "; got '" + v + "'");
            }
        }
        if (!(share >= ForecastSettings.MIN_CPU_SHARE && share <= 1))
            throw f.error(key, "must be a share of one core in [0.05, 1], got " + v);
        return share;
    }

    private static boolean isDuration(String text)
    {
        try
        {
            Durations.parse(text);
            return true;
        }
        catch (IllegalArgumentException e)
        {
            return false;
        }
    }

    /** Typed access to the flattened values, with errors that name the file and key. */
    private static final class Fields
    {
        private final Path path;
        private final Map<String, Object> values;

        Fields(Path path, Map<String, Object> values)
        {
            this.path = path;
            this.values = values;
        }

        ConfigException error(String key, String problem)
        {
            return new ConfigException(path + ": " + key + " " + problem);
        }

        boolean bool(String key, boolean dflt) throws ConfigException
        {
            Object v = values.get(key);
            if (v == null) return dflt;
            if (v instanceof Boolean) return (Boolean) v;
            throw error(key, "must be true or false, got '" + v + "'");
        }

        int integer(String key, int dflt) throws ConfigException
        {
            Object v = values.get(key);
            if (v == null) return dflt;
            if (v instanceof Integer) return (Integer) v;
            throw error(key, "must be a whole number, got '" + v + "'");
        }

        double number(String key, double dflt) throws ConfigException
        {
            Object v = values.get(key);
            if (v == null) return dflt;
            if (v instanceof Number) return ((Number) v).doubleValue();
            throw error(key, "must be a number, got '" + v + "'");
        }

        boolean has(String key)
        {
            return values.get(key) != null;
        }

        Duration duration(String key, Duration dflt) throws ConfigException
        {
            Object v = values.get(key);
            if (v == null) return dflt;
            try
            {
                return Durations.parse(String.valueOf(v));
            }
            catch (IllegalArgumentException e)
            {
                throw error(key, e.getMessage());
            }
        }

        Optional<String> text(String key) throws ConfigException
        {
            Object v = values.get(key);
            if (v == null || String.valueOf(v).isBlank()) return Optional.empty();
            if (v instanceof String) return Optional.of(((String) v).trim());
            throw error(key, "must be a string, got '" + v + "'");
        }
    }
}
