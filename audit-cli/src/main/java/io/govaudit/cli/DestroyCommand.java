package io.govaudit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govaudit.internal.keys.Ed25519Keys;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.zip.ZipFile;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit-cli destroy STORE --bundle FILE.zip --operator NAME --receipt FILE}: deletes a
 * store at contract end once a hand-over bundle holds all of it, and writes the deletion record
 * outside the store (S10, annex 3.2.(6); docs/operations.md "Destruction at contract end").
 *
 * <p>Steps: (1) list the store ({@link DestroyFiles}: only govaudit's files, else exit 2) and take
 * every chain's lock (a chain a writer holds: exit 2). (2) Verify the bundle as
 * {@code verify --bundle} does ({@link BundleCheck}) and the store as {@code verify} does, with
 * the same {@code --public-key} and {@code --hmac-seed}; either not intact: exit 1. (3) Check that
 * the bundle covers every record of the store ({@link DestroyCoverage}); not: exit 1. (4) Write
 * the receipt, status {@code in-progress}, forced to disk. (5) Delete. (6) Replace the receipt
 * by the complete one, sign it ({@code <receipt>.sig}) and write the printable 資訊刪除紀錄表.
 *
 * <p>Failure and recovery: nothing is deleted before step (4); a crash during (5) leaves the
 * in-progress receipt, which lists every file that was to be deleted. Nothing is recorded in the
 * store: it is being destroyed; the receipt is the record.
 *
 * <p>Not thread-safe: picocli creates one instance per run.
 *
 * @since 0.1.0
 */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Deletes a store at contract end (S10) once a verified hand-over bundle holds every record "
                + "of it, and writes the deletion record OUTSIDE the store: JSON (signed with --signing-key) and a "
                + "printable zh-TW 資訊刪除紀錄表 (HTML).",
            "Refused, nothing deleted, when the bundle or the store does not verify, a record of the store is not "
                + "in the bundle, a writer holds a chain, or the store holds files that are not govaudit's."},
        footer = {"", "Exit status: 0 deleted, 1 bundle or store not intact or not covered (nothing deleted), 2 usage "
                + "or I/O error, a locked chain, unknown files (nothing deleted).",
            "", "  destroy /var/lib/permit-portal/audit --bundle permit-portal-2026.zip --operator 'A123456 王小明' \\",
            "      --receipt /root/permit-portal-deletion.json --signing-key handover-private.pem \\",
            "      --public-key handover-public.pem --public-key checkpoint-public.pem --hmac-seed chain-seed.hex"})
final class DestroyCommand implements Callable<Integer> {

    /** Default --method: what this command does, and what it does not. */
    static final String DEFAULT_METHOD = "file deletion (unlink) of every segment and state file and of the chain "
            + "directories; not a secure erase: on SSDs, snapshots, backups and replicas the data may remain";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<dir>", description = "The store directory (one sub-directory per chain).")
    Path store;

    @Option(names = "--bundle", required = true, paramLabel = "FILE.zip",
            description = "The hand-over bundle (audit-cli bundle) that holds every record of the store.")
    Path bundle;

    @Option(names = "--operator", required = true, paramLabel = "NAME", description = "Who runs the deletion.")
    String operator;

    @Option(names = "--receipt", required = true, paramLabel = "FILE",
            description = "The deletion receipt (JSON) to write, outside the store; must not exist.")
    Path receipt;

    @Option(names = "--receipt-html", paramLabel = "FILE",
            description = "The printable 資訊刪除紀錄表 (default: the receipt's name with .html for .json).")
    Path receiptHtml;

    @Option(names = "--method", paramLabel = "TEXT", description = "How the data is deleted (default: unlink, "
            + "stated as not a secure erase).")
    String method = DEFAULT_METHOD;

