package io.govaudit.cli;

import picocli.CommandLine.Option;

/**
 * {@code verify}'s options for anchors kept in table {@code audit_anchor} of another database
 * ({@code io.govaudit.jdbc.JdbcAnchorSink}): {@code --anchors-jdbc-url}, {@code --anchors-jdbc-user}
 * and where the password comes from ({@link JdbcLogin}: never an option value).
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
final class AnchorJdbcOptions {

    @Option(names = "--anchors-jdbc-url", paramLabel = "URL",
            description = "Compare each chain with its anchors in table audit_anchor of this database "
                    + "(JdbcAnchorSink); not with --anchors.")
    String url;

    @Option(names = "--anchors-jdbc-user", paramLabel = "USER", description = "User of the anchor database.")
    String user;

    @Option(names = "--anchors-jdbc-password-env", paramLabel = "VAR",
            description = "Take the anchor database's password from environment variable VAR.")
    String passwordEnv;

    @Option(names = "--anchors-jdbc-password-prompt", description = "Ask for the anchor database's password.")
    boolean passwordPrompt;

    /** @return the login these options describe */
    JdbcLogin login() {
        return new JdbcLogin("--anchors-jdbc", url, user, passwordEnv, passwordPrompt);
    }
}
