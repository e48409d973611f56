package io.govaudit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.AuditConfigurationException;
import io.govaudit.AuditTrail;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.jdbc.testing.TestDatabases;
import io.govaudit.spi.AnchorSink;
import io.govaudit.testing.KeyedStore;
import io.govaudit.testing.VerificationAssert;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.Problem;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public surface of the JDBC store: builder checks, chain ids, the schema installer, H2's append-only rule. */
class JdbcAuditStoreTest {

    @TempDir
    Path stateDir;

    @Test
    void build_invalidSettings_reportsEveryProblemByName() {
        assertThatThrownBy(() -> JdbcAuditStore.builder(null).dialect(Dialect.H2).insertMode(InsertMode.COPY)
                .holder(" ").build())
                .isInstanceOfSatisfying(AuditConfigurationException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("dataSource must not be null")
                .hasMessageContaining("insertMode COPY needs PostgreSQL")
                .hasMessageContaining("holder must be 1 to 255 characters");
        assertThatThrownBy(() -> JdbcAuditStore.builder(TestDatabases.newH2("b")).dialect(null).build())
                .hasMessageContaining("dialect must be POSTGRESQL or H2, was null");
    }

    @Test
    void openChain_copyOnDetectedH2_isRefusedNamingTheSetting() throws SQLException {
        DataSource h2 = TestDatabases.newH2("copy");
        JdbcSchema.install(h2);
        JdbcAuditStore store = JdbcAuditStore.builder(h2).insertMode(InsertMode.COPY).build();
        assertThatThrownBy(() -> store.openChain("c", 8192, Duration.ofDays(1)))
                .isInstanceOf(AuditConfigurationException.class).hasMessageContaining("insertMode COPY needs PostgreSQL");
    }

    @Test
    void openChain_schemaMissing_failsSayingWhichChain() {
        JdbcAuditStore store = JdbcAuditStore.builder(TestDatabases.newH2("empty")).build();
        assertThatThrownBy(() -> store.openChain("c", 8192, Duration.ofDays(1)))
                .hasMessageContaining("chain 'c'").hasMessageContaining("the govaudit tables are missing in jdbc:h2:mem:empty")
                .hasMessageContaining("JdbcSchema.install(dataSource)");
    }

    @Test
    void defaultChainId_sanitisesAndBoundsApplicationAndHost() {
        assertThat(JdbcAuditStore.chainId("permit portal", "web-01.example.org")).isEqualTo("permit-portal-web-01.example.org");
        assertThat(JdbcAuditStore.chainId("app", "h".repeat(100))).hasSize(64).startsWith("app-h");
        assertThat(JdbcAuditStore.defaultChainId("Ärzte/App")).matches("[A-Za-z0-9._-]{1,64}").startsWith("-rzte-App-");
        assertThatThrownBy(() -> JdbcAuditStore.defaultChainId(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("application");
    }

    @Test
    void grantStatements_plainRoleOnly_andNeverUpdateOrDeleteOnRecords() {
        assertThat(JdbcSchema.grantStatements(Dialect.POSTGRESQL, "myapp"))
                .contains("GRANT SELECT, INSERT ON audit_record TO myapp",
                        "GRANT EXECUTE ON FUNCTION govaudit_purge(varchar, bigint) TO myapp")
                .noneMatch(g -> g.contains("audit_record") && (g.contains("UPDATE") || g.contains("DELETE")));
        assertThatThrownBy(() -> JdbcSchema.grantStatements(Dialect.H2, "x; DROP TABLE audit_record"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appRole");
    }

    @Test
    void script_isSplitIntoStatements() {
        assertThat(JdbcSchema.statements(Dialect.POSTGRESQL)).noneMatch(s -> s.lines().anyMatch(l -> l.strip().equals("--;"))).hasSizeGreaterThan(10);
        assertThat(JdbcSchema.script(Dialect.H2)).contains("H2AppendOnlyTrigger");
    }

    @Test
    void h2_updateAndDelete_refusedByTrigger_purgeNeedsAttestingRecord() throws SQLException {
        DataSource h2 = TestDatabases.newH2("append_only");
        assertThat(JdbcSchema.install(h2)).isEqualTo(Dialect.H2);
        try (AuditTrail trail = AuditTrail.builder().store(JdbcAuditStore.builder(h2).stateDirectory(stateDir).build())
                .chainId("h2-node").system("app").host("h").build()) {
            trail.record(SampleChains.event("e"));
        }
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_record SET outcome = 'FAILURE'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_record")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_segment")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeQuery("SELECT govaudit_purge('h2-node', 1)"))
                    .hasMessageContaining("no RETENTION_PURGE record attests it");
        }
        assertThat(ChainRows.seqs(h2, "h2-node")).startsWith(1L, 2L);
        assertThat(stateDir.resolve("h2-node")).isDirectory();
    }

    @Test
    void keyedSignedChain_onH2_keepsKeysInTheStateDirectory_andVerifiesWithSeedAndKey() throws Exception {
        DataSource h2 = TestDatabases.newH2("keyed");
        JdbcSchema.install(h2);
        KeyedStore keyed = KeyedStore.create(stateDir.resolve("keyed"));
        KeyedStore.KeyPair key = keyed.keyPair("signer");
        JdbcAuditStore store = JdbcAuditStore.builder(h2).stateDirectory(stateDir.resolve("state")).build();
        for (int run = 0; run < 2; run++) {
            try (AuditTrail trail = AuditTrail.builder().store(store).chainId("keyed").system("app").host("h")
                    .hmacSeed(keyed.seedFile).signingKey(key.privatePem).checkpointEvery(5)
                    .anchorSink(AnchorSink.directory(keyed.anchors)).build()) {
                for (int i = 0; i < 12; i++) {
                    trail.record(SampleChains.event("k" + run + "-" + i));
                }
            }
        }
        assertThat(ChainRows.lines(h2, "keyed")).allMatch(l -> l.contains("\"ep\":"));
        VerificationReport report = AuditVerifier.forSource(JdbcRecordSource.of(h2)).hmacSeed(keyed.seedFile)
                .trustedKey(key.publicPem).anchors(keyed.anchors).verify();
        VerificationAssert.assertThat(report).isIntact();
        assertThat(report.problems()).extracting(Problem::kind)
                .doesNotContain(ProblemKind.HASHES_NOT_CHECKED, ProblemKind.SIGNATURES_NOT_CHECKED);
    }
    @Test
    void openChain_h2FileDatabase_makesItsFilesOwnerOnly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("audit") + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        JdbcSchema.install(h2);
        java.nio.file.Path file = dir.resolve("audit.mv.db");
        java.nio.file.Files.setPosixFilePermissions(file,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--")); // as the umask leaves it

        try (AuditTrail trail = AuditTrail.builder().store(JdbcAuditStore.builder(h2).build()).chainId("n1")
                .system("app").host("h").build()) {
            assertThat(trail.state()).isEqualTo(AuditTrail.State.RUNNING);
            assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } finally {
            try (java.sql.Connection c = h2.getConnection(); java.sql.Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }
}
