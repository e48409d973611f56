package io.govaudit.cli;

import io.govaudit.AuditException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code audit-cli} command: the entry point of the bundled operator tool.
 *
 * <pre>{@code
 * java -jar audit-cli.jar verify /var/lib/myapp/audit --json
 * java -jar audit-cli.jar generate /tmp/store --chain demo --count 20000 --threads 8
 * java -jar audit-cli.jar plan --events-per-day 50000 --record-bytes 420 --retention P6M
 * java -jar audit-cli.jar keygen --out /root/govaudit-keys
 * java -jar audit-cli.jar bundle /var/lib/myapp/audit --out handover.zip --signing-key handover-private.pem
 * java -jar audit-cli.jar verify --bundle handover.zip --public-key handover-public.pem
 * java -jar audit-cli.jar export /var/lib/myapp/audit --from 2026-11-01 --to 2026-11-30 --format csv --out nov.csv
 * java -jar audit-cli.jar report /var/lib/myapp/audit --out review-2026-11.html --from 2026-11-01 --to 2026-11-30
 * java -jar audit-cli.jar destroy /var/lib/myapp/audit --bundle handover.zip --operator A123456 --receipt /root/deletion.json
 * }</pre>
 *
 * <p>Exit status: {@value #EXIT_OK} success or intact, {@value #EXIT_INTEGRITY} an integrity
 * problem was found, {@value #EXIT_ERROR} a usage or I/O error (one line on stderr, no stack
 * trace), {@value #EXIT_UNAVAILABLE} the trail refused an event under {@code fail-closed}. Tests run
 * the tool in-process with {@link #execute(String[], PrintWriter, PrintWriter)}.
 *
 * <p>Thread-safety: each call of {@code execute} builds its own command objects; calls may run
 * concurrently.
 *
 * @since 0.1.0
 */
@Command(name = "audit-cli", mixinStandardHelpOptions = true, versionProvider = AuditCli.Version.class,
        description = "Operator tool for govaudit tamper-evident audit trails.",
        subcommands = {VerifyCommand.class, GenerateCommand.class, PlanCommand.class, KeygenCommand.class,
            SchemaCommand.class, BundleCommand.class, ExportCommand.class, ReportCommand.class, DestroyCommand.class,
            WatchCommand.class, RestoreCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 success (store intact), 1 integrity problem found,",
            "2 usage or I/O error, 3 an event refused (generate --on-full fail-closed)."})
public final class AuditCli implements Runnable {

    /** Exit status: success, or the store is intact (warnings allowed). */
    public static final int EXIT_OK = 0;
    /** Exit status: the verifier found an integrity problem. */
    public static final int EXIT_INTEGRITY = 1;
    /** Exit status: bad usage, or the command failed (I/O error, locked chain, bad configuration). */
    public static final int EXIT_ERROR = 2;
    /**
     * Exit status: the trail refused an event ({@code generate --on-full fail-closed}, the store was
     * full), as an application would refuse the audited operation.
     */
    public static final int EXIT_UNAVAILABLE = 3;

    @Spec
    CommandSpec spec;

    /**
     * Runs the tool and exits the JVM with its exit status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(args, out, err));
    }

    /**
     * Runs the tool in-process.
     *
     * @param args the command line, e.g. {@code verify /tmp/store --json}
     * @param out  where results go (reports, JSON)
     * @param err  where errors, usage messages and progress go
     * @return the exit status: {@value #EXIT_OK}, {@value #EXIT_INTEGRITY}, {@value #EXIT_ERROR} or
     *         {@value #EXIT_UNAVAILABLE}
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return commandLine(out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new AuditCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(AuditCli::failed);
        return cli;
    }

    /** Without a subcommand there is nothing to do: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing subcommand: use verify, generate, plan, keygen, schema, bundle, export, report, destroy, watch or restore");
    }

    /** Turns a failure of a command into one line on stderr and exit status 2. */
    private static int failed(Exception e, CommandLine cli, ParseResult parsed) {
        cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + describe(e));
        cli.getErr().flush();
        return EXIT_ERROR;
    }

    /** Expected failures print their message; anything else also names its class (a bug). */
    static String describe(Throwable e) {
        if (e instanceof CliFailure || e instanceof AuditException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return describe(e.getCause());
        }
        if (e instanceof IOException) {
            return "I/O error: " + e;
        }
        return "unexpected error: " + e;
    }

    /** Reads the version filtered into {@code version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = AuditCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"audit-cli " + properties.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version")};
        }
    }
}
