package io.govaudit.jdbc.testing;

import io.govaudit.jdbc.internal.RecordColumns;
import io.govaudit.testing.Segments;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Fills {@code audit_record} for tests without the JDBC writer: runs the schema script the way
 * the installer does (statements split on lines holding only {@code --;}) and copies the lines of
 * a file store into rows, columns from {@link RecordColumns}, through a prepared INSERT.
 *
 * <p>Once {@code JdbcAuditStore} and {@code JdbcSchema} are on main, {@link Stores#jdbc()} writes
 * through the real store and {@link #installSchema} can delegate to {@code JdbcSchema.install}.
 */
public final class ChainRows {

    private static final String INSERT = "INSERT INTO audit_record (chain_id, seq, ts, event_type, outcome, actor_id, "
            + "subject_id, client_ip, host, record_json, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private ChainRows() {
    }

    /**
     * Creates the tables of the database's dialect (PostgreSQL or H2) from the script in the jar.
     *
     * @param db the database, as its owner
     */
    public static void installSchema(DataSource db) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String script = product.contains("postgres") ? "postgresql.sql" : "h2.sql";
            for (String statement : statements(script)) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot install the schema", e);
        }
    }

    private static List<String> statements(String script) {
        try (InputStream in = ChainRows.class.getResourceAsStream("/io/govaudit/jdbc/schema/" + script)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> statements = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : text.split("\n", -1)) {
                if (line.strip().equals("--;")) {
                    add(statements, current);
                } else {
                    current.append(line).append('\n');
                }
            }
            add(statements, current);
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(List<String> statements, StringBuilder current) {
        boolean onlyComments = current.toString().lines().map(String::strip)
                .allMatch(l -> l.isEmpty() || l.startsWith("--"));
        if (!onlyComments) {
            statements.add(current.toString());
        }
        current.setLength(0);
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
     * @return the texts
     */
    public static List<String> recordJson(DataSource db, String chain) {
        List<String> texts = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT record_json FROM audit_record WHERE chain_id = ? ORDER BY seq")) {
            select.setString(1, chain);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    texts.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return texts;
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
