package io.govaudit.cli;

import io.govaudit.jdbc.internal.JdbcUrls;
import java.io.Console;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One database login from the command line: URL, user and where the password comes from, with
 * the option names of the group it came from ({@code --jdbc-*} or {@code --anchors-jdbc-*}) for
 * messages.
 *
 * <p>Secrets: a password is never an option value (it would show in {@code ps} and shell history):
 * it comes from the environment variable {@code <prefix>-password-env} names, or from an
 * interactive prompt with {@code <prefix>-password-prompt}. Reports and errors name the database
 * by its URL without credentials or parameters ({@link JdbcUrls#withoutSecrets}), and connection
 * errors have the full URL and the password replaced.
 *
 * <p>Immutable.
 */
final class JdbcLogin {

    private final String prefix;
    private final String url;
    private final String user;
    private final String passwordEnv;
    private final boolean passwordPrompt;

    JdbcLogin(String prefix, String url, String user, String passwordEnv, boolean passwordPrompt) {
        this.prefix = prefix;
        this.url = url;
        this.user = user;
        this.passwordEnv = passwordEnv;
        this.passwordPrompt = passwordPrompt;
    }

    /** @return whether the URL option was given */
    boolean set() {
        return url != null;
    }

    /**
     * Adds a message for each option of the group given without its URL option, or in conflict.
     *
     * @param problems where to add them
     */
    void validate(List<String> problems) {
        if (url == null) {
            for (String option : given()) {
                problems.add(option + " needs " + prefix + "-url");
            }
            return;
        }
        if (!url.startsWith("jdbc:")) {
            problems.add(prefix + "-url must be a JDBC URL starting with jdbc:, was " + safeUrl());
        }
        if (passwordEnv != null && passwordPrompt) {
            problems.add(prefix + "-password-env and " + prefix + "-password-prompt exclude each other; use one");
        }
        if (passwordEnv != null && passwordEnv.isBlank()) {
            problems.add(prefix + "-password-env must name an environment variable");
        }
    }

    /**
     * Adds a message unless exactly one of a store directory and this database is given, then
     * validates the database options.
     *
     * @param store    the store directory argument, or null
     * @param problems where to add messages
     */
    void validateAsSource(java.nio.file.Path store, List<String> problems) {
        if (store == null && !set()) {
            problems.add("give the store directory or " + prefix + "-url URL");
        } else if (store != null && set()) {
            problems.add("give either the store directory " + store + " or " + prefix + "-url, not both");
        }
        validate(problems);
    }

    private List<String> given() {
        List<String> given = new ArrayList<>();
        if (user != null) {
            given.add(prefix + "-user");
        }
        if (passwordEnv != null) {
            given.add(prefix + "-password-env");
        }
        if (passwordPrompt) {
            given.add(prefix + "-password-prompt");
        }
        return given;
    }

    /** @return the URL without credentials or parameters, for reports and messages */
    String safeUrl() {
        return JdbcUrls.withoutSecrets(url);
    }

    /**
     * Returns a data source for a database that must exist already: reading must not create one.
     * H2 creates a missing database file on connect unless told not to, so its URL gets
     * {@code ;IFEXISTS=TRUE} (unless it says otherwise).
     *
     * @param err where the prompt goes
     * @return the data source
     * @throws CliFailure if the password variable is unset, or no terminal is there to prompt on
     */
    DataSource existingDataSource(PrintWriter err) {
        boolean h2 = url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS=");
        return dataSource(h2 ? url + ";IFEXISTS=TRUE" : url, err);
    }

    /**
     * Returns a data source for the URL, the password read now from its source.
     *
     * @param err where the prompt goes
     * @return the data source
     * @throws CliFailure if the password variable is unset, or no terminal is there to prompt on
     */
    DataSource dataSource(PrintWriter err) {
        return dataSource(url, err);
    }

    private DataSource dataSource(String connectUrl, PrintWriter err) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        String password = password(err);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return new DriverManagerSource(connectUrl, safeUrl(), password, properties);
    }

    private String password(PrintWriter err) {
        if (passwordEnv != null) {
            String value = System.getenv(passwordEnv);
            if (value == null) {
                throw new CliFailure(prefix + "-password-env " + passwordEnv + ": environment variable " + passwordEnv
                        + " is not set; export it, or use " + prefix + "-password-prompt");
            }
            return value;
        }
        if (passwordPrompt) {
            Console console = System.console();
            if (console == null) {
                throw new CliFailure(prefix + "-password-prompt needs a terminal; use " + prefix
                        + "-password-env VAR instead");
            }
            err.flush();
            char[] typed = console.readPassword("password for %s: ", safeUrl());
            return typed == null ? "" : new String(typed);
        }
        return null;
    }

    /**
     * Connections from {@link DriverManager}; messages of failed connections carry neither the full
     * URL nor the password. Thread-safe (immutable).
     */
    private static final class DriverManagerSource implements DataSource {
        private final String url;
        private final String safeUrl;
        private final String password;
        private final Properties properties;

        DriverManagerSource(String url, String safeUrl, String password, Properties properties) {
            this.url = url;
            this.safeUrl = safeUrl;
            this.password = password;
            this.properties = properties;
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                return DriverManager.getConnection(url, properties);
            } catch (SQLException e) {
                // the cause is dropped on purpose: its message may hold the URL's parameters
                throw new SQLException("cannot connect to " + safeUrl + ": " + scrub(e.getMessage()), e.getSQLState());
            }
        }

        private String scrub(String message) {
            String scrubbed = message == null ? "" : message.replace(url, safeUrl);
            return password == null || password.isEmpty() ? scrubbed : scrubbed.replace(password, "<secret>");
        }

        @Override
        public Connection getConnection(String username, String pw) throws SQLException {
            throw new SQLFeatureNotSupportedException("credentials come from the options");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // DriverManager's log writer is global: left alone
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // the driver's default applies
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no parent logger");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper of " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }

        @Override
        public String toString() {
            return "DataSource[" + safeUrl + "]";
        }
    }
}
