package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.jdbc.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar as operators do: {@code java -jar audit-cli.jar …} in a separate process. */
class AuditCliIT {

    private static final Path JAR = Path.of(System.getProperty("auditCli.jar", "target/audit-cli.jar"));

    @TempDir
    Path store;

    @Test
    void jar_generateVerifyTamperVerify_exitsZeroThenOne() throws Exception {
        Result generate = run("generate", store.toString(), "--chain", "it", "--count", "1300", "--threads", "4");
        assertThat(generate.exit()).as(generate.err()).isZero();
        assertThat(generate.out()).contains("events recorded: 1300", "last seq:        1303");

        Result intact = run("verify", store.toString());
        assertThat(intact.exit()).as(intact.err()).isZero();
        assertThat(intact.out()).contains("records   1303", "Asia/Taipei").endsWith("INTACT" + System.lineSeparator());

        Segments.flipTypeLetter(Segments.of(store, "it").get(0), 700);
        Result tampered = run("verify", store.toString(), "--json");
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(Segments.parse(tampered.out()).get("chains").get(0).get("problems").get(0).get("seq").asLong())
                .isEqualTo(700);
        assertThat(tampered.err()).isEmpty();
    }

    @Test
    void jar_verifyJdbcH2FileAndPostgres_driversAreBundled() throws Exception {
        Path files = store.resolve("files");
        SampleChains.write(files, "node-1", 20);
        JdbcDataSource h2 = new JdbcDataSource();
        String h2Url = "jdbc:h2:file:" + store.resolve("audit").toAbsolutePath();
        h2.setURL(h2Url);
        h2.setUser("sa");
        ChainRows.installSchema(h2);
        ChainRows.copyStore(files, h2);
        String pgDatabase = TestDatabases.newPostgresDatabase("cli_it");
        DataSource pg = TestDatabases.postgresDataSource(pgDatabase, "postgres", null);
        ChainRows.installSchema(pg);
        ChainRows.copyStore(files, pg);

        Result fromH2 = run("verify", "--jdbc-url", h2Url, "--jdbc-user", "sa");
        Result fromPg = run("verify", "--jdbc-url", TestDatabases.postgresUrl(pgDatabase), "--jdbc-user", "postgres");

        assertThat(fromH2.exit()).as(fromH2.err()).isZero();
        assertThat(fromH2.out()).contains("store " + h2Url, "records   23").endsWith("INTACT" + System.lineSeparator());
        assertThat(fromPg.exit()).as(fromPg.err()).isZero();
        assertThat(fromPg.out()).contains("records   23").endsWith("INTACT" + System.lineSeparator());
    }

    @Test
    void jar_help_exitsZero() throws Exception {
        Result help = run("--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: audit-cli", "verify", "generate");
    }

    @Test
    void jar_missingDirectory_exitsTwoWithoutStackTrace() throws Exception {
        Result verify = run("verify", store.resolve("missing").toString());

        assertThat(verify.exit()).isEqualTo(2);
        assertThat(verify.err()).contains("does not exist").doesNotContain("\tat ");
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(store.getParent(), "out", ".txt");
        Path err = Files.createTempFile(store.getParent(), "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished in time").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    private record Result(int exit, String out, String err) {
    }
}
