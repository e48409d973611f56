package io.govaudit.cli;

import picocli.CommandLine.Option;

/**
 * The database options of {@code verify} and {@code generate}: {@code --jdbc-url},
 * {@code --jdbc-user} and where the password comes from ({@link JdbcLogin}: never an option value).
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
final class JdbcOptions {

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Use table audit_record of this database instead of a directory, e.g. "
                    + "jdbc:postgresql://db:5432/audit or jdbc:h2:file:/var/lib/app/audit. PostgreSQL and H2 "
                    + "drivers are bundled.")
    String url;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "Database user (with --jdbc-url).")
    String user;

    @Option(names = "--jdbc-password-env", paramLabel = "VAR",
            description = "Take the database password from environment variable VAR (never from the command line).")
    String passwordEnv;

    @Option(names = "--jdbc-password-prompt", description = "Ask for the database password on the terminal.")
    boolean passwordPrompt;

    /** @return the login these options describe */
    JdbcLogin login() {
        return new JdbcLogin("--jdbc", url, user, passwordEnv, passwordPrompt);
    }
}
