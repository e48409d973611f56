package io.govaudit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govaudit.AuditEvent;
import io.govaudit.internal.keys.Ed25519Keys;
import io.govaudit.internal.store.SegmentNames;
import io.govaudit.jdbc.JdbcRecordSource;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.RecordSource;
import io.govaudit.verify.VerificationReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit-cli bundle STORE --out FILE.zip}: the hand-over package when a contract ends
 * (requirement S10; docs/format.md section 11, docs/operations.md "Hand-over bundle").
 *
 * <p>Steps: (1) verify the store as {@code verify} does, with the same keys and expectations; a
 * store that is not intact is refused (exit 1) and nothing is written. (2) Write the zip to a
 * temporary file beside {@code --out}: every segment of every chain verbatim (for a database, each
 * chain's {@code record_json} lines as one segment named by its first seq), the anchors and public
 * keys given, the report as JSON and text, {@code MANIFEST.sha256} and, with
 * {@code --signing-key}, {@code MANIFEST.sig}. (3) Check the written zip as {@code verify --bundle}
 * would, and that each chain in it ends where the report says: a store that changed while it was
 * copied is refused (exit 1). (4) Record the bundling as {@code AUDIT_LOG_READ}, action
 * {@code bundle}, in chain {@code audit-cli-<host>} of the same store, with the manifest's
 * SHA-256. (5) Rename the temporary file to {@code --out}.
 *
 * <p>Failure: any failure deletes the temporary file, so no partial or unrecorded bundle is left;
 * an existing {@code --out} is never overwritten. The bundling record is written after the zip is
 * complete, so it is not inside the bundle; the next bundle or verification covers it.
 *
 * <p>Not thread-safe: picocli creates one instance per run.
 *
 * @since 0.1.0
 */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = {"Writes the hand-over package of a store when a contract ends (S10): every segment of "
                + "every chain, the verification report (JSON and text), anchors and public keys given, "
                + "MANIFEST.sha256 (sha256sum format) and, with --signing-key, MANIFEST.sig (Ed25519).",
            "The store is verified first; a store with integrity problems is refused and nothing is written.",
            "The bundling is recorded as AUDIT_LOG_READ (action bundle) in chain audit-cli-<host> of the store."},
        footer = {"", "Exit status: 0 written, 1 the store is not intact (nothing written), 2 usage or I/O error.",
            "", "  bundle /var/lib/permit-portal/audit --out permit-portal-2026.zip \\",
            "      --signing-key handover-private.pem --public-key checkpoint-public.pem --anchors ANCHOR_DIR",
            "  bundle --jdbc-url jdbc:postgresql://db:5432/audit --jdbc-user auditor \\",
            "      --jdbc-password-env AUDIT_DB_PASSWORD --out permit-portal-2026.zip",
            "The receiving agency checks it with: verify --bundle FILE.zip --public-key handover-public.pem"})
