package io.govaudit.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The databases the JDBC store speaks to. Each has its own schema script (see
 * {@link JdbcSchema#script(Dialect)}) and its own way of holding a chain for one writer.
 *
 * @since 0.1.0
 */
public enum Dialect {

    /**
     * PostgreSQL 12 or later: the primary database. A writer holds its chain with a session
     * advisory lock; the table is append-only by trigger and grants; records are inserted with
     * {@code COPY} by default.
     */
    POSTGRESQL("postgresql.sql"),

    /**
     * H2 2.2 or later, embedded: for tests and single-process applications. A writer holds its chain with a
     * row lock in an open transaction; a Java trigger refuses updates and deletes. H2 cannot
     * refuse {@code TRUNCATE} with a trigger; give the application a user without that right.
     */
    H2("h2.sql");

    private final String scriptName;

    Dialect(String scriptName) {
        this.scriptName = scriptName;
    }

    /** @return the schema script's resource name, relative to this package's {@code schema/} folder */
    String scriptName() {
        return scriptName;
    }

    /**
     * Tells which dialect a connection speaks, from its metadata.
     *
     * @param connection an open connection
     * @return the dialect
     * @throws SQLException if the metadata cannot be read
     * @throws IllegalArgumentException if the database is neither PostgreSQL nor H2
     */
    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("the database '" + product + "' is not supported by the JDBC store; "
                + "use PostgreSQL or H2");
    }

    /**
     * Tells which dialect a data source speaks, with one connection.
     *
     * @param dataSource the data source
     * @return the dialect
     * @throws SQLException if no connection can be made
     */
    static Dialect of(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection);
        }
    }
}
