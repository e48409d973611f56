package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.AuditTrail;
import io.govaudit.jdbc.JdbcAnchorSink;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.jdbc.testing.TestDatabases;
import io.govaudit.testing.KeyedStore;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify --jdbc-url}: H2 files under a temporary directory, and the embedded PostgreSQL. */
class JdbcCliTest {

    /** Set for the test JVM by audit-cli's pom (surefire environmentVariables). */
    private static final String PASSWORD_VAR = "GOVAUDIT_TEST_DB_PASSWORD";
    private static final String PASSWORD = "test-only-pw";

    @TempDir
    Path tmp;

    private String h2Url() {
        return "jdbc:h2:file:" + tmp.resolve("audit").toAbsolutePath();
    }

    /** An H2 file database holding chains node-1 (63 records) and node-2 (8), owned by user auditor. */
    private DataSource h2WithChains() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL(h2Url());
        db.setUser("auditor");
        db.setPassword(PASSWORD);
        fill(db);
        return db;
    }

    private void fill(DataSource db) {
        Path files = tmp.resolve("files");
        SampleChains.write(files, "node-1", 60);
        SampleChains.write(files, "node-2", 5);
        ChainRows.installSchema(db);
        ChainRows.copyStore(files, db);
    }

    private CliRun verifyH2(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("verify", "--jdbc-url", h2Url(), "--jdbc-user", "auditor",
                "--jdbc-password-env", PASSWORD_VAR));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void verifyJdbc_intactH2File_exitsZeroAndReportsEachChain() {
        h2WithChains();

        CliRun verify = verifyH2();

        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("store " + h2Url(), "chain node-1", "records   63", "seq       1 .. 63",
                "chain node-2", "records   8").endsWith("INTACT" + System.lineSeparator());
        assertThat(verify.err()).isEmpty();
    }

    @Test
    void verifyJdbcJson_intactH2File_storeIsUrlWithoutParameters() {
        h2WithChains();

        CliRun verify = CliRun.of("verify", "--jdbc-url", h2Url() + ";ACCESS_MODE_DATA=r", "--jdbc-user", "auditor",
                "--jdbc-password-env", PASSWORD_VAR, "--json");

        assertThat(verify.exit()).as(verify.err()).isZero();
        JsonNode report = Segments.parse(verify.out());
        assertThat(report.get("store").asText()).isEqualTo(h2Url());
        assertThat(report.get("intact").asBoolean()).isTrue();
        assertThat(report.get("chains").get(0).get("records").asLong()).isEqualTo(63);
        assertThat(report.get("chains").get(0).get("lastSeq").asLong()).isEqualTo(63);
    }

    @Test
    void verifyJdbc_recordRead_writesAuditLogReadIntoItsOwnChain_andTheNextVerifyCoversIt() {
        h2WithChains();

        CliRun first = verifyH2("--record-read");

        assertThat(first.exit()).as(first.err()).isZero();
        CliRun second = verifyH2("--json");
        assertThat(second.exit()).as(second.err()).isZero();
        JsonNode chains = Segments.parse(second.out()).get("chains");
        assertThat(chains).hasSize(3);
        JsonNode reads = chains.get(0); // "audit-cli-<host>" sorts before "node-1"
        assertThat(reads.get("chain").asText()).startsWith("audit-cli-");
        assertThat(reads.get("records").asLong()).isEqualTo(4); // CHAIN_START, TRAIL_START, the read, TRAIL_STOP
    }

    @Test
    void verifyJdbc_columnChangedBySql_exitsOneWithColumnMismatchAtRow() {
        DataSource db = h2WithChains();
        ChainRows.tamper(db, List.of("UPDATE audit_record SET client_ip = ? WHERE chain_id = ? AND seq = ?"),
                "10.66.66.66", "node-1", 7L);

        CliRun verify = verifyH2();

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("COLUMN_MISMATCH seq=7 audit_record:7", "column client_ip");
    }

    @Test
    void verifyJdbc_wrongPasswordInUrl_exitsTwoWithoutTheSecret() {
        h2WithChains();

        CliRun verify = CliRun.of("verify", "--jdbc-url", h2Url() + ";PASSWORD=wrong-secret-123", "--jdbc-user",
                "auditor");

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(verify.err()).contains("cannot connect to " + h2Url()).doesNotContain("wrong-secret-123");
        assertThat(verify.out()).isEmpty();
    }

    @Test
    void verifyJdbc_passwordVariableUnset_exitsTwoNamingIt() {
        CliRun verify = CliRun.of("verify", "--jdbc-url", h2Url(), "--jdbc-password-env", "GOVAUDIT_NO_SUCH_VAR_42");

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(verify.err()).contains("--jdbc-password-env GOVAUDIT_NO_SUCH_VAR_42",
                "environment variable GOVAUDIT_NO_SUCH_VAR_42 is not set");
    }

    @Test
    void verifyJdbc_tableMissing_exitsTwoNamingTable() throws Exception {
        JdbcDataSource empty = new JdbcDataSource();
        empty.setURL(h2Url());
        empty.setUser("sa");
        empty.getConnection().close();

        CliRun verify = CliRun.of("verify", "--jdbc-url", h2Url(), "--jdbc-user", "sa");

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(verify.err()).contains("audit_record", h2Url());
    }

    @Test
    void verifyJdbc_h2FileMissing_exitsTwoAndCreatesNoDatabase() throws Exception {
        CliRun verify = CliRun.of("verify", "--jdbc-url", h2Url(), "--jdbc-user", "sa");

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(verify.err()).contains("cannot connect to " + h2Url(), "not found");
        try (var files = java.nio.file.Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void verifyJdbc_anchorsInAnotherDatabase_intactThenTailCutIsTruncated() throws Exception {
        KeyedStore keyed = KeyedStore.create(tmp.resolve("keyed"));
        KeyedStore.KeyPair key = keyed.keyPair("checkpoint");
        JdbcDataSource anchorDb = new JdbcDataSource();
        String anchorUrl = "jdbc:h2:file:" + tmp.resolve("anchors").toAbsolutePath();
        anchorDb.setURL(anchorUrl);
        anchorDb.setUser("sa");
        try (AuditTrail trail = keyed.builder("node-1", key).anchorSink(JdbcAnchorSink.of(anchorDb)).build()) {
            keyed.record(trail, 30, 10);
        }
        JdbcDataSource recordDb = new JdbcDataSource();
        recordDb.setURL(h2Url());
        recordDb.setUser("sa");
        ChainRows.installSchema(recordDb);
        int rows = ChainRows.copyStore(keyed.store, recordDb);
        String[] verify = {"verify", "--jdbc-url", h2Url(), "--jdbc-user", "sa", "--hmac-seed",
            keyed.seedFile.toString(), "--public-key", key.publicPem.toString(), "--anchors-jdbc-url", anchorUrl,
            "--anchors-jdbc-user", "sa"};

        CliRun intact = CliRun.of(verify);
        ChainRows.tamper(recordDb, List.of("DELETE FROM audit_record WHERE seq > ?"), (long) rows - 8);
        CliRun cut = CliRun.of(verify);

        assertThat(intact.exit()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).contains("anchors in table audit_anchor of " + anchorUrl);
        assertThat(cut.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(cut.out()).contains("TRUNCATED seq=" + (rows - 7));
    }

    @Test
    void verify_anchorsDirectoryAndAnchorsJdbcUrl_exitsTwoUsageError() {
        CliRun verify = CliRun.of("verify", tmp.toString(), "--anchors", tmp.toString(), "--anchors-jdbc-url", h2Url(),
                "--anchors-jdbc-password-env", "X", "--anchors-jdbc-password-prompt");

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(verify.err()).contains("or --anchors-jdbc-url, not both",
                "--anchors-jdbc-password-env and --anchors-jdbc-password-prompt exclude each other");
    }

    @Test
    void verify_directoryAndJdbcUrl_exitsTwoUsageError() {
        CliRun verify = CliRun.of("verify", tmp.toString(), "--jdbc-url", h2Url());

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(verify.err()).contains("either the store directory", "or --jdbc-url, not both", "Usage:");
    }

    @Test
    void verify_neitherDirectoryNorJdbcUrl_exitsTwoUsageError() {
        CliRun verify = CliRun.of("verify");

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(verify.err()).contains("give the store directory or --jdbc-url URL");
    }

    @Test
    void verify_jdbcUserWithoutUrl_exitsTwoNamingOption() {
        CliRun verify = CliRun.of("verify", tmp.toString(), "--jdbc-user", "auditor", "--jdbc-password-prompt");

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(verify.err()).contains("--jdbc-user needs --jdbc-url", "--jdbc-password-prompt needs --jdbc-url");
    }

    @Test
    void verify_passwordAsOptionValue_isNotAnOption() {
        CliRun verify = CliRun.of("verify", "--jdbc-url", h2Url(), "--jdbc-password", "secret");

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(verify.err()).contains("Unknown option");
    }

    @Test
    void verifyJdbc_postgres_exitsZeroAndReportsUrl() {
        String database = TestDatabases.newPostgresDatabase("cli");
        fill(TestDatabases.postgresDataSource(database, "postgres", null));
        String url = TestDatabases.postgresUrl(database);

        CliRun verify = CliRun.of("verify", "--jdbc-url", url + "?ApplicationName=audit-cli", "--jdbc-user",
                "postgres", "--json");

        assertThat(verify.exit()).as(verify.err()).isZero();
        JsonNode report = Segments.parse(verify.out());
        assertThat(report.get("store").asText()).isEqualTo(url);
        assertThat(report.get("chains")).hasSize(2);
        assertThat(report.get("chains").get(0).get("records").asLong()).isEqualTo(63);
    }
}