final class BundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<dir>",
            description = "The store directory (one sub-directory per chain); not with --jdbc-url.")
    Path store;

    @Mixin
    JdbcOptions jdbc;

    @Option(names = "--out", required = true, paramLabel = "FILE.zip",
            description = "The bundle to write; must not exist. Written to a temporary file beside it first.")
    Path out;

    @Option(names = "--signing-key", paramLabel = "FILE",
            description = "Sign MANIFEST.sha256 with this Ed25519 private key (PKCS#8 PEM, as keygen writes); its "
                    + "public key goes into keys/. Without it the bundle is unsigned.")
    Path signingKey;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the summary.")
    boolean json;

    /** As verify; the --public-key keys are also copied into keys/, each chain's --anchors file into anchors/. */
    @Mixin
    VerifierOptions keys;

    private DataSource database;

    /** What was written, for the summary and the bundling record. */
    private record Written(int entries, String manifestSha256, String keyId) {
    }

    @Override
    public Integer call() throws IOException {
        checkOptions();
        Ed25519PrivateKeyParameters key = signingKey();
        VerificationReport report = verifyStore();
        if (!report.intact()) {
            return refuse(report);
        }
        Path parent = out.toAbsolutePath().normalize().getParent();
        Path tmp = Files.createTempFile(parent, "." + out.getFileName() + ".", ".tmp");
        try {
            Written written = write(tmp, report, key);
            String changed = selfCheck(tmp, report, key);
            if (changed != null) {
                Files.deleteIfExists(tmp);
                spec.commandLine().getErr().println("bundle: " + changed + "; nothing was written");
                return AuditCli.EXIT_INTEGRITY;
            }
            recordBundle(report, written);
            if (Files.exists(out)) {
                throw new CliFailure("--out " + out + " was created while the bundle was written; not overwritten");
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            print(report, written);
            return AuditCli.EXIT_OK;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private void checkOptions() {
        List<String> problems = new ArrayList<>();
        jdbc.login().validateAsSource(store, problems);
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", problems));
        }
        Options.requireStoreDirectory(store);
        if (Files.exists(out)) {
            throw new CliFailure("--out " + out + " exists; a bundle is never overwritten: choose another name");
        }
        Path parent = out.toAbsolutePath().normalize().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CliFailure("--out " + out + ": directory " + parent + " does not exist");
        }
        keys.check();
    }

    private static void requireFile(String option, Path file) {
        if (file != null && !Files.isRegularFile(file)) {
            throw new CliFailure(option + " " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
        }
    }

    private Ed25519PrivateKeyParameters signingKey() {
        if (signingKey == null) {
            return null;
        }
        requireFile("--signing-key", signingKey);
        try {
            return Ed25519Keys.readPrivate(signingKey);
        } catch (IOException e) {
            throw new CliFailure("--signing-key " + signingKey + " is not an Ed25519 private key PEM (PKCS#8, as "
                    + "keygen's checkpoint-private.pem): " + e.getMessage(), e);
        }
    }

    // ---- (1) verify the store ----

    private VerificationReport verifyStore() throws IOException {
        AuditVerifier verifier = store != null ? AuditVerifier.forDirectory(store)
                : AuditVerifier.forSource(source());
        keys.configure(verifier);
        AuditVerifier.ProgressListener progress = ProgressLine.forTerminal(err(), "verifying", json);
        try {
            return verifier.progress(progress).verify();
        } finally {
            ProgressLine.clear(progress);
        }
    }

    private JdbcRecordSource source() {
        return JdbcRecordSource.of(database(), jdbc.login().safeUrl());
    }

    private DataSource database() {
        if (database == null) {
            database = jdbc.login().existingDataSource(err());
        }
        return database;
    }

    private Integer refuse(VerificationReport report) throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("bundle", out.toAbsolutePath().normalize().toString());
            root.put("written", false);
            root.put("intact", false);
            root.set("report", new ObjectMapper().readTree(jsonReport(report)));
            w.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            new HumanReportWriter(w, List.of(), keys.anchors != null).write(report);
        }
        w.flush();
        err().println("bundle: refused: the store " + report.store() + " is not intact ("
                + HumanReportWriter.verdict(report) + "); nothing was written. A hand-over bundle holds a store "
                + "that verifies; investigate the problems above first");
        return AuditCli.EXIT_INTEGRITY;
    }

    // ---- (2) write the zip ----

    private Written write(Path tmp, VerificationReport report, Ed25519PrivateKeyParameters key) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        AuditVerifier.ProgressListener progress = ProgressLine.forTerminal(err(), "bundling", json);
        byte[] manifest;
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp),
                1 << 16), StandardCharsets.UTF_8)) {
            long[] done = {0};
            long total = store == null ? 0 : storeBytes(report);
            for (ChainReport chain : report.chains()) {
                if (store != null) {
                    copySegments(zip, chain.chain(), hashes, progress, done, total);
                } else if (chain.lastSeq() > 0) {
                    copyRows(zip, chain, hashes);
                }
                copyAnchors(zip, chain.chain(), hashes);
            }
            copyKeys(zip, key, hashes);
            put(zip, BundleLayout.REPORT_JSON, jsonReport(report).getBytes(StandardCharsets.UTF_8), hashes);
            put(zip, BundleLayout.REPORT_TEXT, textReport(report).getBytes(StandardCharsets.UTF_8), hashes);
            manifest = BundleLayout.manifest(hashes);
            put(zip, BundleLayout.MANIFEST, manifest, null);
            if (key != null) {
                put(zip, BundleLayout.SIGNATURE, BundleLayout.signature(key, manifest), null);
            }
        } finally {
            ProgressLine.clear(progress);
        }
        String keyId = key == null ? null : Ed25519Keys.keyId(key.generatePublicKey());
        return new Written(hashes.size() + (key == null ? 1 : 2),
                HexFormat.of().formatHex(BundleCheck.sha256().digest(manifest)), keyId);
    }

    private long storeBytes(VerificationReport report) throws IOException {
        long total = 0;
        for (ChainReport chain : report.chains()) {
            for (Path segment : segments(chain.chain())) {
                total += Files.size(segment);
            }
        }
        return total;
    }

    private List<Path> segments(String chain) throws IOException {
        Path dir = store.resolve(chain);
        return Files.isDirectory(dir) ? SegmentNames.list(dir) : List.of();
    }

    private void copySegments(ZipOutputStream zip, String chain, Map<String, String> hashes,
            AuditVerifier.ProgressListener progress, long[] done, long total) throws IOException {
        for (Path segment : segments(chain)) {
            String name = segment.getFileName().toString();
            progress.progress(chain, name, done[0], total);
            try (InputStream in = Files.newInputStream(segment)) {
                done[0] += put(zip, BundleLayout.segmentEntry(chain, name), in, hashes);
            }
        }
    }

    /** A database chain: its record_json lines, verbatim, as one segment named by its first seq. */
    private void copyRows(ZipOutputStream zip, ChainReport chain, Map<String, String> hashes) throws IOException {
        List<RecordSource.Part> parts = source().parts(chain.chain());
        if (parts.size() != 1) {
            throw new CliFailure("chain '" + chain.chain() + "' changed while it was bundled (" + parts.size()
                    + " parts); bundle again");
        }
        try (InputStream in = parts.get(0).open((kind, seq, line, message) -> { })) {
            // problems were reported by the verification before; the copy is checked again after
            put(zip, BundleLayout.segmentEntry(chain.chain(), SegmentNames.logName(chain.firstSeq())), in, hashes);
        }
    }

    private void copyAnchors(ZipOutputStream zip, String chain, Map<String, String> hashes) throws IOException {
        if (keys.anchors == null) {
            return;
        }
        Path file = keys.anchors.resolve(chain + BundleLayout.ANCHOR_SUFFIX);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                put(zip, BundleLayout.anchorEntry(chain), in, hashes);
            }
        }
    }

    private void copyKeys(ZipOutputStream zip, Ed25519PrivateKeyParameters key, Map<String, String> hashes)
            throws IOException {
        for (Path file : keys.publicKeys) {
            String name = BundleLayout.keyEntry(Ed25519Keys.keyId(VerifyCommand.readPublicKey(file)));
            if (!hashes.containsKey(name)) {
                put(zip, name, Files.readAllBytes(file), hashes);
            }
        }
        if (key != null) {
            Ed25519PublicKeyParameters pub = key.generatePublicKey();
            String name = BundleLayout.keyEntry(Ed25519Keys.keyId(pub));
            if (!hashes.containsKey(name)) {
                put(zip, name, Ed25519Keys.publicPem(pub).getBytes(StandardCharsets.US_ASCII), hashes);
            }
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes, Map<String, String> hashes)
            throws IOException {
        put(zip, name, new java.io.ByteArrayInputStream(bytes), hashes);
    }

    /** Writes one entry and notes its SHA-256 (not for the manifest and signature: hashes null). */
    private static long put(ZipOutputStream zip, String name, InputStream in, Map<String, String> hashes)
            throws IOException {
        MessageDigest sha = BundleCheck.sha256();
        zip.putNextEntry(new ZipEntry(name));
        byte[] buffer = new byte[64 * 1024];
        long bytes = 0;
        for (int n; (n = in.read(buffer)) >= 0;) {
            sha.update(buffer, 0, n);
            zip.write(buffer, 0, n);
            bytes += n;
        }
        zip.closeEntry();
        if (hashes != null) {
            hashes.put(name, HexFormat.of().formatHex(sha.digest()));
        }
        return bytes;
    }

    private String jsonReport(VerificationReport report) throws IOException {
        StringWriter text = new StringWriter();
        new JsonReportWriter(text, keys.anchors != null).write(report);
        return text.toString();
    }

    private String textReport(VerificationReport report) {
        StringWriter text = new StringWriter();
        try (PrintWriter w = new PrintWriter(text)) {
            new HumanReportWriter(w, keys.check(), keys.anchors != null).write(report);
        }
        return text.toString();
    }

    // ---- (3) check what was written ----

    /** @return why the bundle does not hold what was verified, or null when it does */
    private String selfCheck(Path tmp, VerificationReport report, Ed25519PrivateKeyParameters key) {
        Map<String, Ed25519PublicKeyParameters> signer = key == null ? Map.of()
                : Map.of(Ed25519Keys.keyId(key.generatePublicKey()), key.generatePublicKey());
        AuditVerifier.ProgressListener progress = ProgressLine.forTerminal(err(), "checking", json);
        BundleCheck.Result result;
        try {
            result = BundleCheck.check(tmp, new BundleCheck.Inputs(v -> keys.configure(v, null), false, signer,
                    progress));
        } finally {
            ProgressLine.clear(progress);
        }
        if (!result.intact()) {
            return "the written bundle does not verify (" + String.join("; ", result.problems())
                    + (result.report() == null ? "" : "; chains: " + HumanReportWriter.verdict(result.report()))
                    + "): the store changed while it was bundled, or the disk failed; bundle again";
        }
        Map<String, Long> bundled = new TreeMap<>();
        result.report().chains().forEach(c -> bundled.put(c.chain(), c.lastSeq()));
        for (ChainReport chain : report.chains()) {
            Long last = bundled.get(chain.chain());
            if (last == null || last != chain.lastSeq()) {
                return "chain '" + chain.chain() + "' changed while it was bundled: verified up to seq "
                        + chain.lastSeq() + ", copied up to seq " + last + "; stop its writer (the contract has "
                        + "ended) or bundle again";
            }
        }
        return null;
    }

    // ---- (4) record, (5) print ----

    /** The bundle is handed out only once its making is recorded in the chain (reads are audited, S9). */
    private void recordBundle(VerificationReport report, Written written) {
        long records = report.chains().stream().mapToLong(ChainReport::records).sum();
        AuditEvent.Builder event = ReadRecorder.event(report.store(), "bundle")
                .detail("bundle", out.toAbsolutePath().normalize().toString())
                .detail("manifest_sha256", written.manifestSha256())
                .detail("signed", written.keyId() != null)
                .detail("chains", report.chains().size())
                .detail("records", records);
        if (written.keyId() != null) {
            event.detail("signing_key", written.keyId());
        }
        try {
            ReadRecorder.record(store, this::database, event.build());
        } catch (RuntimeException e) {
            throw new CliFailure("the bundle was not written: recording the bundling in " + report.store()
                    + " failed (bundling needs write access to the store, as reads of the log are recorded): "
                    + e.getMessage(), e);
        }
    }

    private void print(VerificationReport report, Written written) throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        String path = out.toAbsolutePath().normalize().toString();
        long bytes = Files.size(out);
        long records = report.chains().stream().mapToLong(ChainReport::records).sum();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("bundle", path);
            root.put("written", true);
            root.put("intact", true);
            root.put("store", report.store());
            root.put("chains", report.chains().size());
            root.put("records", records);
            root.put("entries", written.entries());
            root.put("bytes", bytes);
            root.put("manifestSha256", written.manifestSha256());
            root.put("signed", written.keyId() != null);
            root.put("key", written.keyId());
            root.put("verdict", HumanReportWriter.verdict(report));
            w.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            w.println("bundle " + path);
            w.println("  store      " + report.store());
            w.println("  chains     " + report.chains().size() + " (" + records + " records)");
            w.println("  entries    " + written.entries());
            w.println("  bytes      " + bytes);
            w.println("  manifest   " + BundleLayout.MANIFEST + " sha256 " + written.manifestSha256());
            w.println("  signature  " + (written.keyId() == null ? "none (unsigned: no --signing-key)"
                    : BundleLayout.SIGNATURE + ", key " + written.keyId()));
            w.println("  recorded   AUDIT_LOG_READ (action bundle) in chain "
                    + ReadRecorder.chain() + " of the store, after the bundle (not in it)");
            w.println(HumanReportWriter.verdict(report));
        }
        w.flush();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
