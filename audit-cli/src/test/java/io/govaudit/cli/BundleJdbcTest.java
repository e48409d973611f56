package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.SampleChains;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bundle --jdbc-url}: a database store's chains exported verbatim from record_json (H2 file database). */
class BundleJdbcTest {

    /** Set for the test JVM by audit-cli's pom (surefire environmentVariables). */
    private static final String PASSWORD_VAR = "GOVAUDIT_TEST_DB_PASSWORD";
    private static final String PASSWORD = "test-only-pw";

    @TempDir
    Path tmp;

    private String h2Url() {
        return "jdbc:h2:file:" + tmp.resolve("audit").toAbsolutePath();
    }

    private DataSource h2WithChains() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL(h2Url());
        db.setUser("auditor");
        db.setPassword(PASSWORD);
        Path files = tmp.resolve("files");
        SampleChains.write(files, "node-1", 60);
        SampleChains.write(files, "node-2", 5);
        ChainRows.installSchema(db);
        ChainRows.copyStore(files, db);
        return db;
    }

    private CliRun bundle(Path out) {
        return CliRun.of("bundle", "--jdbc-url", h2Url(), "--jdbc-user", "auditor", "--jdbc-password-env",
                PASSWORD_VAR, "--out", out.toString(), "--json");
    }

    @Test
    void bundleJdbc_intactH2_rowsExportedVerbatimAndVerifyBundleExitsZero() throws Exception {
        DataSource db = h2WithChains();
        Path zip = tmp.resolve("db.zip");

        CliRun bundle = bundle(zip);

        assertThat(bundle.exit()).as(bundle.out() + bundle.err()).isZero();
        assertThat(Segments.parse(bundle.out()).get("records").asLong()).isEqualTo(71);
        Map<String, byte[]> entries = BundleCliTest.entries(zip);
        assertThat(entries).containsKeys("chains/node-1/00000000000000000001.log",
                "chains/node-2/00000000000000000001.log");
        List<String> rows = ChainRows.lines(db, "node-1");
        assertThat(new String(entries.get("chains/node-1/00000000000000000001.log"), StandardCharsets.UTF_8))
                .isEqualTo(String.join("\n", rows) + "\n");
        CliRun verify = CliRun.of("verify", "--bundle", zip.toString(), "--json");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        JsonNode result = Segments.parse(verify.out());
        assertThat(result.get("report").get("chains")).hasSize(2);
        assertThat(result.get("signature").get("status").asText()).isEqualTo("unsigned");
        // the bundling was recorded in the database, in the reader chain audit-cli-<host>
        JsonNode after = Segments.parse(CliRun.of("verify", "--jdbc-url", h2Url(), "--jdbc-user", "auditor",
                "--jdbc-password-env", PASSWORD_VAR, "--json").out());
        assertThat(after.get("intact").asBoolean()).isTrue();
        assertThat(after.get("chains").get(0).get("chain").asText()).startsWith("audit-cli-");
        String reader = after.get("chains").get(0).get("chain").asText();
        assertThat(ChainRows.lines(db, reader)).anyMatch(l -> l.contains("\"AUDIT_LOG_READ\"")
                && l.contains("\"action\":\"bundle\""));
    }

    @Test
    void bundleJdbc_columnChangedBySql_exitsOneAndWritesNothing() throws Exception {
        DataSource db = h2WithChains();
        ChainRows.tamper(db, List.of("UPDATE audit_record SET client_ip = ? WHERE chain_id = ? AND seq = ?"),
                "10.66.66.66", "node-1", 7L);
        Path zip = tmp.resolve("db.zip");

        CliRun bundle = bundle(zip);

        assertThat(bundle.exit()).as(bundle.out() + bundle.err()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(Segments.parse(bundle.out()).get("written").asBoolean()).isFalse();
        assertThat(zip).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".db.zip"));
        }
    }
}
