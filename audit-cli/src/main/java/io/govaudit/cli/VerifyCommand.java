package io.govaudit.cli;

import io.govaudit.internal.keys.Ed25519Keys;
import io.govaudit.jdbc.JdbcAnchorSink;
import io.govaudit.jdbc.JdbcRecordSource;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit-cli verify <dir> [--json]} or {@code audit-cli verify --jdbc-url URL [--json]}: verifies
 * every chain of a file store, or of table {@code audit_record} of a database (docs/format.md
 * section 9), and prints what it read and every problem found.
 *
 * <p>Database: {@link JdbcOptions} ({@code --jdbc-url}, {@code --jdbc-user},
 * {@code --jdbc-password-env VAR} or {@code --jdbc-password-prompt}); exactly one of a directory
 * and {@code --jdbc-url} is given. The report names the database by its URL without credentials
 * or parameters; each chain is one part named {@code audit_record}, problem lines are row numbers
 * in seq order, and rows whose columns disagree with their record are {@code COLUMN_MISMATCH}.
 *
 * <p>Exit status: 0 when no integrity problem was found (warnings such as {@code TORN_TAIL},
 * {@code TIME_REGRESSION} or {@code RECORDING_GAP} are printed but do not fail), 1 when any
 * problem kind with {@link io.govaudit.verify.ProblemKind#isIntegrityProblem()} was found, 2 on a
 * usage or I/O error.
 *
 * <p>Keys (docs/format.md sections 3-5, docs/format.md): {@code --hmac-seed} checks the epoch MACs of
 * keyed chains ({@code MAC_MISMATCH}); without it every record's hash and link are still checked
 * and the report says in words that the MACs were not (warning {@code MACS_NOT_CHECKED}; keyed
 * records of format version 1, whose hash is the MAC, warn {@code HASHES_NOT_CHECKED}); {@code --public-key} (repeatable) trusts a chain's first
 * signing key, later ones come from {@code KEY_ROTATION} records; {@code --anchors} compares each
 * chain's head with its newest anchor; {@code --max-checkpoint-gap} bounds the time between
 * checkpoints.
 *
 * <p>Bundle: {@code --bundle FILE.zip} checks a hand-over bundle written by {@link BundleCommand} in
 * place, without unpacking it ({@link BundleCheck}, docs/format.md section 11): exit 0 intact, 1
 * any changed, added or missing entry, unsafe name or bad signature, 2 a file that is not a zip.
 *
 * <p>With {@code --json} stdout holds exactly one JSON object; see {@link JsonReportWriter} for
 * the schema. Progress is drawn on stderr only when it is a terminal, and never with {@code --json}.
 *
 * <p>Not thread-safe: picocli creates one instance per run.
 *
 * @since 0.1.0
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verifies every chain of a file store, or of table audit_record of a database (--jdbc-url):",
            "hashes, links, seq density and order, and in a database that the columns match each record;",
            "with keys also HMAC hashes, checkpoint signatures and anchors.",
            "Prints per chain the records, segments and bytes read, the first and last seq and time "
                    + "(UTC and Asia/Taipei), the purged prefix attested by RETENTION_PURGE, one line per problem "
                    + "(KIND seq=N file:line message) and a verdict."},
        footer = {"", "Exit status: 0 intact (warnings allowed), 1 integrity problem found, 2 usage or I/O error.",
            "", "JSON schema (--json): one object on stdout; times are UTC with 6 fraction digits.",
            "{ \"store\": string, \"intact\": boolean,",
            "  \"notChecked\": [ \"anchors\" ],   (checks no input was given for; [] = none)",
            "  \"chains\": [ { \"chain\": string, \"records\": number,",
            "    \"segments\": number, \"bytes\": number,",
            "    \"firstSeq\": number, \"lastSeq\": number,        (0 = no record)",
            "    \"purgedThrough\": number,    (seq 1..N purged, attested; 0 = none)",
            "    \"firstTime\": string|null, \"lastTime\": string|null,",
            "    \"problems\": [ { \"kind\": string, \"integrity\": boolean,",
            "      \"seq\": number, \"file\": string|null,         (seq 0 = none)",
            "      \"line\": number, \"message\": string } ],     (line 0 = none)",
            "    \"problemsNotListed\": number } ] }",
            "integrity is false for warnings (TORN_TAIL, TIME_REGRESSION, RECORDING_GAP,",
            "MACS_NOT_CHECKED, HASHES_NOT_CHECKED, SIGNATURES_NOT_CHECKED, CHECKPOINT_GAP).",
            "", "A database (see docs/jdbc.md); the password only from an environment variable or a prompt:",
            "  verify --jdbc-url jdbc:postgresql://db:5432/audit --jdbc-user auditor \\",
            "      --jdbc-password-env AUDIT_DB_PASSWORD",
            "", "Anchors kept in another database (JdbcAnchorSink, table audit_anchor):",
            "  verify --jdbc-url URL ... --public-key checkpoint-public.pem \\",
            "      --anchors-jdbc-url URL2 --anchors-jdbc-user U2 --anchors-jdbc-password-env VAR2",
            "", "Keyed and signed chains (see docs/keys.md):",
            "  verify STORE --hmac-seed chain-seed.hex --public-key checkpoint-public.pem \\",
            "      --anchors ANCHOR_DIR",
            "", "What must be there, even without anchors (a chain deleted whole, a cut tail):",
            "  verify STORE --expect-from last-report.json --expect-chain node-2 --expect-head node-1=48210",
            "A store without chains, a chain directory or a directory of stores is a usage error (exit 2):",
            "no verdict is given about nothing.",
            "", "A hand-over bundle (audit-cli bundle; docs/format.md section 11), read in place:",
            "  verify --bundle handover.zip --public-key handover-public.pem --public-key checkpoint-public.pem",
            "Exit 0 intact, 1 any changed, added or missing entry or a bad signature, 2 not a readable zip."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<dir>",
            description = "The store directory (one sub-directory per chain); not with --jdbc-url.")
    Path store;

    @Mixin
    JdbcOptions jdbc;

    @Mixin
    AnchorJdbcOptions anchorsJdbc;

    @Mixin
    VerifierOptions keys;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the human report.")
    boolean json;

    @Option(names = "--record-read",
            description = "Record this verification as an AUDIT_LOG_READ event (actor: the OS user running the "
                    + "command) in chain audit-cli-<host> of the same store, which needs write access to it "
                    + "(reads of the log are audited, S9).")
    boolean recordRead;

    @Option(names = "--bundle", paramLabel = "FILE.zip",
            description = "Verify a hand-over bundle written by 'bundle' in place, without unpacking it: every entry "
                    + "against MANIFEST.sha256, its signature against the --public-key keys, and the chains inside "
                    + "(with the anchors inside unless --anchors is given). Not with a store or --jdbc-url.")
    Path bundle;

    /** The database, once connected: one connection setup (and password prompt) per run. */
    private javax.sql.DataSource database;

    @Override
    public Integer call() throws IOException {
        if (bundle != null) {
            return verifyBundle();
        }
        checkSource();
        List<String> checks = keys.check();
        Path exported = exportAnchors(checks);
        VerificationReport report;
        try {
            report = verify(exported != null ? exported : keys.anchors);
        } finally {
            deleteExport(exported);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            new JsonReportWriter(out, anchorsGiven()).write(report);
        } else {
            new HumanReportWriter(out, checks, anchorsGiven()).write(report);
        }
        out.flush();
        if (recordRead) {
            recordRead(report);
        }
        return report.intact() ? AuditCli.EXIT_OK : AuditCli.EXIT_INTEGRITY;
    }

    private boolean anchorsGiven() {
        return keys.anchors != null || anchorsJdbc.login().set();
    }

    /** Writes the AUDIT_LOG_READ record after the report, so a failure to write it never hides the report. */
    private void recordRead(VerificationReport report) {
        long records = report.chains().stream().mapToLong(ChainReport::records).sum();
        try {
            ReadRecorder.record(store, this::database, ReadRecorder.event(report.store(), "verify")
                    .detail("chains", report.chains().size())
                    .detail("records", records)
                    .detail("intact", report.intact())
                    .build());
        } catch (RuntimeException e) {
            throw new CliFailure("the report above is complete, but recording the read (--record-read) in "
                    + report.store() + " failed: " + e.getMessage(), e);
        }
    }

    private javax.sql.DataSource database() {
        if (database == null) {
            database = jdbc.login().existingDataSource(spec.commandLine().getErr());
        }
        return database;
    }

    private void checkSource() {
        List<String> problems = new ArrayList<>();
        JdbcLogin db = jdbc.login();
        db.validateAsSource(store, problems);
        JdbcLogin anchorDb = anchorsJdbc.login();
        anchorDb.validate(problems);
        if (keys.anchors != null && anchorDb.set()) {
            problems.add("give either --anchors " + keys.anchors + " or --anchors-jdbc-url, not both");
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", problems));
        }
        if (store != null) {
            checkStore();
        }
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

    static Ed25519PublicKeyParameters readPublicKey(Path publicKey) {
        try {
            return Ed25519Keys.readPublic(publicKey);
        } catch (IOException | RuntimeException e) {
            throw new CliFailure("--public-key " + publicKey + " is not an Ed25519 public key PEM "
                    + "(keygen's checkpoint-public.pem): " + e.getMessage(), e);
        }
    }

    /**
     * Copies the anchors of {@code --anchors-jdbc-url} into a private temporary directory, as
     * {@code AnchorSink.directory} files the verifier reads.
     *
     * @return the directory, or null without {@code --anchors-jdbc-url}
     */
    private Path exportAnchors(List<String> checks) throws IOException {
        JdbcLogin anchorDb = anchorsJdbc.login();
        if (!anchorDb.set()) {
            return null;
        }
        Path dir = Files.createTempDirectory("govaudit-anchors-");
        try {
            long count = JdbcAnchorSink.export(anchorDb.existingDataSource(spec.commandLine().getErr()), dir);
            checks.add("anchors in table audit_anchor of " + anchorDb.safeUrl() + " (" + count + ")");
            return dir;
        } catch (IOException | RuntimeException e) {
            deleteExport(dir);
            throw e;
        }
    }

    /** The export holds copies of public anchors only; a failure to delete it is not worth failing for. */
    private static void deleteExport(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }

    private AuditVerifier verifier(Path anchorDir) {
        JdbcLogin db = jdbc.login();
        AuditVerifier verifier = store != null ? AuditVerifier.forDirectory(store)
                : AuditVerifier.forSource(JdbcRecordSource.of(database(), db.safeUrl()));
        keys.configure(verifier, anchorDir);
        return verifier;
    }

    /** {@code verify --bundle}: docs/format.md section 11. */
    private Integer verifyBundle() throws IOException {
        List<String> problems = new ArrayList<>();
        if (store != null || jdbc.login().set()) {
            problems.add("give either --bundle " + bundle + " or a store (directory or --jdbc-url), not both");
        }
        if (recordRead || anchorsJdbc.login().set()) {
            problems.add("--record-read and --anchors-jdbc-url are not for --bundle: a bundle is a file, not a store");
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", problems));
        }
        List<String> checks = keys.check();
        PrintWriter err = spec.commandLine().getErr();
        AuditVerifier.ProgressListener progress = ProgressLine.forTerminal(err, "verifying", json);
        BundleCheck.Result result;
        try {
            result = BundleCheck.check(bundle, new BundleCheck.Inputs(v -> keys.configure(v), keys.anchors != null,
                    trustedKeys(), progress));
        } finally {
            ProgressLine.clear(progress);
        }
        boolean anchorsChecked = keys.anchors != null || result.bundledAnchors();
        if (result.bundledAnchors()) {
            checks.add("anchors inside the bundle (" + BundleLayout.ANCHORS + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        BundleReportWriter writer = new BundleReportWriter(out);
        if (json) {
            writer.json(result, anchorsChecked);
        } else {
            writer.human(result, checks, anchorsChecked);
        }
        out.flush();
        return result.intact() ? AuditCli.EXIT_OK : AuditCli.EXIT_INTEGRITY;
    }

    /** The --public-key keys by key id, to check a bundle's manifest signature with. */
    private Map<String, Ed25519PublicKeyParameters> trustedKeys() {
        Map<String, Ed25519PublicKeyParameters> trusted = new TreeMap<>();
        for (Path file : keys.publicKeys) {
            Ed25519PublicKeyParameters key = readPublicKey(file);
            trusted.put(Ed25519Keys.keyId(key), key);
        }
        return trusted;
    }

    private VerificationReport verify(Path anchorDir) throws IOException {
        AuditVerifier.ProgressListener progress = ProgressLine.forTerminal(spec.commandLine().getErr(), "verifying",
                json);
        try {
            return verifier(anchorDir).progress(progress).verify();
        } finally {
            ProgressLine.clear(progress);
        }
    }
}
