package io.govaudit.jdbc;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.jdbc.internal.RecordColumns;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.DatabaseKind;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tampering with {@code audit_record} through SQL as the table owner, append-only trigger
 * switched off first: each change is reported with the right kind at the right seq and row.
 */
class JdbcTamperTest {

    private static final String CHAIN = "node-1";
    /** CHAIN_START, TRAIL_START, 30 events, TRAIL_STOP. */
    private static final int RECORDS = 33;
    private static final String UPDATE_TEXT = "UPDATE audit_record SET record_json = ? WHERE chain_id = ? AND seq = ?";
    private static final String DELETE = "DELETE FROM audit_record WHERE chain_id = ? AND seq = ?";

    @TempDir
    Path store;

    private DataSource db;
    private List<String> lines;

    private void chainIn(DatabaseKind kind) {
        SampleChains.write(store, CHAIN, RECORDS - 3);
        db = kind.withSchema("tamper");
        ChainRows.copyStore(store, db);
        lines = ChainRows.lines(db, CHAIN);
        assertThat(lines).hasSize(RECORDS);
    }

    private String line(long seq) {
        return lines.get((int) seq - 1);
    }

    private VerificationReport verify() throws IOException {
        return AuditVerifier.forSource(JdbcRecordSource.of(db)).verify();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void updateRecordText_indexedMemberChanged_hashMismatchAndColumnMismatchAtThatSeq(DatabaseKind kind)
            throws IOException {
        chainIn(kind);
        String forged = line(5).replace("\"id\":\"A123456\"", "\"id\":\"B999999\"");
        assertThat(forged).isNotEqualTo(line(5));

        ChainRows.tamper(db, List.of(UPDATE_TEXT), forged, CHAIN, 5L);

        VerificationReport report = verify();
        assertThat(report).hasOnlyProblemKinds(ProblemKind.HASH_MISMATCH, ProblemKind.COLUMN_MISMATCH)
                .hasProblemCount(2);
        assertThat(report).hasProblem(ProblemKind.HASH_MISMATCH).atSeq(5).inFile("audit_record").atLine(5);
        assertThat(report).hasProblem(ProblemKind.COLUMN_MISMATCH).atSeq(5).atLine(5);
        assertThat(report.problems().get(0).message())
                .isEqualTo("column actor_id of the row is 'A123456' but the record says 'B999999': "
                        + "the row was altered after it was written");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void updateRecordText_unindexedMemberChanged_onlyHashMismatchAtThatSeq(DatabaseKind kind) throws IOException {
        chainIn(kind);
        String forged = line(6).replace("Chen Mei-Ling", "Someone Else");

        ChainRows.tamper(db, List.of(UPDATE_TEXT), forged, CHAIN, 6L);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.HASH_MISMATCH).hasProblemCount(1)
                .hasProblem(ProblemKind.HASH_MISMATCH).atSeq(6).atLine(6);
    }

    static Stream<Arguments> columns() {
        Object[][] changes = {
            {"actor_id", "B999999"}, {"subject_id", "u-999"}, {"client_ip", "10.9.9.9"}, {"host", "node-z"},
            {"event_type", "LOGIN"}, {"outcome", "FAILURE"}, {"hash", "a".repeat(64)},
            {"ts", OffsetDateTime.of(2030, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)},
        };
        return Stream.of(DatabaseKind.values())
                .flatMap(kind -> Stream.of(changes).map(c -> Arguments.of(kind, c[0], c[1])));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("columns")
    void updateColumnOnly_columnMismatchNamingColumnAtThatSeq(DatabaseKind kind, String column, Object value)
            throws IOException {
        chainIn(kind);
        // seq 4 is the USER_LOCK of event 1: every indexed column holds a value
        ChainRows.tamper(db, List.of("UPDATE audit_record SET " + column + " = ? WHERE chain_id = ? AND seq = ?"),
                value, CHAIN, 4L);

        VerificationReport report = verify();

        assertThat(report).hasOnlyProblemKinds(ProblemKind.COLUMN_MISMATCH).hasProblemCount(1)
                .hasProblem(ProblemKind.COLUMN_MISMATCH).atSeq(4).atLine(4);
        assertThat(report.problems().get(0).message()).startsWith("column " + column + " of the row is ");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void deleteRow_seqGapAtThatSeq(DatabaseKind kind) throws IOException {
        chainIn(kind);

        ChainRows.tamper(db, List.of(DELETE), CHAIN, 10L);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.SEQ_GAP).hasProblemCount(1)
                .hasProblem(ProblemKind.SEQ_GAP).atSeq(10).atLine(10);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void replaceRow_forgedRecordWithValidOwnHash_brokenLinkAtNextSeq(DatabaseKind kind) throws IOException {
        chainIn(kind);
        String forged = rehash(line(10).replace("Chen Mei-Ling", "Someone Else"));
        ChainRows.tamper(db, List.of(DELETE), CHAIN, 10L);

        ChainRows.insertRow(db, CHAIN, forged, RecordColumns.read(forged));

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.BROKEN_LINK).hasProblemCount(1)
                .hasProblem(ProblemKind.BROKEN_LINK).atSeq(11).atLine(11);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void insertRow_forgedRecordAfterHeadWithoutValidHash_hashMismatchAtItsSeq(DatabaseKind kind) throws IOException {
        chainIn(kind);
        String forged = line(RECORDS).replace("\"seq\":" + RECORDS + ",", "\"seq\":" + (RECORDS + 1) + ",")
                .replaceFirst("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + RecordColumns.read(line(RECORDS)).hash() + "\"");

        ChainRows.insertRow(db, CHAIN, forged, RecordColumns.read(forged));

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.HASH_MISMATCH).hasProblemCount(1)
                .hasProblem(ProblemKind.HASH_MISMATCH).atSeq(RECORDS + 1).atLine(RECORDS + 1);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void insertRow_copyOfEarlierRecordUnderNewSeq_seqRepeatAndSeqColumnMismatch(DatabaseKind kind)
            throws IOException {
        chainIn(kind);
        RecordColumns five = RecordColumns.read(line(5));
        RecordColumns underNewSeq = new RecordColumns(RECORDS + 1, five.ts(), five.type(), five.outcome(),
                five.actorId(), five.subjectId(), five.clientIp(), five.host(), five.hash());

        ChainRows.insertRow(db, CHAIN, line(5), underNewSeq);

        VerificationReport report = verify();
        assertThat(report).hasOnlyProblemKinds(ProblemKind.SEQ_REPEAT, ProblemKind.COLUMN_MISMATCH);
        assertThat(report).hasProblem(ProblemKind.SEQ_REPEAT).atSeq(5).atLine(RECORDS + 1);
        assertThat(report).hasProblem(ProblemKind.COLUMN_MISMATCH).atSeq(5).atLine(RECORDS + 1);
        assertThat(report.problems().get(0).message()).contains("column seq of the row is '34' but the record says '5'");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void updateRecordText_rawNewlineInValue_unparseableAtThatSeqAndStillOneLine(DatabaseKind kind)
            throws IOException {
        chainIn(kind);
        String forged = line(8).replace("Chen Mei-Ling", "Chen\nMei-Ling");

        ChainRows.tamper(db, List.of(UPDATE_TEXT), forged, CHAIN, 8L);

        VerificationReport report = verify();
        // the row is passed on as one line with the break escaped: a record whose hash fails
        assertThat(report).hasOnlyProblemKinds(ProblemKind.UNPARSEABLE, ProblemKind.HASH_MISMATCH).hasProblemCount(2);
        assertThat(report).hasProblem(ProblemKind.UNPARSEABLE).atSeq(8).atLine(8);
        assertThat(report).hasProblem(ProblemKind.HASH_MISMATCH).atSeq(8).atLine(8);
        assertThat(report.chains().get(0).records()).isEqualTo(RECORDS);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void updateRecordText_twoRecordsInOneRow_reportedAndNotReadAsTwo(DatabaseKind kind) throws IOException {
        chainIn(kind);
        // the intruder deletes row 9 and hides its record inside row 8, hoping it is read as two lines
        ChainRows.tamper(db, List.of(DELETE, UPDATE_TEXT), CHAIN, 9L, line(8) + "\n" + line(9), CHAIN, 8L);

        VerificationReport report = verify();

        assertThat(report).isNotIntact();
        assertThat(report).hasProblem(ProblemKind.UNPARSEABLE).atSeq(8).atLine(8);
        assertThat(report).hasProblem(ProblemKind.SEQ_GAP).atSeq(9).atLine(9);
        assertThat(report.chains().get(0).records()).as("one record per row").isEqualTo(RECORDS - 1);
    }

    /** Recomputes the plain SHA-256 hash of a record line, as an intruder can without a key. */
    private static String rehash(String line) {
        int suffix = line.lastIndexOf(",\"hash\":\"");
        String unhashed = line.substring(0, suffix);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(unhashed.getBytes(StandardCharsets.UTF_8));
            return unhashed + ",\"hash\":\"" + HexFormat.of().formatHex(hash) + "\"}";
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