    @Option(names = "--signing-key", paramLabel = "FILE",
            description = "Sign the receipt with this Ed25519 private key (PKCS#8 PEM): <receipt>.sig.")
    Path signingKey;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "As verify: trusted for the bundle's manifest and checkpoint signatures; repeatable.")
    List<Path> publicKeys = new ArrayList<>();

    @Option(names = "--hmac-seed", paramLabel = "FILE", description = "As verify: check the epoch MACs.")
    Path hmacSeed;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the summary.")
    boolean json;

    /** The receipt's times (S44: no Instant.now() outside a clock). */
    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        Ed25519PrivateKeyParameters key = checkOptions();
        try (DestroyFiles files = DestroyFiles.open(store)) {
            BundleCheck.Result checked = BundleCheck.check(bundle, new BundleCheck.Inputs(this::configure, false,
                    trustedKeys(), AuditVerifier.ProgressListener.NONE));
            if (!checked.intact()) {
                return refuse("the bundle " + bundle + " does not verify (" + BundleReportWriter.verdict(checked)
                        + (checked.problems().isEmpty() ? "" : ": " + String.join("; ", checked.problems()))
                        + "); check it with verify --bundle");
            }
            AuditVerifier verifier = AuditVerifier.forDirectory(store);
            configure(verifier);
            VerificationReport report = verifier.verify();
            if (!report.intact()) {
                return refuse("the store " + report.store() + " is not intact (" + HumanReportWriter.verdict(report)
                        + "); investigate with verify first");
            }
            DestroyReceipt receipt = coverage(files, report, checked, key);
            if (receipt == null) {
                return AuditCli.EXIT_INTEGRITY;
            }
            ReceiptFiles.write(this.receipt, receipt.json(), false);
            files.delete();
            DestroyReceipt done = receipt.complete(clock.instant());
            byte[] bytes = done.json();
            ReceiptFiles.write(this.receipt, bytes, true);
            if (key != null) {
                ReceiptFiles.write(signatureFile(), DestroyReceipt.signature(key, bytes), false);
            }
            ReceiptFiles.write(htmlFile(), DestroyReceiptHtml.render(done, this.receipt.getFileName().toString(),
                    signatureFile().getFileName().toString()), false);
            print(done);
            return AuditCli.EXIT_OK;
        }
    }

    private Ed25519PrivateKeyParameters checkOptions() {
        if (!Files.isDirectory(store)) {
            throw new CliFailure("store directory " + store + (Files.exists(store) ? " is not a directory"
                    : " does not exist"));
        }
        if (!Files.isRegularFile(bundle)) {
            throw new CliFailure("--bundle " + bundle + (Files.exists(bundle) ? " is not a file" : " does not exist"));
        }
        if (operator.isBlank()) {
            throw new CliFailure("--operator is empty: name who runs the deletion");
        }
        Path realStore = real(store);
        for (Path out : List.of(receipt, htmlFile(), signatureFile())) {
            Path parent = out.toAbsolutePath().normalize().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new CliFailure("receipt " + out + ": directory " + parent + " does not exist");
            }
            if (real(parent).startsWith(realStore)) {
                throw new CliFailure("receipt " + out + " is inside the store " + store + ", which is being destroyed: "
                        + "write the receipt elsewhere");
            }
            if (Files.exists(out)) {
                throw new CliFailure("receipt " + out + " exists; a receipt is never overwritten: choose another name");
            }
        }
        for (Path file : publicKeys) {
            VerifyCommand.readPublicKey(file);
        }
        if (hmacSeed != null && !Files.isRegularFile(hmacSeed)) {
            throw new CliFailure("--hmac-seed " + hmacSeed + " does not exist");
        }
        if (signingKey == null) {
            return null;
        }
        try {
            return Ed25519Keys.readPrivate(signingKey);
        } catch (IOException e) {
            throw new CliFailure("--signing-key " + signingKey + " is not an Ed25519 private key PEM (PKCS#8, as "
                    + "keygen writes): " + e.getMessage(), e);
        }
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new CliFailure("cannot resolve " + path + ": " + e.getMessage(), e);
        }
    }

    Path htmlFile() {
        if (receiptHtml != null) {
            return receiptHtml;
        }
        String name = receipt.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return receipt.resolveSibling(base + ".html");
    }

    Path signatureFile() {
        return receipt.resolveSibling(receipt.getFileName() + ".sig");
    }

    private void configure(AuditVerifier verifier) {
        if (hmacSeed != null) {
            verifier.hmacSeed(hmacSeed);
        }
        publicKeys.forEach(verifier::trustedKey);
    }

    private Map<String, Ed25519PublicKeyParameters> trustedKeys() {
        Map<String, Ed25519PublicKeyParameters> keys = new TreeMap<>();
        for (Path file : publicKeys) {
            Ed25519PublicKeyParameters key = VerifyCommand.readPublicKey(file);
            keys.put(Ed25519Keys.keyId(key), key);
        }
        return keys;
    }

    /** @return the in-progress receipt, or null when the bundle does not hold the whole store (refused) */
    private DestroyReceipt coverage(DestroyFiles files, VerificationReport report, BundleCheck.Result checked,
            Ed25519PrivateKeyParameters key) throws IOException {
        try (ZipFile zip = new ZipFile(bundle.toFile(), StandardCharsets.UTF_8)) {
            byte[] manifest = BundleCheck.readSmall(zip, zip.getEntry(BundleLayout.MANIFEST),
                    BundleLayout.MAX_MANIFEST_BYTES);
            String manifestSha = HexFormat.of().formatHex(BundleCheck.sha256().digest(manifest));
            DestroyCoverage.Result covered = DestroyCoverage.check(files, report, zip,
                    BundleLayout.parseManifest(manifest, new ArrayList<>()), manifestSha);
            if (!covered.problems().isEmpty()) {
                refuse("the bundle does not hold every record of the store: " + String.join("; ", covered.problems()));
                return null;
            }
            return new DestroyReceipt(report.store(), host(), clock.instant(), null, operator, method,
                    bundle.toAbsolutePath().normalize().toString(),
                    DestroyCoverage.sha256(bundle, Files.size(bundle)), Files.size(bundle), manifestSha,
                    checked.signature().status().code, checked.signature().keyId(), covered.chains(),
                    files.storeFiles(), key == null ? null : Ed25519Keys.keyId(key.generatePublicKey()));
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private int refuse(String why) {
        spec.commandLine().getErr().println("destroy: refused, nothing deleted: " + why);
        return AuditCli.EXIT_INTEGRITY;
    }

    private void print(DestroyReceipt r) throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("destroyed", true);
            root.put("store", r.store());
            root.put("receipt", receipt.toAbsolutePath().normalize().toString());
            root.put("receiptHtml", htmlFile().toAbsolutePath().normalize().toString());
            root.put("signature", r.signingKey() == null ? null : signatureFile().toAbsolutePath().normalize().toString());
            root.put("chains", r.chains().size());
            root.put("segments", r.segments());
            root.put("records", r.records());
            root.put("bytes", r.bytes());
            root.put("bundleSha256", r.bundleSha256());
            w.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            w.println("destroyed " + r.store());
            w.println("  chains     " + r.chains().size() + " (" + r.segments() + " segments, " + r.records()
                    + " records, " + r.bytes() + " bytes)");
            w.println("  bundle     " + r.bundle() + " sha256 " + r.bundleSha256());
            w.println("  receipt    " + receipt.toAbsolutePath().normalize() + (r.signingKey() == null
                    ? " (unsigned: no --signing-key)" : ", signed by key " + r.signingKey() + " in " + signatureFile()));
            w.println("  form       " + htmlFile().toAbsolutePath().normalize() + " (資訊刪除紀錄表, print and sign)");
            w.println("  method     " + r.method());
        }
        w.flush();
    }
}
