package io.hotzone.plan;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.hotzone.capture.TableRef;
import io.hotzone.server.Mirrors;

/** A {@link Mirrors} for tests of the planning logic: tables with ids and reasons they cannot be boosted. */
final class FakeMirrors implements Mirrors
{
    final Map<TableRef, UUID> ids = new HashMap<>();
    final Map<TableRef, String> unsupported = new HashMap<>();
    Set<String> live = Set.of();
    Set<String> sources = Set.of();

    FakeMirrors with(TableRef table)
    {
        ids.put(table, UUID.nameUUIDFromBytes(table.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return this;
    }

    @Override
    public String unsupportedReason(TableRef source)
    {
        return !ids.containsKey(source) ? "unknown table " + source : unsupported.get(source);
    }

    @Override
    public UUID tableId(TableRef source)
    {
        return ids.get(source);
    }

    @Override public void ensureKeyspace(int replicasPerDc) { }
    @Override public void ensureTable(TableRef source, String mirrorTable) { }
    @Override public boolean tableReady(TableRef source, String mirrorTable) { return true; }
    @Override public void dropTable(String mirrorTable) { }
    @Override public void setTrigger(TableRef source, boolean on) { }
    @Override public List<String> ringNodes() { return List.of(); }
    @Override public Set<String> liveNodes() { return live; }
    @Override public Set<String> sourceReplicas(TableRef source, long token) { return sources; }
    @Override public Set<String> mirrorReplicas(String zoneId, int perDc, long token) { return Set.of(); }
    @Override public String placement() { return ""; }
    @Override public Duration writeTimeout() { return Duration.ofSeconds(2); }
    @Override public void watchSource(TableRef source, UUID tableId, Runnable onBypass) { }
    @Override public Copied copyKeys(TableRef source, String mirrorTable, int perDc, List<byte[]> keys) { return new Copied(0, 0, Set.of()); }
    @Override public Copied copyRange(TableRef source, String mirrorTable, int perDc, long start, long end) { return new Copied(0, 0, Set.of()); }
    @Override public long meanPartitionBytes(TableRef source) { return 0; }
}
