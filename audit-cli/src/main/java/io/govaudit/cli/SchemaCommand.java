package io.govaudit.cli;

import io.govaudit.jdbc.Dialect;
import io.govaudit.jdbc.JdbcSchema;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code audit-cli schema}: prints the database store's DDL, the exact script the installer runs,
 * as statements ended by {@code ;} for {@code psql}, and optionally the GRANTs of the
 * application role, so a DBA can review and install it by hand on a machine without network.
 *
 * <p>Not thread-safe: picocli creates one instance per run.
 *
 * @since 0.1.0
 */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Prints the database store's DDL (the script JdbcSchema.install runs), ready for psql.",
            "Run it as the tables' owner, not as the application's role."},
        footer = {"", "Example: audit-cli schema --grant-to permit_portal_app | psql -v ON_ERROR_STOP=1 "
                + "-U govaudit_owner -d audit", "", "Exit status: 0 printed; 2 usage error."})
final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dialect", paramLabel = "DB", defaultValue = "postgresql",
            description = "postgresql (default) or h2.")
    String dialect;

    @Option(names = "--grant-to", paramLabel = "ROLE",
            description = "Also print the GRANTs that give this application role INSERT and SELECT only "
                    + "(a plain SQL identifier).")
    String grantTo;

    @Override
    public Integer call() {
        Dialect db = dialect();
        List<String> grants;
        try {
            grants = grantTo == null ? List.of() : JdbcSchema.grantStatements(db, grantTo);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--grant-to: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("-- govaudit audit-jdbc schema for " + db + " (the script JdbcSchema.install runs)");
        for (String statement : JdbcSchema.statements(db)) {
            String text = statement.strip();
            String lastLine = text.substring(text.lastIndexOf('\n') + 1);
            // a semicolon after a closing comment line would be part of the comment
            out.println(lastLine.startsWith("--") ? text + "\n;" : text + ";");
            out.println();
        }
        if (!grants.isEmpty()) {
            out.println("-- the application role " + grantTo + ": INSERT and SELECT, never UPDATE or DELETE");
            grants.forEach(grant -> out.println(grant + ";"));
        }
        out.flush();
        return AuditCli.EXIT_OK;
    }

    private Dialect dialect() {
        return switch (dialect.toLowerCase(Locale.ROOT)) {
            case "postgresql", "postgres" -> Dialect.POSTGRESQL;
            case "h2" -> Dialect.H2;
            default -> throw new ParameterException(spec.commandLine(),
                    "--dialect must be postgresql or h2, was '" + dialect + "'");
        };
    }
}
