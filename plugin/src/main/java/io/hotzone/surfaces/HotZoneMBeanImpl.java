package io.hotzone.surfaces;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.hotzone.PluginStatus;
import io.hotzone.Services;
import io.hotzone.events.Event;
import io.hotzone.events.EventParser;
import io.hotzone.capture.TableRef;
import io.hotzone.history.HistoryImport;
import io.hotzone.history.TopQuery;

/** Read side of {@link HotZoneMXBean}: a view over the plugin's current status. */
public final class HotZoneMBeanImpl implements HotZoneMXBean
{
    private final String version;
    private final String configSource;
    private final Supplier<PluginStatus> status;
    private final Supplier<Services> services;
    private final Predicate<TableRef> tableExists;
    private final HistoryImports imports = new HistoryImports();

    /**
     * @param services    what the active plugin offers, null while it is not active
     * @param tableExists validates table names given by operators
     */
    public HotZoneMBeanImpl(String version, String configSource, Supplier<PluginStatus> status, Supplier<Services> services,
                            Predicate<TableRef> tableExists)
    {
        this(version, configSource, status, services, tableExists, () -> List.of(), java.util.Map::of);
    }

    public HotZoneMBeanImpl(String version, String configSource, Supplier<PluginStatus> status, Supplier<Services> services,
                            Predicate<TableRef> tableExists, Supplier<List<Object[]>> aggregates, Supplier<java.util.Map<TableRef, String[]>> served)
    {
        this.aggregates = aggregates;
        this.served = served;
        this.version = version;
        this.configSource = configSource;
        this.status = status;
        this.services = services;
        this.tableExists = tableExists;
    }

    private final Supplier<List<Object[]>> aggregates;
    private final Supplier<java.util.Map<TableRef, String[]>> served;

    @Override
    public List<String> aggregates()
    {
        List<String> lines = new java.util.ArrayList<>();
        for (Object[] row : aggregates.get())
            lines.add(java.util.Arrays.stream(row).map(String::valueOf).collect(java.util.stream.Collectors.joining("\t")));
        return lines;
    }

    private Services active()
    {
        Services s = services.get();
        if (s == null)
            throw new IllegalStateException("HotZone is " + getState() + " on this node" + (getReason().isEmpty() ? "" : ": " + getReason()));
        return s;
    }

    private Optional<TableRef> table(String table)
    {
        if (table == null || table.isBlank())
            return Optional.empty();
        TableRef ref = TableRef.parse(table.trim());
        if (!tableExists.test(ref))
            throw new IllegalArgumentException("unknown table " + table.trim());
        return Optional.of(ref);
    }

    @Override
    public List<String> forecast(String table)
    {
        Services s = active();
        long now = System.currentTimeMillis();
        java.util.Collection<TableRef> tables = table(table).map(List::of)
                                                            .map(l -> (java.util.Collection<TableRef>) l)
                                                            .orElseGet(() -> s.accessLog().tables(now - 86_400_000L, now + 1));
        List<String> lines = new ArrayList<>();
        for (TableRef t : tables)
            s.forecasts().latest(t).forEach(z -> lines.add(z.encode()));
        return lines;
    }

