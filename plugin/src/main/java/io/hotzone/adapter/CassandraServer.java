package io.hotzone.adapter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.codahale.metrics.Metric;

import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.cql3.ColumnSpecification;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.cql3.QueryEvents;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.CQLFragmentParser;
import org.apache.cassandra.cql3.QueryOptions;
import org.apache.cassandra.cql3.Term;
import org.apache.cassandra.exceptions.SyntaxException;
import org.apache.cassandra.cql3.UntypedResultSet;
import org.apache.cassandra.db.ConsistencyLevel;
import org.apache.cassandra.db.marshal.CompositeType;
import org.apache.cassandra.cql3.statements.schema.CreateTableStatement;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.ByteBufferAccessor;
import org.apache.cassandra.db.marshal.BooleanType;
import org.apache.cassandra.db.marshal.DoubleType;
import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.LongType;
import org.apache.cassandra.db.marshal.TimestampType;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.db.virtual.AbstractVirtualTable;
import org.apache.cassandra.db.virtual.SimpleDataSet;
import org.apache.cassandra.db.virtual.VirtualKeyspace;
import org.apache.cassandra.db.virtual.VirtualKeyspaceRegistry;
import org.apache.cassandra.db.virtual.VirtualTable;
import org.apache.cassandra.dht.LocalPartitioner;
import org.apache.cassandra.gms.Gossiper;
import org.apache.cassandra.locator.NetworkTopologyStrategy;
import org.apache.cassandra.metrics.CassandraMetricsRegistry;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.KeyspaceParams;
import org.apache.cassandra.schema.Keyspaces;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.SchemaConstants;
import org.apache.cassandra.schema.SchemaTransformation;
import org.apache.cassandra.schema.SchemaTransformations;
import org.apache.cassandra.schema.TableId;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.schema.Tables;
import org.apache.cassandra.service.StorageService;
import org.apache.cassandra.utils.FBUtilities;

import io.hotzone.capture.Capturer;
import io.hotzone.capture.TableRef;
import io.hotzone.server.Consistency;
import io.hotzone.server.CqlLiterals;
import io.hotzone.server.KeyspaceDefinition;
import io.hotzone.server.Server;
import io.hotzone.server.View;

/** {@link Server} on Cassandra 5.0 (TokenMetadata, gossip, the 5.0 schema transformation API). */
public final class CassandraServer implements Server
{
    private final io.hotzone.aggregates.ResultStats aggregateResults;

    public CassandraServer()
    {
        this(io.hotzone.aggregates.ResultStats.NONE);
    }

    CassandraServer(io.hotzone.aggregates.ResultStats aggregateResults)
    {
        this.aggregateResults = aggregateResults;
    }

    @Override
    public io.hotzone.aggregates.ResultStats aggregateResults()
    {
        return aggregateResults;
    }

    /** Cassandra's own metric group, so HotZone's metrics sit beside Cassandra's over JMX. */
    static final String METRICS_GROUP = "org.apache.cassandra.metrics";
    static final String METRICS_TYPE = "HotZone";

    @Override
    public boolean virtualKeyspacesReady()
    {
        return VirtualKeyspaceRegistry.instance.getKeyspaceNullable(SchemaConstants.VIRTUAL_VIEWS) != null;
    }

    @Override
    public boolean joined()
    {
        return StorageService.instance.isJoined();
    }

    @Override
    public String localAddress()
    {
        return FBUtilities.getBroadcastAddressAndPort().getAddress().getHostAddress();
    }

    @Override
    public String localDatacenter()
    {
        return DatabaseDescriptor.getLocalDataCenter();
    }

    @Override
    public Map<String, Integer> datacenterSizes()
    {
        Map<String, Integer> sizes = new TreeMap<>();
        StorageService.instance.getTokenMetadata().cloneOnlyTokenMap().getTopology().getDatacenterEndpoints()
                               .asMap().forEach((dc, nodes) -> sizes.put(dc, nodes.size()));
        if (sizes.isEmpty())
            sizes.put(localDatacenter(), 1);
        return sizes;
    }

    @Override
    public boolean allKnownNodesAlive()
    {
        return Gossiper.instance.getUnreachableMembers().isEmpty();
    }

    @Override
    public void installKeyspace(KeyspaceDefinition keyspace)
    {
        List<TableMetadata> tables = new ArrayList<>();
        for (String table : keyspace.tableNames())
        {
            tables.add(CreateTableStatement.parse(String.format(keyspace.tables().get(table), table), keyspace.name())
                                           .id(TableId.unsafeDeterministic(keyspace.name(), table))
                                           .build());
        }
        List<Object> replication = new ArrayList<>();
        keyspace.replication().forEach((dc, rf) -> { replication.add(dc); replication.add(rf); });
        KeyspaceMetadata metadata = KeyspaceMetadata.create(keyspace.name(), KeyspaceParams.nts(replication.toArray()), Tables.of(tables));
        Schema.instance.transform(SchemaTransformations.updateSystemKeyspace(metadata, keyspace.generation()));
    }

