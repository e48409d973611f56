package io.govaudit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.Location;
import io.govaudit.jdbc.testing.TestDatabases;
import io.govaudit.testing.VerificationAssert;
import io.govaudit.verify.AuditVerifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The indexed columns copy the record's members; a value PostgreSQL text cannot hold (U+0000)
 * is copied as U+FFFD on every database, while the record text keeps it escaped and exact.
 */
class ColumnCopiesTest {

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", TestDatabases.newH2("nul")),
                Arguments.of("PostgreSQL", TestDatabases.newPostgres("nul")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void nulInIndexedMembers_isRecorded_columnsHoldReplacement_chainVerifies(String name, DataSource ds)
            throws Exception {
        JdbcSchema.install(ds);
        try (AuditTrail trail = AuditTrail.builder().store(JdbcAuditStore.builder(ds).build()).chainId("nul")
                .system("s").host("h").build()) {
            long seq = trail.record(AuditEvent.userLock(Actor.of("adm\0in"), "us\0er")
                    .where(Location.defaults().withOp("POST /lock\0")).build()).seq().orElseThrow();
            assertThat(seq).isPositive();
        }

        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT actor_id, subject_id, record_json FROM audit_record WHERE event_type = 'USER_LOCK'");
                ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("adm\uFFFDin");
            assertThat(rs.getString(2)).isEqualTo("us\uFFFDer");
            assertThat(rs.getString(3)).contains("\"id\":\"adm\\u0000in\"");
        }
        VerificationAssert.assertThat(AuditVerifier.forSource(JdbcRecordSource.of(ds)).verify()).isIntact();
    }
}
