package io.govaudit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import io.govaudit.jdbc.JdbcAuditStore;
import io.govaudit.jdbc.JdbcRecordSource;
import io.govaudit.jdbc.JdbcSchema;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * How fast an auditor verifies a chain kept in PostgreSQL, against the same events kept in a
 * directory: records per second of a whole {@code AuditVerifier.verify()} (hashes, links,
 * sequence, and for the database the column checks), {@value #RECORDS} records of the
 * {@link RecordThroughputBenchmark} event in each, written once per trial. The database is the
 * embedded PostgreSQL 14 on the same machine, read through {@code JdbcRecordSource} (one binary
 * {@code COPY ... TO STDOUT} per chain); the files are in the page cache.
 *
 * <p>{@code copyStream} is the database's ceiling: the same {@code COPY} statement the verifier
 * runs (every column it checks), its bytes read through pgjdbc's copy API and dropped, nothing
 * parsed or checked. Verification cannot be faster than its input, so {@code copyStream} against
 * {@code files} is the most the database row of {@code benchmarks/compare} can reach on this
 * machine, and {@code database} against {@code copyStream} is what the verifier's own work costs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class JdbcVerifyBenchmark {

    /** Events per chain (the trail adds three records of its own). */
    static final int RECORDS = 100_000;

    private EmbeddedPostgres server;
    private HikariDataSource pool;
    private Path dir;

    @Setup(Level.Trial)
    public void write() throws IOException, SQLException {
        server = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setDataSource(server.getPostgresDatabase());
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        JdbcSchema.install(pool);
        dir = TempDirectories.create("jdbc-verify-files");
        fill(AuditTrail.builder().store(JdbcAuditStore.builder(pool).build()));
        fill(AuditTrail.builder().directory(dir));
    }

    private static void fill(AuditTrail.Builder builder) {
        try (AuditTrail trail = builder.chainId("bench").system("permit-portal").host("bench-host")
                .durability(Durability.ASYNC).build()) {
            for (int i = 0; i < RECORDS; i++) {
                trail.record(AuditEvents.configChange());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public VerificationReport database() throws IOException {
        return intact(AuditVerifier.forSource(JdbcRecordSource.of(pool)).verify());
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public VerificationReport files() throws IOException {
        return intact(AuditVerifier.forDirectory(dir).verify());
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long copyStream() throws SQLException {
        // The text io.govaudit.jdbc.CopyRowStream.sql("bench") returns (package-private there);
        // keep the two in step
        String sql = "COPY (SELECT seq, ts, event_type, outcome, actor_id, subject_id, client_ip, host, hash, "
                + "record_json FROM audit_record WHERE chain_id = 'bench' ORDER BY seq) TO STDOUT (FORMAT binary)";
        long bytes = 0;
        try (Connection c = pool.getConnection()) {
            CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
            byte[] chunk;
            while ((chunk = copy.readFromCopy()) != null) {
                bytes += chunk.length;
            }
        }
        return bytes;
    }

    private static VerificationReport intact(VerificationReport report) {
        if (!report.intact()) {
            throw new IllegalStateException("the benchmark store is not intact: " + report.problems());
        }
        return report;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            pool.close();
            server.close();
        } finally {
            TempDirectories.delete(dir);
        }
    }
}
