package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.Actor;
import io.govaudit.AuditConfigurationException;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.jdbc.JdbcAuditStore;
import io.govaudit.jdbc.JdbcRecordSource;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code govaudit.store=jdbc}: the chain in the application's DataSource, on H2 (through Spring
 * Boot's own DataSource auto-configuration, found by name so the same test runs on Boot 3.5 and 4)
 * and on a real PostgreSQL server started by the test (STYLE S39; like audit-jdbc's tests, no
 * skip: if the server cannot start, the test fails). Each chain is verified afterwards with
 * {@link AuditVerifier} over {@link JdbcRecordSource}.
 */
class GovauditJdbcStoreTest {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void h2ThroughBootsDataSource_installsTheSchemaAndKeepsAnIntactChain() throws IOException {
        String url = "jdbc:h2:mem:govaudit_" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        runner().withConfiguration(AutoConfigurations.of(bootDataSourceAutoConfiguration()))
                .withPropertyValues("spring.datasource.url=" + url, "govaudit.store=jdbc",
                        "govaudit.chain-id=node-1")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JdbcAuditStore.class);
                    AuditTrail trail = context.getBean(AuditTrail.class);
                    trail.record(AuditEvent.login(Actor.of("u1")).build());
                    trail.record(AuditEvent.login(Actor.of("u2")).build());
                });

        VerificationReport report = AuditVerifier.forSource(JdbcRecordSource.of(h2(url))).verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.chains()).singleElement().satisfies(chain -> {
            assertThat(chain.chain()).isEqualTo("node-1");
            assertThat(chain.records()).isGreaterThanOrEqualTo(4); // CHAIN_START, TRAIL_START, 2 logins, ...
        });
    }

    @Test
    void installSchemaNever_leavesTheTablesToTheDbaAndTheStartSaysSo() {
        DataSource h2 = h2("jdbc:h2:mem:govaudit_" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        runner().withBean(DataSource.class, () -> h2)
                .withPropertyValues("govaudit.store=jdbc", "govaudit.chain-id=node-1",
                        "govaudit.jdbc.install-schema=never")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new GovauditFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getAction()).contains("govaudit.jdbc.install-schema");
                });
    }

    @Test
    void postgres_signedChainWithInstalledSchema_verifiesIntact() throws IOException {
        DataSource database = newPostgres();
        Path key = TrailFiles.signingKey(dir, "audit");
        runner().withBean(DataSource.class, () -> database)
                .withPropertyValues("govaudit.store=jdbc", "govaudit.chain-id=pg-node-1",
                        "govaudit.jdbc.install-schema=always", "govaudit.jdbc.state-directory=" + dir.resolve("state"),
                        "govaudit.jdbc.holder=spring-test", "govaudit.signing.key=" + key,
                        "govaudit.checkpoint.every=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(AuditTrail.class).record(AuditEvent.login(Actor.of("u1")).build());
                });

        VerificationReport report = AuditVerifier.forSource(JdbcRecordSource.of(database))
                .trustedKey(dir.resolve("audit.pub")).verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.intact()).isTrue();
        assertThat(report.chains()).extracting(c -> c.chain()).containsExactly("pg-node-1");
    }

    @Test
    void postgres_defaultInstallSchema_doesNotInstallOnAServerDatabase() throws SQLException {
        DataSource database = newPostgres();
        runner().withBean(DataSource.class, () -> database)
                .withPropertyValues("govaudit.store=jdbc", "govaudit.chain-id=pg-node-1")
                .run(context -> assertThat(context).hasFailed());

        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                var tables = s.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'audit_%'")) {
            tables.next();
            assertThat(tables.getInt(1)).isZero();
        }
    }

    @Test
    void jdbcWithoutADataSource_failsTheStartSayingWhatIsMissing() {
        runner().withPropertyValues("govaudit.store=jdbc").run(context -> {
            assertThat(context).hasFailed();
            assertThat(configurationFailure(context.getStartupFailure()).problems())
                    .singleElement().asString().startsWith("govaudit.store: jdbc needs one DataSource bean, found 0");
        });
    }

    @Test
    void jdbcWithoutAuditJdbc_failsTheStartSayingWhatIsMissing() {
        DataSource h2 = h2("jdbc:h2:mem:govaudit_" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        runner().withClassLoader(new FilteredClassLoader("io.govaudit.jdbc"))
                .withBean(DataSource.class, () -> h2)
                .withPropertyValues("govaudit.store=jdbc")
                .run(context -> assertThat(configurationFailure(context.getStartupFailure()).problems())
                        .singleElement().asString().startsWith("govaudit.store: jdbc needs io.govaudit:audit-jdbc"));
    }

    @Test
    void jdbcWithAFileDirectory_isRefusedRatherThanIgnored() {
        DataSource h2 = h2("jdbc:h2:mem:govaudit_" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        runner().withBean(DataSource.class, () -> h2)
                .withPropertyValues("govaudit.store=jdbc", "govaudit.file.directory=" + dir)
                .run(context -> assertThat(configurationFailure(context.getStartupFailure()).problems())
                        .singleElement().asString().startsWith("govaudit.file.directory: "));
    }

    @Test
    void theFileStoreIgnoresADataSource() {
        DataSource h2 = h2("jdbc:h2:mem:govaudit_" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        runner().withBean(DataSource.class, () -> h2)
                .withPropertyValues("govaudit.file.directory=" + dir, "govaudit.chain-id=file-1")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class)
                        .doesNotHaveBean(JdbcAuditStore.class));
    }

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                GovauditAutoConfiguration.class, GovauditJdbcStoreAutoConfiguration.class));
    }

    /** Boot's DataSource auto-configuration: its package differs between Boot 4 and 3.5. */
    static Class<?> bootDataSourceAutoConfiguration() {
        for (String name : List.of("org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")) {
            try {
                return Class.forName(name);
            } catch (ClassNotFoundException e) {
                // the other Boot generation
            }
        }
        throw new AssertionError("Spring Boot's DataSourceAutoConfiguration is on neither known name");
    }

    private static DataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        return ds;
    }

    /** A fresh database on the embedded server, started on first use (binaries from Maven Central). */
    private static synchronized DataSource newPostgres() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on").start();
            }
            String name = "spring_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return postgres.getDatabase("postgres", name);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL server or create a database", e);
        }
    }

    private static AuditConfigurationException configurationFailure(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof AuditConfigurationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("startup failure %s", failure).isInstanceOf(AuditConfigurationException.class);
        return (AuditConfigurationException) cause;
    }
}
