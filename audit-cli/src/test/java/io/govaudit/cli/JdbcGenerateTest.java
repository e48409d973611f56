package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --jdbc-url}: events through JdbcAuditStore, then {@code verify --jdbc-url}. */
class JdbcGenerateTest {

    @TempDir
    Path tmp;

    private String h2Url() {
        return "jdbc:h2:file:" + tmp.resolve("audit").toAbsolutePath();
    }

    @Test
    void generateJdbc_h2FileTwice_continuesChainAndVerifiesIntact() {
        CliRun first = CliRun.of("generate", "--jdbc-url", h2Url(), "--jdbc-user", "sa", "--chain", "node-1",
                "--count", "50", "--threads", "2");
        CliRun second = CliRun.of("generate", "--jdbc-url", h2Url(), "--jdbc-user", "sa", "--chain", "node-1",
                "--count", "20", "--durability", "async");
        CliRun verify = CliRun.of("verify", "--jdbc-url", h2Url(), "--jdbc-user", "sa");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("events recorded: 50", "last seq:        53");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("events recorded: 20", "last seq:        75");
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("records   75").endsWith("INTACT" + System.lineSeparator());
    }

    @Test
    void generateJdbc_postgres_verifiesIntact() {
        String url = TestDatabases.postgresUrl(TestDatabases.newPostgresDatabase("cli_generate"));

        CliRun generate = CliRun.of("generate", "--jdbc-url", url, "--jdbc-user", "postgres", "--chain", "node-1",
                "--count", "130", "--threads", "4");
        CliRun verify = CliRun.of("verify", "--jdbc-url", url, "--jdbc-user", "postgres");

        assertThat(generate.exit()).as(generate.err()).isZero();
        assertThat(generate.out()).contains("events recorded: 130", "last seq:        133");
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("records   133");
    }

    @Test
    void generate_directoryAndJdbcUrlOrGzip_exitsTwoNamingOptions() {
        CliRun both = CliRun.of("generate", tmp.toString(), "--jdbc-url", h2Url(), "--chain", "c", "--count", "1");
        CliRun gzip = CliRun.of("generate", "--jdbc-url", h2Url(), "--chain", "c", "--count", "1", "--gzip");

        assertThat(both.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(both.err()).contains("or --jdbc-url, not both");
        assertThat(gzip.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(gzip.err()).contains("--gzip compresses segment files");
    }
}
