package io.govaudit.jdbc;

import io.govaudit.spi.Anchor;
import io.govaudit.spi.AnchorSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * An {@link AnchorSink} that inserts each checkpoint's anchor into table {@code audit_anchor} of a
 * database other than the one holding the records (docs/format.md sections 3-5): whoever can rewrite or
 * cut {@code audit_record} must also reach this database, as another role on another server,
 * before the change goes unnoticed.
 *
 * <pre>{@code
 * AuditTrail.builder()
 *         ...
 *         .anchorSink(JdbcAnchorSink.of(anchorDataSource))   // another server, INSERT + SELECT only
 *         .build();
 * // later, the auditor:
 * JdbcAnchorSink.export(anchorDataSource, Path.of("/tmp/anchors"));
 * AuditVerifier.forSource(JdbcRecordSource.of(auditDataSource)).anchors(Path.of("/tmp/anchors")).verify();
 * }</pre>
 *
 * <p>Table: created on first use if absent, by the portable script
 * {@code io/govaudit/jdbc/schema/anchor.sql} in this jar (columns {@code chain_id, seq, at_seq,
 * at_hash, ts, key_id, sig}, primary key {@code (chain_id, seq)}); a DBA may create it beforehand
 * and give the sink's role INSERT and SELECT only.
 *
 * <p>Durability: {@link #publish} returns after the INSERT is committed (auto-commit).
 * Publishing the same anchor again (a retry after a lost reply) is accepted; a different anchor
 * for a seq already anchored is refused with an {@link IOException}, as it means two writers or
 * a rewritten chain.
 *
 * <p>Thread-safety: thread-safe; publishing is synchronized.
 *
 * @since 0.1.0
 */
public final class JdbcAnchorSink implements AnchorSink {

    /** The script that creates the table, a resource of this jar. */
    public static final String SCHEMA_RESOURCE = "/io/govaudit/jdbc/schema/anchor.sql";

    private static final String INSERT = "INSERT INTO audit_anchor (chain_id, seq, at_seq, at_hash, ts, key_id, sig) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT_ONE = "SELECT chain_id, seq, at_seq, at_hash, ts, key_id, sig FROM audit_anchor "
            + "WHERE chain_id = ? AND seq = ?";
    private static final String SELECT_ALL = "SELECT chain_id, seq, at_seq, at_hash, ts, key_id, sig FROM audit_anchor "
            + "ORDER BY chain_id, seq";

    private final DataSource dataSource;
    /** Guarded by this: whether the table is known to exist. */
    private boolean tableReady;

    private JdbcAnchorSink(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Creates a sink writing to {@code audit_anchor} of a database; nothing is done until the
     * first anchor, so building a trail does not need that database to be up.
     *
     * @param dataSource the anchor database (not the one holding {@code audit_record})
     * @return the sink
     */
    public static JdbcAnchorSink of(DataSource dataSource) {
        return new JdbcAnchorSink(dataSource);
    }

    @Override
    public synchronized void publish(Anchor anchor) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            if (!tableReady) {
                createTableIfAbsent(c);
                tableReady = true;
            }
            insert(c, anchor);
        } catch (SQLException e) {
            throw new IOException("cannot insert the anchor of chain '" + anchor.chain() + "' seq " + anchor.seq()
                    + " into audit_anchor: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static void insert(Connection c, Anchor anchor) throws SQLException, IOException {
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            insert.setString(1, anchor.chain());
            insert.setLong(2, anchor.seq());
            insert.setLong(3, anchor.atSeq());
            insert.setString(4, anchor.atHash());
            insert.setString(5, anchor.ts());
            insert.setString(6, anchor.key());
            insert.setString(7, anchor.sig());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            Anchor stored = find(c, anchor.chain(), anchor.seq());
            if (!anchor.equals(stored)) {
                throw new IOException("audit_anchor already holds a different anchor for chain '" + anchor.chain()
                        + "' seq " + anchor.seq() + " (at_seq " + (stored == null ? "?" : stored.atSeq())
                        + "): two writers on one chain, or the chain was rewritten", e);
            }
        }
    }

    private static Anchor find(Connection c, String chain, long seq) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT_ONE)) {
            select.setString(1, chain);
            select.setLong(2, seq);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? anchor(rs) : null;
            }
        }
    }

    private static Anchor anchor(ResultSet rs) throws SQLException {
        return new Anchor(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7));
    }

    /**
     * Creates {@code audit_anchor} unless a probe finds it: a role without CREATE rights works
     * with a table the DBA created.
     */
    static void createTableIfAbsent(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try (Statement probe = c.createStatement()) {
            c.setAutoCommit(true); // a failed probe must not abort a transaction (PostgreSQL)
            probe.executeQuery("SELECT seq FROM audit_anchor WHERE 1 = 0").close();
            return;
        } catch (SQLException absent) {
            try (Statement create = c.createStatement()) {
                create.execute(schema());
            } catch (SQLException e) {
                e.addSuppressed(absent);
                throw e;
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Returns the script that creates {@code audit_anchor} (one statement, portable SQL), as
     * {@link #SCHEMA_RESOURCE} holds it.
     *
     * @return the DDL
     */
    public static String schema() {
        try (InputStream in = JdbcAnchorSink.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SCHEMA_RESOURCE + " is missing from the jar");
            }
            StringBuilder sql = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            return sql.toString().strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + SCHEMA_RESOURCE, e);
        }
    }

    /**
     * Writes every anchor of {@code audit_anchor} into {@code <dir>/<chain>.anchors}, byte for
     * byte as {@link AnchorSink#directory} writes them, so that
     * {@code AuditVerifier.anchors(dir)} checks a JDBC store (or any store) against the table.
     *
     * @param dataSource the anchor database
     * @param dir        the directory to write to, created if missing; it must not hold an
     *                   anchor file of a chain in the table already
     * @return the number of anchors written
     * @throws FileAlreadyExistsException if {@code <dir>/<chain>.anchors} exists for a chain of the table
     * @throws IOException                if the table cannot be read or a file cannot be written
     */
    public static long export(DataSource dataSource, Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        AnchorSink files = AnchorSink.directory(dir);
        long written = 0;
        try (Connection c = dataSource.getConnection()) {
            for (String chain : chains(c)) {
                Path file = dir.resolve(chain + ".anchors");
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(file.toString(), null,
                            "export anchors into a directory without anchor files of the same chains");
                }
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // a cursor, not the whole table in memory (pgjdbc)
            try (PreparedStatement select = c.prepareStatement(SELECT_ALL)) {
                select.setFetchSize(JdbcRecordSource.FETCH_SIZE);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        files.publish(anchor(rs));
                        written++;
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IOException("cannot read table audit_anchor: " + e.getMessage() + " (SQLState "
                    + e.getSQLState() + ")", e);
        }
        return written;
    }

    private static List<String> chains(Connection c) throws SQLException {
        List<String> chains = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT DISTINCT chain_id FROM audit_anchor");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                chains.add(rs.getString(1));
            }
        }
        return chains;
    }

    @Override
    public String toString() {
        return "JdbcAnchorSink[audit_anchor]";
    }
}
