package io.govaudit.jdbc;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.AuditTrail;
import io.govaudit.CapacityPolicy;
import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The append-only rule on PostgreSQL, as a DBA sets it up: the schema installed by its owner, an
 * application role with only the documented grants. The application can write a trail and purge
 * what a RETENTION_PURGE record attests, and nothing else; even the owner cannot update or
 * delete records.
 */
class PostgresAppendOnlyTest {

    private static final String CHAIN = "app-node";


    private DataSource owner;
    private DataSource app;

    @BeforeEach
    void installAndGrant() throws SQLException {
        String db = TestDatabases.newPostgresDatabase("append_only");
        owner = TestDatabases.postgresDataSource(db, "postgres", null);
        assertThat(JdbcSchema.install(owner)).isEqualTo(Dialect.POSTGRESQL);
        String role = "app_" + db;
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'app-secret'");
            for (String grant : JdbcSchema.grantStatements(Dialect.POSTGRESQL, role)) {
                s.execute(grant);
            }
        }
        app = TestDatabases.postgresDataSource(db, role, "app-secret");
    }

    private AuditTrail.Builder trail() {
        return AuditTrail.builder().store(JdbcAuditStore.builder(app).build()).chainId(CHAIN).system("app")
                .host("app-host").maxRecordBytes(2048).segmentMaxBytes(8192);
    }

    private static SQLException refused(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("not refused: " + sql);
    }

    @Test
    void appRole_writesTrailButCannotUpdateDeleteOrTruncate() {
        try (AuditTrail trail = trail().build()) {
            assertThat(trail.record(SampleChains.event("e1")).seq().orElseThrow()).isPositive();
        }
        long rows = ChainRows.count(owner, "SELECT COUNT(*) FROM audit_record");
        assertThat(rows).isGreaterThanOrEqualTo(3);
        assertThat(refused(app, "UPDATE audit_record SET outcome = 'FAILURE'").getSQLState()).isEqualTo("42501");
        assertThat(refused(app, "DELETE FROM audit_record").getSQLState()).isEqualTo("42501");
        assertThat(refused(app, "TRUNCATE audit_record").getSQLState()).isEqualTo("42501");
        assertThat(refused(app, "DELETE FROM audit_segment").getSQLState()).isEqualTo("42501");
        assertThat(ChainRows.count(owner, "SELECT COUNT(*) FROM audit_record")).isEqualTo(rows);
    }

    @Test
    void owner_updateDeleteTruncate_refusedByTrigger() {
        try (AuditTrail trail = trail().build()) {
            trail.record(SampleChains.event("e1"));
        }
        assertThat(refused(owner, "UPDATE audit_record SET outcome = 'FAILURE'").getMessage()).contains("append-only");
        assertThat(refused(owner, "DELETE FROM audit_record WHERE seq = 1").getMessage()).contains("append-only");
        assertThat(refused(owner, "TRUNCATE audit_record").getMessage()).contains("append-only");
        assertThat(refused(owner, "UPDATE audit_segment SET first_seq = 7").getMessage()).contains("append-only");
        assertThat(ChainRows.verify(owner)).isIntact();
    }

    @Test
    void purgeFunction_withoutAttestingRecord_refused_evenForTheAppRole() {
        try (AuditTrail trail = trail().build()) {
            for (int i = 0; i < 5; i++) {
                trail.record(SampleChains.event("e" + i));
            }
        }
        assertThat(refused(app, "SELECT govaudit_purge('" + CHAIN + "', 2)").getMessage()).contains("no RETENTION_PURGE record attests it");
        assertThat(ChainRows.seqs(owner, CHAIN)).startsWith(1L, 2L, 3L);
    }

    @Test
    void appRole_capacityPurges_goThroughTheGuardedFunction() {
        try (AuditTrail trail = trail().capacity(CapacityPolicy.maxBytes(64 * 1024).onFull(OnFull.OVERWRITE_OLDEST)
                .overwriteWithinRetention("drill: overwriting within retention on purpose"))
                .alertListener(alert -> { }).build()) { // RETENTION_VIOLATION is expected here
            for (int i = 0; i < 120; i++) {
                assertThat(trail.record(SampleChains.bigEvent("b" + i)).seq().orElseThrow()).isPositive();
            }
        }
        assertThat(ChainRows.ofType(owner, CHAIN, "RETENTION_PURGE")).isNotEmpty();
        assertThat(ChainRows.seqs(owner, CHAIN).get(0)).isGreaterThan(1);
        assertThat(ChainRows.verify(owner)).isIntact();
    }
}