    @Override
    public List<String> forecastServed()
    {
        List<String> lines = new ArrayList<>();
        new java.util.TreeMap<>(served.get().entrySet().stream().collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue())))
            .forEach((table, m) -> lines.add(table + "\t" + m[0] + "\t" + m[1]));
        return lines;
    }

    @Override
    public List<String> rangeForecast(String table)
    {
        List<String> lines = new ArrayList<>();
        for (io.hotzone.plan.RangeAction a : active().ranges().plan(table(table), java.time.Instant.now()))
        {
            io.hotzone.forecast.HotRange r = a.range();
            lines.add(String.join("\t", r.table().toString(), r.kind().name(), r.rangeText(), r.reason().name().toLowerCase(java.util.Locale.ROOT),
                                  String.format(java.util.Locale.ROOT, "%.2f", r.confidence()), r.predictedStart().toString(), r.predictedEnd().toString(),
                                  String.format(java.util.Locale.ROOT, "%.1f", r.predictedPeak()), String.format(java.util.Locale.ROOT, "%.1f", r.threshold()),
                                  a.kind().name(), Long.toString(a.estimate().toSeconds()), Long.toString(a.bytes()), a.reason()));
        }
        return lines;
    }

    @Override
    public String addRule(String table, String name, String groupBy, String bucket, String aggregates)
    {
        io.hotzone.aggregates.RuleRequests rules = active().rules();
        return rules.query(rules.add(table, name, groupBy, bucket, aggregates));
    }

    @Override
    public void removeRule(String table, String name)
    {
        active().rules().remove(table, name);
    }

    @Override
    public List<String> rules(String table)
    {
        List<String> lines = new ArrayList<>();
        io.hotzone.aggregates.RuleRequests rules = active().rules();
        // no existence check: the rules of a table dropped since are listed (and removable)
        Optional<TableRef> only = table == null || table.isBlank() ? Optional.empty() : Optional.of(TableRef.parse(table.trim()));
        for (io.hotzone.aggregates.AggregateRule r : rules.list(only))
            lines.add(String.join("\t", r.table().toString(), r.name(), String.join(", ", r.groupByTerms()),
                                  r.aggregates().stream().map(io.hotzone.aggregates.Aggregate::cql).collect(java.util.stream.Collectors.joining(", ")),
                                  r.createdAt() == null ? "" : r.createdAt().toString(), r.createdBy() == null ? "" : r.createdBy(),
                                  rules.query(r)));
        return lines;
    }

    @Override
    public boolean isAutoMove()
    {
        Services s = services.get();
        return s != null && s.autoMover().map(io.hotzone.moves.AutoMover::isAutomatic).orElse(false);
    }

    @Override
    public void setAutoMove(boolean enabled)
    {
        active().autoMover().orElseThrow(() -> new IllegalStateException("moves.enabled is false on this node")).setAutomatic(enabled);
    }

    @Override
    public boolean isCapturing()
    {
        Services s = services.get();
        return s != null && s.capturer().map(c -> !c.paused()).orElse(false);
    }

    @Override
    public void setCapturing(boolean capturing)
    {
        active().capturer().orElseThrow(() -> new IllegalStateException("capture is disabled in hotzone.yaml (capture.enabled)"))
                .setPaused(!capturing);
    }

    @Override
    public boolean isAutoBoost()
    {
        Services s = services.get();
        return s != null && s.planner().map(io.hotzone.plan.ForecastPlanner::isAutomatic).orElse(false);
    }

    @Override
    public void setAutoBoost(boolean enabled)
    {
        active().planner().orElseThrow(() -> new IllegalStateException("boost.enabled is false on this node")).setAutomatic(enabled);
    }

    @Override
    public List<String> addEvents(String format, boolean replace, String content)
    {
        Services s = active();
        List<Event> events = s.eventValidator().validate(EventParser.parse(format, content), Instant.now());
        if (!replace)
        {
            List<String> stored = s.events().stored(events.stream().map(Event::id).collect(Collectors.toList()));
            if (!stored.isEmpty())
                throw new IllegalArgumentException("event id(s) already stored: " + String.join(", ", stored)
                                                   + " (nothing was written; --replace overwrites them, or remove them first)");
        }
        s.events().add(events);
        return events.stream().map(Event::id).collect(Collectors.toList());
    }

    @Override
    public List<String> listEvents(String table, boolean includePast)
    {
        Services s = active();
        List<String> skipped = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Event e : s.events().list(table(table), includePast, Instant.now(), skipped::add))
            lines.add(String.join("\t", e.id(), e.name(), e.start().toString(), e.end().toString(), e.table().toString(),
                                  e.describeTarget(), Double.toString(e.multiplier()), e.source()));
        skipped.forEach(reason -> lines.add("#\t" + reason));
        return lines;
    }

    @Override
    public void removeEvent(String id)
    {
        if (!active().events().remove(id))
            throw new IllegalArgumentException("no event with id '" + id + "'");
    }

    @Override
    public String importHistory(String table, String content)
    {
        Services s = active();
        TableRef ref = table(table).orElseThrow(() -> new IllegalArgumentException("--table keyspace.table is required"));
        return s.historyImport().load(ref, content).describe(ref);
    }

    @Override
    public String beginHistoryImport(String table)
    {
        TableRef ref = table(table).orElseThrow(() -> new IllegalArgumentException("--table keyspace.table is required"));
        return imports.begin(active().historyImport().begin(ref), System.nanoTime());
    }

    @Override
    public int addHistoryLines(String importId, String lines)
    {
        HistoryImport.Batch batch = imports.get(importId, System.nanoTime());
        try
        {
            batch.add(lines);
        }
        catch (RuntimeException e)
        {
            imports.remove(importId); // a bad line ends the import: nothing of it is written
            throw e;
        }
        return batch.lines();
    }

    @Override
    public String finishHistoryImport(String importId)
    {
        HistoryImport.Batch batch = imports.get(importId, System.nanoTime());
        imports.remove(importId);
        return batch.finish().describe(batch.table());
    }

    @Override
    public void abortHistoryImport(String importId)
    {
        imports.remove(importId);
    }

    @Override
    public List<String> topPartitions(String table, long windowSeconds, int limit)
    {
        TopQuery query = active().top();
        if (windowSeconds < 1 || windowSeconds > 366L * 86400)
            throw new IllegalArgumentException("window must be between 1s and 366d, got " + windowSeconds + "s");
        if (limit < 1 || limit > 100_000)
            throw new IllegalArgumentException("limit must be between 1 and 100000, got " + limit);
        Optional<TableRef> ref = table(table);
        long now = System.currentTimeMillis();
        return query.top(ref, now - windowSeconds * 1000, now + 1, limit).stream().map(TopQuery.Line::encode).collect(Collectors.toList());
    }

    /** Registers in the platform MBean server, the one Cassandra's JMX port serves; replaces a stale instance. */
    public void register() throws JMException
    {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(OBJECT_NAME);
        if (server.isRegistered(name))
            server.unregisterMBean(name);
        server.registerMBean(this, name);
    }

    @Override
    public String boost(String table, List<String> keys, String tokenRange, long untilMillis)
    {
        return boost(table, keys, tokenRange, untilMillis, 0);
    }

    @Override
    public String boost(String table, List<String> keys, String tokenRange, long untilMillis, int mirrorReplicas)
    {
        Services s = active();
        io.hotzone.plan.ZoneRequests requests = s.zoneRequests().orElseThrow(() -> new IllegalStateException("boost.enabled is false on this node"));
        TableRef ref = table(table).orElseThrow(() -> new IllegalArgumentException("a keyspace.table is required"));
        Event.TokenRange range = null;
        if (tokenRange != null && !tokenRange.isBlank())
        {
            String[] ab = tokenRange.split(",");
            try
            {
                if (ab.length != 2)
                    throw new NumberFormatException();
                range = new Event.TokenRange(Long.parseLong(ab[0].trim()), Long.parseLong(ab[1].trim()));
            }
            catch (NumberFormatException e)
            {
                throw new IllegalArgumentException("token range must be START,END (Murmur3 tokens), got '" + tokenRange + "'");
            }
        }
        return requests.boost(ref, keys == null ? List.of() : keys, range, Instant.ofEpochMilli(untilMillis), mirrorReplicas, Instant.now());
    }

    @Override
    public void grow(String zoneId, int mirrorReplicas)
    {
        Services s = active();
        io.hotzone.plan.ZoneRequests requests = s.zoneRequests().orElseThrow(() -> new IllegalStateException("boost.enabled is false on this node"));
        requests.grow(zoneId, mirrorReplicas, Instant.now());
    }

    @Override
    public List<String> unboost(String zoneIdOrTable, List<String> keys)
    {
        Services s = active();
        io.hotzone.plan.ZoneRequests requests = s.zoneRequests().orElseThrow(() -> new IllegalStateException("boost.enabled is false on this node"));
        if (zoneIdOrTable == null || zoneIdOrTable.isBlank())
            throw new IllegalArgumentException("give a zone id or a keyspace.table with keys");
        if (zoneIdOrTable.contains("."))
        {
            if (keys == null || keys.isEmpty())
                throw new IllegalArgumentException("--keys is required with a table");
            return requests.unboost(null, table(zoneIdOrTable).get(), keys, Instant.now());
        }
        return requests.unboost(zoneIdOrTable.trim(), null, List.of(), Instant.now());
    }

    @Override
    public List<String> plan()
    {
        Services s = active();
        io.hotzone.plan.Plan plan = s.plans().load();
        return PlanView.lines(plan, s.plans().progress(plan.zones().stream().map(io.hotzone.plan.Zone::id).collect(Collectors.toList())));
    }

    @Override
    public List<String> reservations()
    {
        return active().reservations().lines(Instant.now());
    }

    @Override
    public List<String> reserve(List<String> nodes, String knob, long value, long ttlSeconds, String reason)
    {
        return requests().reserve(nodes == null ? List.of() : nodes, knob, value, java.time.Duration.ofSeconds(ttlSeconds), reason)
                         .stream().map(Object::toString).collect(Collectors.toList());
    }

    @Override
    public List<String> release(List<String> nodes, String knob)
    {
        return requests().release(nodes == null ? List.of() : nodes, knob);
    }

    private io.hotzone.resources.ReservationRequests requests()
    {
        return active().reservationRequests().orElseThrow(() -> new IllegalStateException("resources.enabled is false on this node"));
    }

    @Override
    public boolean isAutoReserve()
    {
        Services s = services.get();
        return s != null && s.allocator().map(io.hotzone.resources.ReservationAllocator::auto).orElse(false);
    }

    @Override
    public void setAutoReserve(boolean enabled)
    {
        active().allocator().orElseThrow(() -> new IllegalStateException("resources.enabled is false on this node")).setAuto(enabled);
    }

    @Override
    public List<String> imports(int limit)
    {
        if (limit < 1)
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        return active().imports().lines(limit);
    }

    @Override
    public String getVersion()
    {
        return version;
    }

    @Override
    public String getState()
    {
        return status.get().state().name();
    }

    @Override
    public boolean isActive()
    {
        return status.get().active();
    }

    @Override
    public String getReason()
    {
        return status.get().reason();
    }

    @Override
    public String getLastError()
    {
        return status.get().lastError();
    }

    @Override
    public String getRole()
    {
        return status.get().role();
    }

    @Override
    public List<String> getFeatures()
    {
        return status.get().features();
    }

    @Override
    public String getConfigSource()
    {
        return configSource;
    }

    @Override
    public long getStateSince()
    {
        return status.get().since().getEpochSecond();
    }

    private io.hotzone.moves.MoveRequests moveRequests()
    {
        return active().moves().orElseThrow(() -> new IllegalStateException("moves.enabled is false on this node"));
    }

    @Override
    public List<String> movePlan()
    {
        io.hotzone.moves.MovePlan plan = moveRequests().plan();
        List<String> lines = new java.util.ArrayList<>();
        for (io.hotzone.moves.Move m : plan.moves())
            lines.add("move\t" + m.node() + "\t" + m.from() + "\t" + m.to());
        for (java.util.Map.Entry<String, Double> e : new java.util.TreeMap<>(plan.before()).entrySet())
            lines.add(String.format(java.util.Locale.ROOT, "load\t%s\t%.3f\t%.3f\t%.4f", e.getKey(), e.getValue() / 1000, // the plan counts thousandths
                                    plan.after().getOrDefault(e.getKey(), e.getValue()) / 1000, plan.received().getOrDefault(e.getKey(), 0.0)));
        lines.add("reason\t" + plan.reason());
        return lines;
    }

    @Override
    public List<String> moveApply(String reason)
    {
        io.hotzone.moves.MovePlan plan = moveRequests().plan();
        if (plan.moves().isEmpty())
            throw new IllegalStateException("no move to apply: " + plan.reason());
        return moveRequests().request(plan.moves(), reason == null || reason.isEmpty() ? plan.reason() : reason, null);
    }

    @Override
    public String moveRequest(String node, String token, String reason)
    {
        long t;
        try
        {
            t = Long.parseLong(token.trim());
        }
        catch (NumberFormatException e)
        {
            throw new IllegalArgumentException("not a Murmur3 token (a long): " + token);
        }
        io.hotzone.moves.MoveRequests r = moveRequests();
        return r.request(List.of(r.moveOf(node.trim(), t)), reason == null || reason.isEmpty() ? "manual" : reason, null).get(0);
    }

    @Override
    public String moveRevert(String id)
    {
        return moveRequests().revert(id.trim());
    }

    @Override
    public void moveClear(String id)
    {
        moveRequests().clear(id.trim());
    }

    @Override
    public void moveCancel(String id)
    {
        moveRequests().cancel(id.trim());
    }

    @Override
    public List<String> moves()
    {
        List<String> lines = new java.util.ArrayList<>();
        for (io.hotzone.moves.MoveRecord r : moveRequests().list())
            lines.add(String.join("\t", r.id(), r.node(), Long.toString(r.from()), Long.toString(r.to()), r.state().name(), time(r.requestedAt()),
                                  time(r.startedAt()), time(r.endedAt()), Long.toString(r.bytesStreamed()), text(r.reason()), text(r.note()),
                                  text(r.after()), text(r.revertOf())));
        return lines;
    }

    private static String time(Instant i)
    {
        return i == null ? "" : i.toString();
    }

    private static String text(String s)
    {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ');
    }
}