    @Override
    public Map<String, Integer> replicationOf(String keyspace)
    {
        KeyspaceMetadata ks = Schema.instance.getKeyspaceMetadata(keyspace);
        Map<String, Integer> replication = new TreeMap<>();
        if (ks == null || ks.params.replication.klass != NetworkTopologyStrategy.class)
            return replication;
        ks.params.replication.options.forEach((dc, rf) -> {
            if (!"class".equals(dc))
                replication.put(dc, Integer.parseInt(rf));
        });
        return replication;
    }

    @Override
    public void setReplication(String keyspace, Map<String, Integer> replication, long timestampMicros)
    {
        Map<String, String> options = new TreeMap<>();
        options.put("class", NetworkTopologyStrategy.class.getName());
        replication.forEach((dc, rf) -> options.put(dc, Integer.toString(rf)));
        Schema.instance.transform(new SchemaTransformation()
        {
            @Override
            public Optional<Long> fixedTimestampMicros()
            {
                return Optional.of(timestampMicros);
            }

            @Override
            public Keyspaces apply(Keyspaces schema)
            {
                KeyspaceMetadata ks = schema.getNullable(keyspace);
                return ks == null ? schema : schema.withAddedOrUpdated(ks.withSwapped(KeyspaceParams.create(ks.params.durableWrites, options)));
            }
        });
    }

    @Override
    public void registerViews(String keyspace, List<View> views)
    {
        if (VirtualKeyspaceRegistry.instance.getKeyspaceNullable(keyspace) != null)
            return;
        List<VirtualTable> tables = new ArrayList<>();
        for (View view : views)
            tables.add(new ViewTable(keyspace, view));
        VirtualKeyspaceRegistry.instance.register(new VirtualKeyspace(keyspace, tables));
    }

