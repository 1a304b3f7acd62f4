// Run by `bin/hotzone bench import` as a single-file Java program on Cassandra's own classpath (java WriteSSTables.java):
// the bench's orders CSV written as sstables with Cassandra's CQLSSTableWriter, for sstableloader to stream.
// Arguments: CSV file, output directory (…/<keyspace>/<table>), keyspace, table.

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.apache.cassandra.io.sstable.CQLSSTableWriter;

import io.hotzone.tools.profile.CsvRecords;

public class WriteSSTables
{
    public static void main(String[] args) throws Exception
    {
        Path csv = Path.of(args[0]), out = Files.createDirectories(Path.of(args[1]));
        String table = args[2] + "." + args[3];
        String schema = "CREATE TABLE " + table + " (customer text, order_id bigint, product text, region text, qty int, amount double, "
                        + "at timestamp, note text, PRIMARY KEY (customer, order_id))";
        String insert = "INSERT INTO " + table + " (customer, order_id, product, region, qty, amount, at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        long rows = 0;
        try (CQLSSTableWriter writer = CQLSSTableWriter.builder().inDirectory(out.toString()).forTable(schema).using(insert).withBufferSizeInMiB(64).build();
             BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8))
        {
            CsvRecords records = new CsvRecords(reader);
            records.next(); // header: customer,order_id,product,region,qty,amount,at,note
            for (List<String> r = records.next(); r != null; r = records.next(), rows++)
                writer.addRow(r.get(0), Long.parseLong(r.get(1)), r.get(2), r.get(3), Integer.parseInt(r.get(4)), Double.parseDouble(r.get(5)),
                              Date.from(Instant.parse(r.get(6))), r.get(7).isEmpty() ? null : r.get(7));
        }
        long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.println("wrote " + rows + " rows as sstables in " + out + " cpu_ns=" + cpu);
    }
}
