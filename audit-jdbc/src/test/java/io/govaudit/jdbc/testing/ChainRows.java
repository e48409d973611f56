package io.govaudit.jdbc.testing;

import io.govaudit.jdbc.JdbcRecordSource;
import io.govaudit.jdbc.JdbcSchema;
import io.govaudit.jdbc.internal.RecordColumns;
import io.govaudit.testing.KeyedStore;
import io.govaudit.testing.Segments;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The rows of {@code audit_record} for tests, beside the JDBC store: installs the schema, fills
 * rows without the store (copied from a file store, or forged as an intruder could), reads them
 * back for assertions, and verifies them with the library's verifier through
 * {@link JdbcRecordSource}.
 */
public final class ChainRows {

    private static final String INSERT = "INSERT INTO audit_record (chain_id, seq, ts, event_type, outcome, actor_id, "
            + "subject_id, client_ip, host, record_json, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private ChainRows() {
    }

    /**
     * Creates the tables of the database's dialect (PostgreSQL or H2) with {@link JdbcSchema#install}.
     *
     * @param db the database, as its owner
     */
    public static void installSchema(DataSource db) {
        try {
            JdbcSchema.install(db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot install the schema", e);
        }
    }

    /**
     * Verifies every chain of the database with the library's verifier, reading the rows through
     * {@link JdbcRecordSource} (which also checks each row's columns against its record).
     *
     * @param db the database
     * @return the report
     */
    public static VerificationReport verify(DataSource db) {
        try {
            return AuditVerifier.forSource(JdbcRecordSource.of(db)).verify();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies every chain of a file store into {@code audit_record}, one row per line.
     *
     * @param store the store directory (one sub-directory per chain)
     * @param db    the database with the schema installed
     * @return the number of rows inserted
     */
    public static int copyStore(Path store, DataSource db) {
        int rows = 0;
        try (Stream<Path> chains = Files.list(store)) {
            for (Path chainDir : chains.filter(Files::isDirectory).sorted().toList()) {
                rows += insert(db, chainDir.getFileName().toString(), Segments.allLines(chainDir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /**
     * Inserts record lines of one chain as rows, columns read from each line.
     *
     * @param db    the database
     * @param chain the chain id
     * @param lines the record lines, without {@code \n}
     * @return the number of rows inserted
     */
    public static int insert(DataSource db, String chain, List<String> lines) {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (String line : lines) {
                bind(insert, chain, line, RecordColumns.read(line));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot insert the lines of chain " + chain, e);
        }
        return lines.size();
    }

    /**
     * Inserts one row, as an intruder with INSERT rights could.
     *
     * @param db      the database
     * @param chain   the chain id
     * @param line    the {@code record_json}
     * @param columns the indexed columns
     */
    public static void insertRow(DataSource db, String chain, String line, RecordColumns columns) {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement(INSERT)) {
            bind(insert, chain, line, columns);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert a row of chain " + chain, e);
        }
    }

    /**
     * Binds one row: {@code record_json} is {@code line}, the other columns come from {@code columns}
     * (which a forging test may take from another line).
     */
    public static void bind(PreparedStatement insert, String chain, String line, RecordColumns columns)
            throws SQLException {
        insert.setString(1, chain);
        insert.setLong(2, columns.seq());
        insert.setObject(3, OffsetDateTime.ofInstant(columns.instant(), ZoneOffset.UTC));
        insert.setString(4, columns.type());
        insert.setString(5, columns.outcome());
        insert.setString(6, columns.actorId());
        insert.setString(7, columns.subjectId());
        insert.setString(8, columns.clientIp());
        insert.setString(9, columns.host());
        insert.setString(10, line);
        insert.setString(11, columns.hash());
    }

    /**
     * Reads back the {@code record_json} of a chain's rows in seq order.
     *
     * @param db    the database
     * @param chain the chain id
     * @return the record lines
     */
    public static List<String> lines(DataSource db, String chain) {
        List<String> lines = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT record_json FROM audit_record WHERE chain_id = ? ORDER BY seq")) {
            select.setString(1, chain);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the rows of chain " + chain, e);
        }
        return lines;
    }

    /**
     * Runs a query that returns one number.
     *
     * @param db    the database
     * @param sql   a SELECT of one row and one numeric column, with one parameter
     * @param param its parameter
     * @return the number, 0 for SQL NULL
     */
    public static long longValue(DataSource db, String sql, Object param) {
        try (Connection c = db.getConnection(); PreparedStatement select = c.prepareStatement(sql)) {
            select.setObject(1, param);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** @return the seqs of a chain's rows, in order */
    public static List<Long> seqs(DataSource db, String chain) {
        return lines(db, chain).stream().map(KeyedStore::seqOf).toList();
    }

    /** @return the record lines of a chain whose {@code type} is {@code type}, in seq order */
    public static List<String> ofType(DataSource db, String chain, String type) {
        return lines(db, chain).stream().filter(l -> KeyedStore.typeOf(l).equals(type)).toList();
    }

    /** @return the first value of member {@code key} in a record line (a string or a number), or null */
    public static String detail(String line, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\"?([^\",}]*)").matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** @return the number in the first column of the first row of a query, such as a COUNT */
    public static long count(DataSource db, String sql) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql, e);
        }
    }

    /**
     * Runs statements as the table owner with the append-only rule switched off, as an intruder
     * with the owner's rights could: PostgreSQL disables the user triggers, H2 drops them.
     *
     * @param db  the database, as owner
     * @param sql the statements, each with {@code ?} bound from {@code args} in order
     * @param args the values of all statements' parameters, in order
     */
    public static void tamper(DataSource db, List<String> sql, Object... args) {
        try (Connection c = db.getConnection()) {
            disableAppendOnly(c);
            int next = 0;
            for (String statement : sql) {
                try (PreparedStatement ps = c.prepareStatement(statement)) {
                    int count = ps.getParameterMetaData().getParameterCount();
                    for (int i = 1; i <= count; i++) {
                        ps.setObject(i, args[next++]);
                    }
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("tampering failed", e);
        }
    }

    private static void disableAppendOnly(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        try (Statement s = c.createStatement()) {
            if (product.contains("postgres")) {
                s.execute("ALTER TABLE audit_record DISABLE TRIGGER USER");
                return;
            }
            List<String> triggers = new ArrayList<>();
            // one row per triggering event (UPDATE, DELETE) of the same trigger: hence DISTINCT
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT TRIGGER_SCHEMA, TRIGGER_NAME FROM "
                    + "INFORMATION_SCHEMA.TRIGGERS WHERE EVENT_OBJECT_TABLE = 'AUDIT_RECORD'")) {
                while (rs.next()) {
                    triggers.add("\"" + rs.getString(1) + "\".\"" + rs.getString(2) + "\"");
                }
            }
            for (String trigger : triggers) {
                s.execute("DROP TRIGGER IF EXISTS " + trigger);
            }
        }
    }
}
