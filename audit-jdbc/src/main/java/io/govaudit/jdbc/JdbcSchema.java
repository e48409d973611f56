package io.govaudit.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The JDBC store's tables: {@code audit_record} (one row per record, the record's exact text in
 * {@code record_json} beside indexed copies of its members), {@code audit_segment} (where each
 * segment starts) and {@code audit_chain} (who writes each chain), with the append-only rule and
 * the guarded purge function {@code govaudit_purge(chain, through_seq)}.
 *
 * <p>Install the schema as the role that owns the tables, then give the application's role only
 * what {@link #grantStatements} lists. On PostgreSQL the application role can then insert and
 * read records but never update, delete or truncate them; deleting old records goes through
 * {@code govaudit_purge}, which refuses a range that no stored {@code RETENTION_PURGE} record
 * attests.
 *
 * <pre>{@code
 * JdbcSchema.install(ownerDataSource);                       // idempotent
 * for (String grant : JdbcSchema.grantStatements(Dialect.POSTGRESQL, "myapp")) {
 *     System.out.println(grant + ";");                        // or run them as the owner
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class JdbcSchema {

    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final long INSTALL_LOCK = 0x676f7661756469L; // "govaudi": serialises concurrent installs

    private JdbcSchema() {
    }

    /**
     * Returns a dialect's schema script, as DBAs review and run it: statements separated by
     * lines holding only {@code --;}.
     *
     * @param dialect the database
     * @return the DDL text
     */
    public static String script(Dialect dialect) {
        Objects.requireNonNull(dialect, "dialect");
        String name = "schema/" + dialect.scriptName();
        try (InputStream in = JdbcSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the schema script " + name + " is missing from the audit-jdbc jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema script " + name, e);
        }
    }

    /**
     * Returns the script's statements, one by one, without the separators.
     *
     * @param dialect the database
     * @return the statements
     */
    public static List<String> statements(Dialect dialect) {
        List<String> statements = new ArrayList<>();
        for (String chunk : script(dialect).split("(?m)^--;\\s*$")) {
            if (!chunk.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("--"))) {
                statements.add(chunk.strip());
            }
        }
        return statements;
    }

    /**
     * Creates the tables, triggers and purge function if they are missing; safe to run again and
     * from several processes at once (on PostgreSQL the script runs in one transaction under an
     * advisory lock). Run it as the role that is to own the tables.
     *
     * @param dataSource the database, as the owner
     * @return the dialect found
     * @throws SQLException if a statement fails; on PostgreSQL nothing is then changed
     */
    public static Dialect install(DataSource dataSource) throws SQLException {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection c = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(c);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(dialect != Dialect.POSTGRESQL);
            try (Statement s = c.createStatement()) {
                if (dialect == Dialect.POSTGRESQL) {
                    s.execute("SELECT pg_advisory_xact_lock(" + INSTALL_LOCK + ")");
                }
                for (String statement : statements(dialect)) {
                    s.execute(statement);
                }
                if (dialect == Dialect.POSTGRESQL) {
                    c.commit();
                }
            } catch (SQLException e) {
                if (dialect == Dialect.POSTGRESQL) {
                    c.rollback();
                }
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return dialect;
        }
    }

    /**
     * Returns the GRANT statements that give an application role exactly what the store needs:
     * INSERT and SELECT on {@code audit_record} and {@code audit_segment}; SELECT, INSERT and
     * UPDATE on {@code audit_chain} (the writer names itself there); on PostgreSQL EXECUTE on
     * {@code govaudit_purge} (for retention and capacity purges). Never UPDATE, DELETE or
     * TRUNCATE on the records. Run them as the owner, after {@link #install}. On PostgreSQL the
     * role also needs {@code USAGE} on the schema if the tables are not in {@code public}.
     *
     * @param dialect the database
     * @param appRole the application's role: a plain SQL identifier ({@code [A-Za-z_][A-Za-z0-9_]*},
     *                at most 63 characters)
     * @return the statements, without terminating semicolons
     * @throws IllegalArgumentException if the role is not a plain identifier
     */
    public static List<String> grantStatements(Dialect dialect, String appRole) {
        Objects.requireNonNull(dialect, "dialect");
        if (appRole == null || !ROLE.matcher(appRole).matches()) {
            throw new IllegalArgumentException("appRole must be a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most "
                    + "63 characters), was " + (appRole == null ? "null" : "'" + appRole + "'"));
        }
        List<String> grants = new ArrayList<>(List.of(
                "GRANT SELECT, INSERT ON audit_record TO " + appRole,
                "GRANT SELECT, INSERT ON audit_segment TO " + appRole,
                "GRANT SELECT, INSERT, UPDATE ON audit_chain TO " + appRole));
        if (dialect == Dialect.POSTGRESQL) {
            grants.add("GRANT EXECUTE ON FUNCTION govaudit_purge(varchar, bigint) TO " + appRole);
        }
        return grants;
    }
}
