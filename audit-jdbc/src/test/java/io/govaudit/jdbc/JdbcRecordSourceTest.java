package io.govaudit.jdbc;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.DatabaseKind;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.jdbc.testing.TestDatabases;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.RecordSource;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcRecordSourceTest {

    @TempDir
    Path store;

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void verify_intactChainsCopiedFromFiles_sameReportAsFromFiles(DatabaseKind kind) throws IOException {
        SampleChains.write(store, "node-2", 7);
        SampleChains.write(store, "node-1", 60);
        DataSource db = kind.withSchema("intact");
        ChainRows.copyStore(store, db);

        VerificationReport fromFiles = AuditVerifier.forDirectory(store).verify();
        VerificationReport fromRows = AuditVerifier.forSource(JdbcRecordSource.of(db)).verify();

        assertThat(fromRows).hasNoProblems();
        assertThat(fromRows.chains()).extracting(ChainReport::chain).containsExactly("node-1", "node-2");
        for (int i = 0; i < 2; i++) {
            ChainReport file = fromFiles.chains().get(i);
            ChainReport rows = fromRows.chains().get(i);
            assertThat(rows.chain()).isEqualTo(file.chain());
            assertThat(rows.records()).isEqualTo(file.records());
            assertThat(rows.firstSeq()).isEqualTo(file.firstSeq());
            assertThat(rows.lastSeq()).isEqualTo(file.lastSeq());
            assertThat(rows.firstTime()).isEqualTo(file.firstTime());
            assertThat(rows.lastTime()).isEqualTo(file.lastTime());
            assertThat(rows.bytes()).isEqualTo(file.bytes());
        }
        assertThat(fromRows.chains().get(0).records()).isEqualTo(63);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void open_chain_streamsRecordJsonLinesInSeqOrder(DatabaseKind kind) throws IOException {
        SampleChains.write(store, "node-1", 5);
        DataSource db = kind.withSchema("lines");
        ChainRows.copyStore(store, db);
        List<RecordSource.Part> parts = JdbcRecordSource.of(db).parts("node-1");

        String text;
        try (InputStream in = parts.get(0).open((k, s, l, m) -> { throw new AssertionError(k + " " + m); })) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("audit_record");
            assertThat(p.namedFirstSeq()).isEqualTo(-1);
            assertThat(p.closed()).isTrue();
        });
        assertThat(text).isEqualTo(String.join("\n", ChainRows.lines(db, "node-1")) + "\n");
    }

    @Test
    void verify_postgresChainLongerThanOneFetch_intactWithEveryRecord() throws IOException {
        int events = 2 * JdbcRecordSource.FETCH_SIZE + 500;
        SampleChains.write(store, "node-1", events);
        DataSource db = DatabaseKind.POSTGRESQL.withSchema("fetches");
        ChainRows.copyStore(store, db);

        VerificationReport report = AuditVerifier.forSource(JdbcRecordSource.of(db)).verify();

        assertThat(report).hasNoProblems();
        assertThat(report.chains().get(0).records()).isEqualTo(events + 3);
    }

    @Test
    void verify_rowsUnderInvalidChainId_reportedWrongChain() throws IOException {
        SampleChains.write(store, "node-1", 3);
        DataSource db = DatabaseKind.H2.withSchema("badchain");
        ChainRows.copyStore(store, db);
        ChainRows.insert(db, "../evil", ChainRows.lines(db, "node-1"));

        VerificationReport report = AuditVerifier.forSource(JdbcRecordSource.of(db)).verify();

        assertThat(report).hasProblem(ProblemKind.WRONG_CHAIN).inChain("../evil").atSeq(0);
        assertThat(report.chains().get(1).problems()).isEmpty();
    }

    @Test
    void parts_chainWithoutRows_isEmpty() throws IOException {
        DataSource db = DatabaseKind.H2.withSchema("empty");

        assertThat(JdbcRecordSource.of(db).chains()).isEmpty();
        assertThat(JdbcRecordSource.of(db).parts("node-9")).isEmpty();
    }

    @Test
    void location_urlWithCredentials_reportsUrlWithoutThem() throws IOException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(TestDatabases.h2Url("located") + ";PASSWORD_HASH=FALSE");
        h2.setUser("sa");
        ChainRows.installSchema(h2);

        // an empty database is nothing to verify; the refusal names it without credentials too
        assertThatThrownBy(() -> AuditVerifier.forSource(JdbcRecordSource.of(h2)).verify())
                .isInstanceOf(io.govaudit.verify.NothingToVerifyException.class)
                .hasMessageContaining("jdbc:h2:mem:located; nothing").hasMessageNotContaining("PASSWORD_HASH");
        SampleChains.write(store, "node-1", 3);
        ChainRows.copyStore(store, h2);
        VerificationReport report = AuditVerifier.forSource(JdbcRecordSource.of(h2)).verify();

        assertThat(report.store()).isEqualTo("jdbc:h2:mem:located");
        assertThat(JdbcRecordSource.of(h2, "audit@db-1").location()).isEqualTo("audit@db-1");
    }

    @Test
    void chains_tableMissing_throwsNamingTable() {
        DataSource db = DatabaseKind.H2.create("missing");

        assertThatThrownBy(() -> JdbcRecordSource.of(db).chains()).isInstanceOf(IOException.class)
                .hasMessageContaining("audit_record").hasMessageContaining("jdbc:h2:mem:missing");
    }
}
