package io.govaudit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.govaudit.Location;
import io.govaudit.internal.format.BodyEncoder;
import io.govaudit.internal.format.ChainEncoder;
import io.govaudit.internal.format.LineBuffer;
import io.govaudit.internal.format.SessionHasher;
import io.govaudit.jdbc.InsertMode;
import io.govaudit.jdbc.JdbcAuditStore;
import io.govaudit.jdbc.JdbcSchema;
import io.govaudit.spi.ChainStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How the JDBC store inserts a batch into PostgreSQL: one transaction per batch of
 * {@code batch} records, as the writer's group commit hands it over, by {@code COPY ... FROM
 * STDIN}, by multi-row {@code INSERT}, and by a plain JDBC batch of single-row {@code INSERT}s
 * (the baseline). Records per second. All three modes run in one JMH run against the same
 * embedded PostgreSQL server (started by the benchmark, fsync and synchronous_commit on, as in
 * production), through a HikariCP pool as applications run it, each on a fresh chain; the records are encoded before each invocation and not
 * timed, so only the store's work (parsing the indexed columns, the insert, the commit) counts.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class JdbcInsertBenchmark {

    /** Records per invocation: a multiple of every {@link #batch} size. */
    static final int RECORDS = 2048;

    @Param({"AUTO", "COPY", "MULTI_ROW", "BATCH"})
    public InsertMode mode;

    /** Records per commit: a quiet SYNC writer's group commit, a moderately busy one's, a busy one's. */
    @Param({"16", "256", "2048"})
    public int batch;

    private EmbeddedPostgres server;
    private HikariDataSource pool;
    private ChainStore store;
    private ChainEncoder chain;
    private final LineBuffer buffer = new LineBuffer(RECORDS * 1024);
    private final int[] batchEnds = new int[RECORDS];
    private final BodyEncoder bodies = new BodyEncoder(16 * 1024, new SessionHasher(new byte[32]));
    private final Location where = new Location("permit-portal", "bench-host", null, AuditEvents.IP,
            AuditEvents.OP, null);
    private int run;

    @Setup(Level.Trial)
    public void start() throws IOException, SQLException {
        server = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
        HikariConfig config = new HikariConfig();
        config.setDataSource(server.getPostgresDatabase());
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        DataSource ds = pool;
        JdbcSchema.install(ds);
        String chainId = "bench-" + mode.name().toLowerCase(java.util.Locale.ROOT);
        store = JdbcAuditStore.builder(ds).insertMode(mode).build()
                .openChain(chainId, Long.MAX_VALUE / 4, Duration.ofDays(365));
        chain = new ChainEncoder(chainId, store.lastSeq(), store.lastHash());
    }

    @Setup(Level.Invocation)
    public void encodeBatch() {
        buffer.clear();
        Instant now = Instant.parse("2026-11-28T00:00:00Z").plusMillis(run++);
        for (int i = 0; i < RECORDS; i++) {
            chain.append(buffer, bodies.encode(AuditEvents.configChange(), where), now);
            batchEnds[i] = buffer.size();
        }
    }

    /** Commits {@value #RECORDS} records in batches of {@link #batch}: one transaction each. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void commitBatches() throws IOException {
        byte[] data = buffer.data();
        int from = 0;
        for (int end = batch - 1; end < RECORDS; end += batch) {
            byte[] lines = java.util.Arrays.copyOfRange(data, from, batchEnds[end]);
            store.write(lines, lines.length, Instant.EPOCH);
            store.force();
            from = batchEnds[end];
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        try {
            store.close();
        } finally {
            try {
                pool.close();
            } finally {
                server.close();
            }
        }
    }
}
