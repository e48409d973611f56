package io.govaudit.jdbc;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.AuditTrail;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.DatabaseKind;
import io.govaudit.jdbc.testing.TestDatabases;
import io.govaudit.spi.Anchor;
import io.govaudit.testing.KeyedStore;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcAnchorSinkTest {

    private static final String CHAIN = "node-1";

    @TempDir
    Path tmp;

    private KeyedStore keyed;
    private KeyedStore.KeyPair key;

    /** Writes a keyed, signed chain whose anchors go to the directory sink and to {@code anchorDb}. */
    private void writeChain(DataSource anchorDb) {
        keyed = KeyedStore.create(tmp.resolve("keyed"));
        key = keyed.keyPair("checkpoint");
        try (AuditTrail trail = keyed.builder(CHAIN, key).anchorSink(JdbcAnchorSink.of(anchorDb)).build()) {
            keyed.record(trail, 30, 10);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void export_anchorsPublishedToTable_sameBytesAsDirectorySink(DatabaseKind kind) throws IOException {
        DataSource anchorDb = kind.create("anchors");
        writeChain(anchorDb);
        Path exported = tmp.resolve("exported");

        long count = JdbcAnchorSink.export(anchorDb, exported);

        byte[] fromDirectorySink = Files.readAllBytes(keyed.anchors.resolve(CHAIN + ".anchors"));
        assertThat(count).isGreaterThanOrEqualTo(6);
        assertThat(Files.readAllBytes(exported.resolve(CHAIN + ".anchors"))).isEqualTo(fromDirectorySink);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void verify_tailCutInRecordTable_truncatedWithAnchorsFromTable(DatabaseKind kind) throws IOException {
        DataSource anchorDb = kind.create("anchors");
        writeChain(anchorDb);
        DataSource recordDb = kind.withSchema("records");
        int rows = ChainRows.copyStore(keyed.store, recordDb);
        Path exported = tmp.resolve("exported");
        JdbcAnchorSink.export(anchorDb, exported);
        assertThat(verifier(recordDb, exported).verify()).hasNoProblems();

        ChainRows.tamper(recordDb, List.of("DELETE FROM audit_record WHERE chain_id = ? AND seq > ?"), CHAIN,
                (long) rows - 8);

        VerificationReport report = verifier(recordDb, exported).verify();
        assertThat(report).hasOnlyProblemKinds(ProblemKind.TRUNCATED).hasProblem(ProblemKind.TRUNCATED)
                .atSeq(rows - 7);
    }

    private AuditVerifier verifier(DataSource recordDb, Path anchors) {
        return AuditVerifier.forSource(JdbcRecordSource.of(recordDb)).hmacSeed(keyed.seedFile)
                .trustedKey(key.publicPem).anchors(anchors);
    }

    @Test
    void publish_sameAnchorAgain_acceptedOnce_differentAnchorForSameSeq_refused() throws Exception {
        DataSource db = DatabaseKind.H2.create("retry");
        JdbcAnchorSink sink = JdbcAnchorSink.of(db);
        Anchor anchor = new Anchor(CHAIN, 7, 6, "ab".repeat(32), "2026-01-01T00:00:00.000000Z", "0123456789abcdef",
                "c2ln");

        sink.publish(anchor);
        sink.publish(anchor);

        assertThatThrownBy(() -> sink.publish(new Anchor(CHAIN, 7, 6, "cd".repeat(32), anchor.ts(), anchor.key(),
                anchor.sig()))).isInstanceOf(IOException.class)
                .hasMessageContaining("already holds a different anchor for chain 'node-1' seq 7");
        Path exported = tmp.resolve("exported");
        assertThat(JdbcAnchorSink.export(db, exported)).isEqualTo(1);
    }

    @Test
    void export_anchorFileOfSameChainExists_refusesAndKeepsIt() throws Exception {
        DataSource db = DatabaseKind.H2.create("exists");
        JdbcAnchorSink.of(db).publish(new Anchor(CHAIN, 7, 6, "ab".repeat(32), "2026-01-01T00:00:00.000000Z",
                "0123456789abcdef", "c2ln"));
        Files.writeString(tmp.resolve(CHAIN + ".anchors"), "kept\n");

        assertThatThrownBy(() -> JdbcAnchorSink.export(db, tmp)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(tmp.resolve(CHAIN + ".anchors"))).isEqualTo("kept\n");
    }

    @Test
    void publish_postgresRoleWithInsertAndSelectOnly_worksOnTableTheOwnerCreated() throws Exception {
        String database = TestDatabases.newPostgresDatabase("anchor_roles");
        DataSource owner = TestDatabases.postgresDataSource(database, "postgres", null);
        String role = ("anchor_writer_" + database).toLowerCase(Locale.ROOT);
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute(JdbcAnchorSink.schema());
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'test-only'");
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            s.execute("GRANT INSERT, SELECT ON audit_anchor TO " + role);
        }
        DataSource writer = TestDatabases.postgresDataSource(database, role, "test-only");

        JdbcAnchorSink.of(writer).publish(new Anchor(CHAIN, 7, 6, "ab".repeat(32), "2026-01-01T00:00:00.000000Z",
                "0123456789abcdef", "c2ln"));

        try (Connection c = writer.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_anchor SET at_seq = 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
        assertThat(JdbcAnchorSink.export(writer, tmp.resolve("exported"))).isEqualTo(1);
    }
}
