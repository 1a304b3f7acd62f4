package io.hotzone.dtests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

import io.hotzone.dtests.cluster.Artifacts;
import io.hotzone.dtests.cluster.LocalCluster;
import io.hotzone.dtests.cluster.NodeToolRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The NYC for-hire-vehicle trace in the repository's data/ (key,t,count) imported as history of a real table, all or nothing. */
@ExtendWith(SharedCluster.class)
class HistoryImportDTest
{
    private static final String TRACE_FILE = "nyc-fhv-bases-daily-2015-01-to-05.csv.gz";
    private static final Path TRACE = dataDir().resolve(TRACE_FILE);

    /**
     * The repository's data/ folder: {@code hotzone.data.dir} (Maven sets it), else the first data/ holding the trace
     * in the working directory or one of its parents (an IDE may run the tests from the module or the repository root).
     */
    private static Path dataDir()
    {
        String configured = System.getProperty("hotzone.data.dir");
        if (configured != null && !configured.isBlank())
            return Path.of(configured).toAbsolutePath().normalize();
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent())
            if (Files.isRegularFile(dir.resolve("data").resolve(TRACE_FILE)))
                return dir.resolve("data");
        return start.resolve("data");
    }

    private static List<String> traceLines() throws IOException
    {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(TRACE)))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    void importsTheSharedTraceAndRejectsABadFileWithoutWriting(LocalCluster cluster, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception
    {
        assertThat(TRACE).as("NYC trace (data/ at the repository root)").isRegularFile();
        List<String> lines = traceLines();
        long total = lines.stream().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum();
        Set<String> keys = new HashSet<>(), days = new HashSet<>();
        lines.forEach(l -> { String[] f = l.split(","); keys.add(f[0]); days.add(f[1]); });

        try (CqlSession session = cluster.session())
        {
            session.execute("CREATE KEYSPACE IF NOT EXISTS fhv WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}");
            session.execute("CREATE TABLE IF NOT EXISTS fhv.trips (base text PRIMARY KEY, n int)");
            session.execute("CREATE TABLE IF NOT EXISTS fhv.by_id (id int PRIMARY KEY, n int)");
            NodeToolRunner nodetool = new NodeToolRunner(Artifacts.fromSystemProperties(), SharedCluster.workDir());

            // in parts of 5 000 lines: the file is checked part by part and written once, at the end
            NodeToolRunner.Result r = nodetool.run(cluster.node(1), "hotzone", "history", "import", "--table", "fhv.trips", "--chunk-lines", "5000", TRACE.toString());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("Checked 5000 lines").contains("Checked 15000 lines").contains("Checked " + (lines.size() + 1) + " lines (100% of the file)");
            assertThat(r.output()).contains("imported " + lines.size() + " counts for " + keys.size() + " partitions over " + days.size() + " steps of 1d");

            List<Row> rows = session.execute("SELECT step_start, step_millis, reads, exact FROM hotzone.access_log "
                                             + "WHERE node = 'import' AND table_name = 'trips' ALLOW FILTERING").all();
            assertThat(rows).hasSize(days.size());
            assertThat(rows.stream().mapToLong(x -> x.getLong("reads")).sum()).isEqualTo(total);
            assertThat(rows).allMatch(x -> x.getLong("step_millis") == 86_400_000L && x.getBoolean("exact"));

            // A key that is not an int, on line 3 (in the second part sent): error naming the line, and no row written
            // for the table, although the first part was fine.
            Path bad = dir.resolve("bad.csv");
            Files.writeString(bad, "key,t,count\n1,2015-01-01,5\nB00008,2015-01-02,7\n");
            NodeToolRunner.Result rejected = nodetool.run(cluster.node(2), "hotzone", "history", "import", "--table", "fhv.by_id", "--chunk-lines", "2", bad.toString());
            assertThat(rejected.exitCode()).isNotZero();
            assertThat(rejected.output()).contains("line 3:").contains("B00008 is not a partition key of fhv.by_id (id int)");
            Files.writeString(bad, "key,t,count\n1,2015-01-01,-5\n");
            assertThat(nodetool.run(cluster.node(2), "hotzone", "history", "import", "--table", "fhv.by_id", bad.toString()).output())
                .contains("line 2: count -5 is negative");
            assertThat(session.execute("SELECT count(*) FROM hotzone.access_log WHERE node = 'import' AND table_name = 'by_id' ALLOW FILTERING")
                              .one().getLong(0)).isZero();
        }
    }
}
