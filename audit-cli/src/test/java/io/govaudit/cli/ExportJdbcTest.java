package io.govaudit.cli;

import static io.govaudit.cli.ExportStores.START;
import static io.govaudit.cli.ExportStores.ts;
import static io.govaudit.cli.ExportStores.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.jdbc.testing.ChainRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --jdbc-url} on an H2 file database holding the rows of a real store
 * ({@link ExportStores}): the same lines as from the files, the export recorded in the reader
 * chain of the database, a changed row refused.
 */
class ExportJdbcTest {

    /** Set for the test JVM by audit-cli's pom (surefire environmentVariables). */
    private static final String PASSWORD_VAR = "GOVAUDIT_TEST_DB_PASSWORD";

    @TempDir
    Path tmp;

    private Path files;
    private DataSource db;
    private Path out;

    private String url() {
        return "jdbc:h2:file:" + tmp.resolve("audit").toAbsolutePath();
    }

    @BeforeEach
    void database() {
        files = tmp.resolve("files");
        out = tmp.resolve("export.jsonl");
        ExportStores.write(files);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url());
        h2.setUser("auditor");
        h2.setPassword("test-only-pw");
        ChainRows.installSchema(h2);
        ChainRows.copyStore(files, h2);
        db = h2;
    }

    private CliRun export(String... more) {
        List<String> args = new ArrayList<>(List.of("export", "--jdbc-url", url(), "--jdbc-user", "auditor",
                "--jdbc-password-env", PASSWORD_VAR, "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void exportJdbc_filteredRange_sameLinesAsTheFileStore_andRecordedInTheDatabase() throws IOException {
        Instant from = START.plus(Duration.ofHours(20));
        Instant to = START.plus(Duration.ofHours(60));

        CliRun run = export("--format", "jsonl", "--from", from.toString(), "--to", to.toString(),
                "--outcome", "failure", "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        List<String> expected = ExportStores.lines(files, r -> !ts(r).isBefore(from) && ts(r).isBefore(to)
                && r.get("outcome").asText().equals("FAILURE"));
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).containsExactlyElementsOf(expected);
        JsonNode result = Segments.parse(run.out());
        assertThat(result.get("store").asText()).isEqualTo(url());
        assertThat(result.get("records").asLong()).isEqualTo(expected.size());
        List<JsonNode> reads = ChainRows.lines(db, ReadRecorder.chain()).stream().map(Segments::parse)
                .filter(r -> type(r).equals("AUDIT_LOG_READ")).toList();
        assertThat(reads).hasSize(1);
        JsonNode detail = reads.get(0).get("detail");
        assertThat(detail.get("action").asText()).isEqualTo("export");
        assertThat(detail.get("filter").asText()).isEqualTo("from=" + from + " to=" + to + " outcome=FAILURE");
        assertThat(detail.get("sha256").asText()).isEqualTo(ExportCliTest.sha256(Files.readAllBytes(out)));
        CliRun verify = CliRun.of("verify", "--jdbc-url", url(), "--jdbc-user", "auditor", "--jdbc-password-env",
                PASSWORD_VAR);
        assertThat(verify.exit()).as(verify.out()).isZero();
    }

    @Test
    void exportJdbc_rowChangedBySql_exitsOneAndWritesNothing() throws IOException {
        ChainRows.tamper(db, List.of("UPDATE audit_record SET client_ip = ? WHERE chain_id = ? AND seq = ?"),
                "10.66.66.66", "app-a", 7L);

        CliRun run = export("--format", "csv");

        assertThat(run.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(run.out()).contains("COLUMN_MISMATCH seq=7");
        assertThat(run.err()).contains("refused", "nothing was written");
        assertThat(ExportStores.files(tmp, "export")).isEmpty();
        assertThat(ChainRows.lines(db, ReadRecorder.chain())).isEmpty();
    }
}