    @Override
    public boolean isTransientFailure(Throwable failure)
    {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause())
            if (t instanceof org.apache.cassandra.exceptions.RequestTimeoutException || t instanceof org.apache.cassandra.exceptions.UnavailableException)
                return true;
        return false;
    }

    @Override
    public List<Map<String, Object>> execute(String cql, Consistency consistency, Object... values)
    {
        UntypedResultSet rs = QueryProcessor.execute(cql, ConsistencyLevel.valueOf(consistency.name()), values);
        if (rs == null)
            return List.of();
        List<Map<String, Object>> rows = new ArrayList<>(rs.size());
        for (UntypedResultSet.Row row : rs)
        {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (ColumnSpecification spec : row.getColumns())
            {
                ByteBuffer bytes = row.getBytes(spec.name.toString());
                out.put(spec.name.toString(), bytes == null ? null : spec.type.compose(bytes));
            }
            rows.add(out);
        }
        return rows;
    }

    @Override
    public boolean tableExists(TableRef table)
    {
        TableMetadata tm = Schema.instance.getTableMetadata(table.keyspace(), table.table());
        return tm != null && !tm.isVirtual() && !SchemaConstants.isSystemKeyspace(table.keyspace());
    }

    @Override
    public java.util.Optional<io.hotzone.server.TableSchema> tableSchema(TableRef table)
    {
        TableMetadata tm = Schema.instance.getTableMetadata(table.keyspace(), table.table()); // once: a drop may come between two lookups
        if (tm == null || tm.isVirtual() || SchemaConstants.isSystemKeyspace(table.keyspace()))
            return java.util.Optional.empty();
        List<io.hotzone.server.TableSchema.Column> columns = new ArrayList<>();
        tm.partitionKeyColumns().forEach(c -> columns.add(column(c, io.hotzone.server.TableSchema.Kind.PARTITION_KEY)));
        tm.clusteringColumns().forEach(c -> columns.add(column(c, io.hotzone.server.TableSchema.Kind.CLUSTERING)));
        tm.staticColumns().forEach(c -> columns.add(column(c, io.hotzone.server.TableSchema.Kind.STATIC)));
        tm.regularColumns().forEach(c -> columns.add(column(c, io.hotzone.server.TableSchema.Kind.REGULAR)));
        return java.util.Optional.of(new io.hotzone.server.TableSchema(columns, tm.isCounter()));
    }

    private static io.hotzone.server.TableSchema.Column column(org.apache.cassandra.schema.ColumnMetadata c, io.hotzone.server.TableSchema.Kind kind)
    {
        return new io.hotzone.server.TableSchema.Column(c.name.toString(), kind, c.type.asCQL3Type().toString());
    }

    @Override
    public String formatKey(TableRef table, byte[] key)
    {
        TableMetadata tm = Schema.instance.getTableMetadata(table.keyspace(), table.table());
        if (tm == null)
            return "0x" + org.apache.cassandra.utils.Hex.bytesToHex(key);
        ByteBuffer bytes = ByteBuffer.wrap(key);
        if (tm.partitionKeyColumns().size() == 1)
            return tm.partitionKeyType.asCQL3Type().toCQLLiteral(bytes);
        ByteBuffer[] parts = ((CompositeType) tm.partitionKeyType).split(bytes);
        StringBuilder literal = new StringBuilder("(");
        for (int i = 0; i < parts.length; i++)
            literal.append(i == 0 ? "" : ", ").append(tm.partitionKeyColumns().get(i).type.asCQL3Type().toCQLLiteral(parts[i]));
        return literal.append(')').toString();
    }

    @Override
    public Key parseKey(TableRef table, String literal)
    {
        TableMetadata tm = Schema.instance.getTableMetadata(table.keyspace(), table.table());
        if (tm == null || tm.isVirtual())
            throw new IllegalArgumentException("unknown table " + table);
        List<ColumnMetadata> columns = tm.partitionKeyColumns();
        try
        {
            List<String> parts = columns.size() == 1 ? List.of(literal.trim()) : CqlLiterals.tupleComponents(literal);
            if (parts.size() != columns.size())
                throw new IllegalArgumentException("expected " + columns.size() + " components");
            // Each component as a CQL term of its column's type (Cassandra's own literal parser): no statement to
            // prepare per key, which a zone of 10 000 keys parsed on every plan change could not afford.
            ByteBuffer[] components = new ByteBuffer[parts.size()];
            for (int i = 0; i < parts.size(); i++)
            {
                String part = parts.get(i);
                AbstractType<?> type = columns.get(i).type;
                boolean textual = type instanceof UTF8Type || type instanceof org.apache.cassandra.db.marshal.AsciiType;
                if (textual && !part.startsWith("'"))
                    part = "'" + part.replace("'", "''") + "'";
                // bind markers and function calls are terms too, but not values; inside quotes these are just text
                String outsideQuotes = CqlLiterals.outsideQuotes(part);
                if (part.isEmpty() || outsideQuotes.contains("?") || outsideQuotes.contains(":") || outsideQuotes.contains("("))
                    throw new IllegalArgumentException("not a literal: '" + part + "'");
                components[i] = literal(tm, columns.get(i), part);
                if (components[i] == null)
                    throw new IllegalArgumentException("null is not a partition key value");
                type.validate(components[i]);
            }
            ByteBuffer key = components.length == 1 ? components[0] : CompositeType.build(ByteBufferAccessor.instance, components);
            if (!key.hasRemaining())
                throw new IllegalArgumentException("a partition key may not be empty");
            return new Key(org.apache.cassandra.utils.ByteBufferUtil.getArray(key), CaptureListener.tokenValue(tm.partitioner.getToken(key)));
        }
        catch (RuntimeException e)
        {
            String described = columns.stream().map(c -> c.name + " " + c.type.asCQL3Type()).collect(java.util.stream.Collectors.joining(", "));
            throw new IllegalArgumentException(literal + " is not a partition key of " + table + " (" + described + "): " + e.getMessage(), e);
        }
    }

    /** A CQL literal of the column's type, as Cassandra parses it in a statement; nothing may follow it. */
    static ByteBuffer literal(TableMetadata table, ColumnMetadata column, String text)
    {
        ByteBuffer simple = simpleLiteral(column.type, text);
        if (simple != null)
            return simple;
        Term.Raw term = CQLFragmentParser.parseAny(parser -> {
            Term.Raw t = parser.term();
            if (parser.getTokenStream().LA(1) != org.antlr.runtime.Token.EOF)
                throw new SyntaxException("unexpected text after the literal");
            return t;
        }, text, "literal");
        return term.prepare(table.keyspace, column).bindAndGet(QueryOptions.DEFAULT);
    }

    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?[0-9]{1,18}");
    private static final java.util.regex.Pattern UUID = java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * The shapes nearly every key has (a quoted string of a text column, an integer of an int or bigint column, a UUID),
     * decoded without Cassandra's CQL parser: building its lexer and parser per key was a quarter of a 10 000-key
     * copy's CPU. Anything else (or any doubt) returns null and takes the parser, which is the reference.
     */
    static ByteBuffer simpleLiteral(AbstractType<?> type, String text)
    {
        if (type instanceof UTF8Type || type instanceof org.apache.cassandra.db.marshal.AsciiType)
        {
            if (text.length() < 2 || text.charAt(0) != '\'' || text.charAt(text.length() - 1) != '\'')
                return null;
            String body = text.substring(1, text.length() - 1);
            for (int i = 0; i < body.length(); i++)
                if (body.charAt(i) == '\'' && (++i == body.length() || body.charAt(i) != '\''))
                    return null; // a lone quote: not one literal
            return type.fromString(body.replace("''", "'"));
        }
        if (type instanceof Int32Type || type instanceof LongType)
            return INTEGER.matcher(text).matches() ? type.fromString(text) : null;
        if (type instanceof org.apache.cassandra.db.marshal.UUIDType || type instanceof org.apache.cassandra.db.marshal.TimeUUIDType)
            return UUID.matcher(text).matches() ? type.fromString(text) : null;
        return null;
    }

    @Override
    public void captureRequests(Capturer capturer, Runnable onError)
    {
        QueryEvents.instance.registerListener(new CaptureListener(capturer, onError));
    }

    @Override
    public io.hotzone.server.Mirrors mirrors()
    {
        return new CassandraMirrors(this);
    }

    @Override
    public io.hotzone.server.Ring ring()
    {
        return new CassandraRing();
    }

    @Override
    public io.hotzone.server.NodeResources resources()
    {
        return new CassandraResources();
    }

    @Override
    public com.codahale.metrics.Timer registerTimer(String name)
    {
        String mbean = METRICS_GROUP + ":type=" + METRICS_TYPE + ",name=" + name;
        return CassandraMetricsRegistry.Metrics.timer(new CassandraMetricsRegistry.MetricName(METRICS_GROUP, METRICS_TYPE, name, null, mbean));
    }

    @Override
    public com.codahale.metrics.Meter registerMeter(TableRef table, String name)
    {
        // keyspace and scope as Cassandra names its table metrics (type=Table,keyspace=ks,scope=t,name=…)
        String mbean = METRICS_GROUP + ":type=" + METRICS_TYPE + ",keyspace=" + table.keyspace() + ",scope=" + table.table() + ",name=" + name;
        String scope = table.keyspace() + "." + table.table();
        return CassandraMetricsRegistry.Metrics.meter(new CassandraMetricsRegistry.MetricName(METRICS_GROUP, METRICS_TYPE, name, scope, mbean));
    }

    @Override
    public void registerMetric(String name, Metric metric)
    {
        // The explicit JMX name: the 3-argument MetricName quotes its parts, unlike Cassandra's own metrics.
        String mbean = METRICS_GROUP + ":type=" + METRICS_TYPE + ",name=" + name;
        CassandraMetricsRegistry.Metrics.register(new CassandraMetricsRegistry.MetricName(METRICS_GROUP, METRICS_TYPE, name, null, mbean), metric);
    }

    private static AbstractType<?> typeOf(View.Type type)
    {
        switch (type)
        {
            case TEXT: return UTF8Type.instance;
            case BOOLEAN: return BooleanType.instance;
            case INT: return Int32Type.instance;
            case BIGINT: return LongType.instance;
            case DOUBLE: return DoubleType.instance;
            case TIMESTAMP: return TimestampType.instance;
            default: throw new IllegalArgumentException(type.name());
        }
    }

    /** A {@link View} as a Cassandra virtual table; rows are produced per query. */
    private static final class ViewTable extends AbstractVirtualTable
    {
        private final View view;

        ViewTable(String keyspace, View view)
        {
            super(metadata(keyspace, view));
            this.view = view;
        }

        private static TableMetadata metadata(String keyspace, View view)
        {
            List<View.Column> columns = view.columns();
            TableMetadata.Builder builder = TableMetadata.builder(keyspace, view.name())
                                                         .comment(view.comment())
                                                         .kind(TableMetadata.Kind.VIRTUAL)
                                                         .partitioner(new LocalPartitioner(typeOf(columns.get(0).type())))
                                                         .addPartitionKeyColumn(columns.get(0).name(), typeOf(columns.get(0).type()));
            int clustering = view.clusteringColumns();
            for (View.Column column : columns.subList(1, 1 + clustering))
                builder.addClusteringColumn(column.name(), typeOf(column.type()));
            for (View.Column column : columns.subList(1 + clustering, columns.size()))
                builder.addRegularColumn(column.name(), typeOf(column.type()));
            return builder.build();
        }

        @Override
        public DataSet data()
        {
            SimpleDataSet result = new SimpleDataSet(metadata());
            List<View.Column> columns = view.columns();
            int keyColumns = 1 + view.clusteringColumns();
            for (Object[] row : view.rows().get())
            {
                result.row(java.util.Arrays.copyOf(row, keyColumns));
                for (int i = keyColumns; i < columns.size(); i++)
                    result.column(columns.get(i).name(), row[i]);
            }
            return result;
        }
    }
}
