package io.govaudit.cli;

import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit-cli verify <dir> [--json]}: verifies every chain of a file store (DESIGN.md
 * section 7) and prints what it read and every problem found.
 *
 * <p>Exit status: 0 when no integrity problem was found (warnings such as {@code TORN_TAIL},
 * {@code TIME_REGRESSION} or {@code RECORDING_GAP} are printed but do not fail), 1 when any
 * problem kind with {@link io.govaudit.verify.ProblemKind#isIntegrityProblem()} was found, 2 on a
 * usage or I/O error.
 *
 * <p>With {@code --json} stdout holds exactly one JSON object; see {@link JsonReportWriter} for
 * the schema. Progress is drawn on stderr only when it is a terminal, and never with {@code --json}.
 *
 * <p>Not thread-safe: picocli creates one instance per run.
 *
 * @since 0.1.0
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verifies every chain of a file store: hashes, links, seq density and order.",
            "Prints per chain the records, segments and bytes read, the first and last seq and time "
                    + "(UTC and Asia/Taipei), the purged prefix attested by RETENTION_PURGE, one line per problem "
                    + "(KIND seq=N file:line message) and a verdict."},
        footer = {"", "Exit status: 0 intact (warnings allowed), 1 integrity problem found, 2 usage or I/O error.",
            "", "JSON schema (--json): one object on stdout; times are UTC with 6 fraction digits.",
            "{ \"store\": string, \"intact\": boolean,",
            "  \"chains\": [ { \"chain\": string, \"records\": number,",
            "    \"segments\": number, \"bytes\": number,",
            "    \"firstSeq\": number, \"lastSeq\": number,        (0 = no record)",
            "    \"purgedThrough\": number,    (seq 1..N purged, attested; 0 = none)",
            "    \"firstTime\": string|null, \"lastTime\": string|null,",
            "    \"problems\": [ { \"kind\": string, \"integrity\": boolean,",
            "      \"seq\": number, \"file\": string|null,         (seq 0 = none)",
            "      \"line\": number, \"message\": string } ],     (line 0 = none)",
            "    \"problemsNotListed\": number } ] }",
            "integrity is false for warnings (TORN_TAIL, TIME_REGRESSION, RECORDING_GAP)."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<dir>", description = "The store directory (one sub-directory per chain).")
    Path store;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the human report.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        checkStore();
        VerificationReport report = verify();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            new JsonReportWriter(out).write(report);
        } else {
            new HumanReportWriter(out).write(report);
        }
        out.flush();
        return report.intact() ? AuditCli.EXIT_OK : AuditCli.EXIT_INTEGRITY;
    }

    private void checkStore() {
        if (!Files.exists(store)) {
            throw new CliFailure("store directory " + store + " does not exist; give the directory that holds "
                    + "one sub-directory per chain");
        }
        if (!Files.isDirectory(store)) {
            throw new CliFailure(store + " is not a directory; give the store directory, not a segment file");
        }
    }

    private VerificationReport verify() throws IOException {
        AuditVerifier verifier = AuditVerifier.forDirectory(store);
        if (json || System.console() == null) {
            return verifier.verify();
        }
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
        try {
            return verifier.progress(progress).verify();
        } finally {
            progress.clear();
        }
    }
}
