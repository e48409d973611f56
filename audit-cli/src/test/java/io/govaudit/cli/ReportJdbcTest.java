package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.jdbc.testing.ChainRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --jdbc-url}: the review of a database store (H2 file database), recorded in the database. */
class ReportJdbcTest {

    /** Set for the test JVM by audit-cli's pom (surefire environmentVariables). */
    private static final String PASSWORD_VAR = "GOVAUDIT_TEST_DB_PASSWORD";

    @TempDir
    Path tmp;

    private String h2Url() {
        return "jdbc:h2:file:" + tmp.resolve("audit").toAbsolutePath();
    }

    private DataSource h2WithFixture() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL(h2Url());
        db.setUser("auditor");
        db.setPassword("test-only-pw");
        Path files = tmp.resolve("files");
        ReviewFixture.write(files);
        ChainRows.installSchema(db);
        ChainRows.copyStore(files, db);
        return db;
    }

    @Test
    void reportJdbc_h2Store_sameFiguresAsTheFileStoreAndRecordedInTheDatabase() throws Exception {
        DataSource db = h2WithFixture();
        Path out = tmp.resolve("review.json");

        CliRun run = CliRun.of("report", "--jdbc-url", h2Url(), "--jdbc-user", "auditor", "--jdbc-password-env",
                PASSWORD_VAR, "--out", out.toString(), "--format", "json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        JsonNode review = Segments.JSON.readTree(Files.readString(out));
        assertThat(review.get("store").asText()).isEqualTo(h2Url()).doesNotContain("test-only-pw");
        assertThat(review.at("/integrity/intact").asBoolean()).isTrue();
        assertThat(review.at("/failed/total").asLong()).isEqualTo(ReviewFixture.BURST_FAILURES + 3);
        assertThat(review.at("/failed/bursts/items")).hasSize(2);
        assertThat(review.at("/afterHours/items")).hasSize(2);
        String reader = ReadRecorder.chain();
        List<String> lines = ChainRows.lines(db, reader);
        assertThat(lines).anyMatch(l -> l.contains("\"AUDIT_LOG_READ\"") && l.contains("\"action\":\"report\""));
    }
}
