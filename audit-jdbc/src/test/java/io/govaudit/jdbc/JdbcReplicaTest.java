package io.govaudit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.DatabaseKind;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database store as a replica target ({@code AuditTrail.Builder.replicateTo(AuditStore)},
 * REQUIREMENTS B13): a file trail's records arrive in {@code audit_record} byte for byte, with
 * the trail's segment boundaries in {@code audit_segment}, and the database verifies on its own
 * (H2 and embedded PostgreSQL).
 */
class JdbcReplicaTest {

    private static final String CHAIN = "node-1";

    @TempDir
    Path store;

    private AuditTrail.Builder trail(DataSource db) {
        return AuditTrail.builder().directory(store).chainId(CHAIN).system("app").host("file-host")
                .segmentMaxBytes(4096).maxRecordBytes(1024).replicateTo(JdbcAuditStore.builder(db).build());
    }

    private void record(DataSource db, int events) {
        try (AuditTrail t = trail(db).build()) {
            for (int i = 0; i < events; i++) {
                t.record(AuditEvent.adminAction(Actor.of("A" + i), "POST /x/" + i).build());
            }
        }
    }

    private List<String> fileLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(store.resolve(CHAIN))) {
            for (Path segment : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(segment));
            }
        }
        return lines;
    }

    private List<Long> fileSegments() throws IOException {
        try (Stream<Path> files = Files.list(store.resolve(CHAIN))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted()
                    .map(n -> Long.parseLong(n.substring(0, 20))).toList();
        }
    }

    private static List<String> rows(DataSource db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, CHAIN);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void replicateToDatabase_everyRecordVerbatimWithTheTrailsSegments_verifiesOnItsOwn(DatabaseKind kind)
            throws Exception {
        DataSource db = kind.withSchema("replica");
        record(db, 60);
        record(db, 15); // a second run continues the replica from its head

        assertThat(rows(db, "SELECT record_json FROM audit_record WHERE chain_id = ? ORDER BY seq"))
                .isEqualTo(fileLines());
        assertThat(rows(db, "SELECT first_seq FROM audit_segment WHERE chain_id = ? ORDER BY first_seq"))
                .extracting(Long::parseLong).isEqualTo(fileSegments());
        VerificationReport report = AuditVerifier.forSource(JdbcRecordSource.of(db)).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.chains().get(0).lastSeq()).isEqualTo(fileLines().size());
        assertThat(ChainRows.longValue(db, "SELECT count(*) FROM audit_record WHERE chain_id = ?", CHAIN))
                .isEqualTo(fileLines().size());
    }
}
