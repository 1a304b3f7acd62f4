package io.hotzone.tools.load;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bookkeeping that makes a load resumable: the watermark, the checkpoint file and the rejects cut back on resume. */
class LoadBookkeepingTest
{
    @Test
    void theWatermarkMovesOnlyOverPartsFinishedWithoutAGap()
    {
        Watermark w = new Watermark(new Position(0, 0, 0), 0, Map.of());
        w.finished(100, new Position(200, 0, 202), 90, Map.of("a", new long[] { 90, 7 }));
        assertThat(w.done().ordinal).as("the part before it is still in flight").isZero();
        assertThat(w.rows()).isZero();
        w.finished(0, new Position(100, 0, 102), 100, Map.of("a", new long[] { 60, 1 }, "b", new long[] { 40, 2 }));
        assertThat(w.done().ordinal).isEqualTo(200);
        assertThat(w.done().line).isEqualTo(202);
        assertThat(w.rows()).isEqualTo(190);
        assertThat(w.nodes().get("a")).containsExactly(150, 8);
        assertThat(w.nodes().get("b")).containsExactly(40, 2);
    }

    @Test
    void aCheckpointReadsBackAndRefusesChangedInputs(@TempDir Path dir) throws Exception
    {
        Path file = dir.resolve("x.checkpoint.json");
        Checkpoint c = new Checkpoint("ks.t-1", "ks.t", List.of("a.csv"), List.of(10L), 1_700_000_000_000_000L, 500, new Position(200, 0, 202), 190, 3,
                                      "RUNNING", Map.of("127.0.0.1", new long[] { 190, -5 }));
        c.save(file);
        Checkpoint back = Checkpoint.load(file);
        assertThat(back.timestampBase).isEqualTo(c.timestampBase);
        assertThat(back.done.ordinal).isEqualTo(200);
        assertThat(back.done.line).isEqualTo(202);
        assertThat(back.nodes.get("127.0.0.1")).containsExactly(190, -5);
        assertThat(back.mismatch("ks.t", List.of("a.csv"), List.of(10L))).isNull();
        assertThat(back.mismatch("ks.t", List.of("a.csv"), List.of(11L))).contains("changed size");
        assertThat(back.mismatch("ks.u", List.of("a.csv"), List.of(10L))).contains("of table ks.t");
        Files.writeString(file, "{\"checkpoint_version\": 9}");
        assertThatThrownBy(() -> Checkpoint.load(file)).hasMessageContaining("checkpoint_version 9");
    }

    @Test
    void onResumeTheRejectsKeepOnlyWhatLiesBeforeTheCheckpoint(@TempDir Path dir) throws Exception
    {
        Path file = dir.resolve("x.rejects.csv");
        try (Rejects r = Rejects.open(file, null))
        {
            r.add(0, 5, "column qty: 'x' is not a valid int", List.of("c1", "x", "a, b"));
            r.add(0, 900, "late", List.of("c2", "y", "\"q\""));
            r.add(1, 3, "second file", List.of("c3", "z", ""));
        }
        try (Rejects r = Rejects.open(file, new Position(500, 0, 600)))
        {
            assertThat(r.count()).isEqualTo(1);
        }
        String kept = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(kept).isEqualTo("file,line,reason,record\n1,5,column qty: 'x' is not a valid int,\"c1,x,\"\"a, b\"\"\"\n");
    }

    @Test
    void theDefaultIdFollowsTheTableAndTheInputs()
    {
        String id = ImportLoad.defaultId("ks.t", List.of("a.csv"), List.of(10L));
        assertThat(id).startsWith("ks.t-").isEqualTo(ImportLoad.defaultId("ks.t", List.of("a.csv"), List.of(10L)));
        assertThat(ImportLoad.defaultId("ks.t", List.of("a.csv"), List.of(11L))).isNotEqualTo(id);
    }

    @Test
    void rowChecksumsTellAnUnsetColumnFromAnEmptyValue()
    {
        java.nio.ByteBuffer empty = java.nio.ByteBuffer.allocate(0);
        assertThat(RowChecksum.of(new java.nio.ByteBuffer[] { null, empty })).isNotEqualTo(RowChecksum.of(new java.nio.ByteBuffer[] { empty, null }));
        assertThat(RowChecksum.of(new java.nio.ByteBuffer[] { java.nio.ByteBuffer.wrap(new byte[] { 1 }) }))
            .isEqualTo(RowChecksum.of(new java.nio.ByteBuffer[] { java.nio.ByteBuffer.wrap(new byte[] { 1 }) }));
    }
}
