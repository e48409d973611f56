package io.govaudit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import io.govaudit.jdbc.JdbcAuditStore;
import io.govaudit.jdbc.JdbcSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole trail on the database store against the same trail on the file store: records per
 * second of the {@link RecordThroughputBenchmark} event from 8 producer threads, {@code SYNC}
 * and {@code ASYNC}. The database is PostgreSQL 14 embedded by the benchmark on the same machine
 * (fsync and synchronous_commit on), reached through a HikariCP pool, with the default insert
 * mode ({@code AUTO}). Same ASYNC flush note as {@link RecordThroughputBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@Threads(8)
@State(Scope.Benchmark)
public class JdbcTrailThroughputBenchmark {

    /** Where the trail keeps its chain. */
    public enum Store { FILE, POSTGRESQL }

    @Param({"FILE", "POSTGRESQL"})
    public Store store;

    @Param({"SYNC", "ASYNC"})
    public Durability durability;

    private EmbeddedPostgres server;
    private HikariDataSource pool;
    private Path dir;
    private AuditTrail trail;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        AuditTrail.Builder builder = AuditTrail.builder().chainId("bench").system("permit-portal")
                .host("bench-host").durability(durability);
        if (store == Store.FILE) {
            dir = TempDirectories.create("jdbc-trail-file");
            builder.directory(dir);
        } else {
            server = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            HikariConfig config = new HikariConfig();
            config.setDataSource(server.getPostgresDatabase());
            config.setMaximumPoolSize(4);
            pool = new HikariDataSource(config);
            JdbcSchema.install(pool);
            builder.store(JdbcAuditStore.builder(pool).build());
        }
        trail = builder.build();
    }

    @TearDown(Level.Iteration)
    public void flush() {
        trail.flush();
    }

    @Benchmark
    public io.govaudit.Receipt record() {
        return trail.record(AuditEvents.configChange());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            trail.close();
        } finally {
            if (pool != null) {
                pool.close();
                server.close();
            }
            if (dir != null) {
                TempDirectories.delete(dir);
            }
        }
    }
}
