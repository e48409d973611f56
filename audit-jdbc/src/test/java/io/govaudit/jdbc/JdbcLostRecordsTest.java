package io.govaudit.jdbc;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.RecordsLostException;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.DatabaseKind;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.NothingToVerifyException;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11, parts 1 and 2 on a database: rows deleted behind the store's back (TRUNCATE of
 * audit_record, the newest segment's rows deleted) are neither reported intact nor silently
 * continued.
 */
class JdbcLostRecordsTest {

    private static final String CHAIN = "node-1";

    private static AuditTrail.Builder trail(DataSource db) {
        return AuditTrail.builder().store(JdbcAuditStore.builder(db).build()).chainId(CHAIN).system("app")
                .host("db-host").segmentMaxBytes(4096).maxRecordBytes(1024);
    }

    private static void record(DataSource db, int events) {
        try (AuditTrail t = trail(db).build()) {
            for (int i = 0; i < events; i++) {
                t.record(AuditEvent.adminAction(Actor.of("A" + i), "POST /x/" + i).build());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void truncateAuditRecord_verifyIsNoRecordsAndOpenIsRefused(DatabaseKind kind) throws IOException {
        DataSource db = kind.withSchema("truncated");
        record(db, 80);

        ChainRows.tamper(db, List.of("TRUNCATE TABLE audit_record"));

        VerificationReport report = AuditVerifier.forSource(JdbcRecordSource.of(db)).verify();
        assertThat(report).isNotIntact().hasProblem(ProblemKind.NO_RECORDS).inChain(CHAIN);
        assertThat(report.problems().get(0).message()).contains("audit_segment");
        assertThatThrownBy(() -> trail(db).build()).isInstanceOf(RecordsLostException.class)
                .hasMessageContaining("holds no records").hasMessageContaining("newest segment");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void newestSegmentRowsDeleted_verifyIsTruncatedAndAcceptedOpenRecordsTheLoss(DatabaseKind kind)
            throws IOException {
        DataSource db = kind.withSchema("cut");
        record(db, 80);
        long newest = ChainRows.longValue(db, "SELECT max(first_seq) FROM audit_segment WHERE chain_id = ?", CHAIN);
        long head = ChainRows.longValue(db, "SELECT max(seq) FROM audit_record WHERE chain_id = ?", CHAIN);
        assertThat(newest).isGreaterThan(1);

        ChainRows.tamper(db, List.of("DELETE FROM audit_record WHERE chain_id = ? AND seq >= ?"), CHAIN, newest);

        assertThat(AuditVerifier.forSource(JdbcRecordSource.of(db)).verify()).isNotIntact()
                .hasOnlyProblemKinds(ProblemKind.TRUNCATED).hasProblem(ProblemKind.TRUNCATED).atSeq(newest);
        assertThatThrownBy(() -> trail(db).build()).isInstanceOf(RecordsLostException.class);

        try (AuditTrail t = trail(db).acceptLostRecords(true).build()) {
            t.record(AuditEvent.adminAction(Actor.of("B"), "POST /after").build());
        }
        VerificationReport after = AuditVerifier.forSource(JdbcRecordSource.of(db)).verify();
        assertThat(after).isNotIntact().hasOnlyProblemKinds(ProblemKind.RECORDS_LOST)
                .hasProblem(ProblemKind.RECORDS_LOST).atSeq(newest + 1);
        assertThat(head).isGreaterThanOrEqualTo(newest);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void emptyTables_verifyIsNothingToVerify(DatabaseKind kind) {
        DataSource db = kind.withSchema("nothing");

        assertThatThrownBy(() -> AuditVerifier.forSource(JdbcRecordSource.of(db)).verify())
                .isInstanceOf(NothingToVerifyException.class).hasMessageContaining("no chains found");
    }
}
