package io.govaudit.cli;

import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.NothingToVerifyException;
import io.govaudit.verify.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Checks a hand-over bundle in place, without unpacking it (docs/format.md section 11).
 *
 * <p>Order: (1) the structure, from the zip's central directory alone: every name in the bundle
 * grammar ({@link BundleLayout}; no absolute path, {@code ..}, back-slash or directory entry), no
 * name twice, every entry's size declared, and the compressed sizes summing to no more than the
 * file (entries that overlap are a zip bomb); (2) the manifest: every listed entry present with
 * its SHA-256, every entry listed, each entry read only up to its declared size; (3) the
 * manifest's signature against the trusted keys; (4) the chains inside, with the same verifier as
 * a store ({@link ZipRecordSource}), only when the structure is sound: a hostile zip is not fed
 * further. Each step reports every problem it finds.
 *
 * <p>Failure: a file that cannot be opened as a zip at all (garbage, cut before its central
 * directory) is a {@link CliFailure} (exit 2); anything found after that is a problem (exit 1).
 * Stateless; each call opens and closes the file.
 */
final class BundleCheck {

    /** What became of the manifest's signature. */
    enum SignatureStatus {
        VALID(false, "valid"), NOT_CHECKED(false, "not-checked"), UNSIGNED(false, "unsigned"),
        INVALID(true, "invalid"), UNTRUSTED(true, "untrusted"), MALFORMED(true, "malformed");

        final boolean failed;
        final String code;

        SignatureStatus(boolean failed, String code) {
            this.failed = failed;
            this.code = code;
        }
    }

    /**
     * The outcome.
     *
     * @param bundle    the bundle's absolute path
     * @param entries   entries in the zip
     * @param problems  what is wrong with the structure or the manifest; empty when none
     * @param signature what became of the manifest's signature
     * @param report    the chains' report, null when they were not verified
     * @param notVerified why the chains were not verified, null when they were
     * @param bundledAnchors whether the chains were compared with the anchors inside the bundle
     */
    record Result(String bundle, int entries, List<String> problems, SignatureCheck signature,
            VerificationReport report, String notVerified, boolean bundledAnchors) {

        boolean intact() {
            return problems.isEmpty() && !signature.status().failed && report != null && report.intact();
        }
    }

    /**
     * The manifest's signature.
     *
     * @param status  what became of it
     * @param keyId   the key id it names, null when unsigned or malformed
     * @param message one sentence for the report
     */
    record SignatureCheck(SignatureStatus status, String keyId, String message) {
    }

    /** What to check with. */
    record Inputs(Consumer<AuditVerifier> configure, boolean anchorsGiven,
            Map<String, Ed25519PublicKeyParameters> manifestKeys, AuditVerifier.ProgressListener progress) {
    }

    private BundleCheck() {
    }

    static Result check(Path bundle, Inputs inputs) {
        String location = bundle.toAbsolutePath().normalize().toString();
        if (!Files.isRegularFile(bundle)) {
            throw new CliFailure("bundle " + bundle + (Files.exists(bundle) ? " is not a file" : " does not exist"));
        }
        try (ZipFile zip = new ZipFile(bundle.toFile(), StandardCharsets.UTF_8)) {
            List<String> problems = new ArrayList<>();
            structure(zip, Files.size(bundle), problems);
            boolean sound = problems.isEmpty();
            byte[] manifest = sound ? manifest(zip, problems) : null;
            if (!sound) {
                return new Result(location, zip.size(), problems, new SignatureCheck(SignatureStatus.NOT_CHECKED,
                        null, "signature not checked: the bundle's structure is not sound"), null,
                        "the bundle's structure is not sound (see above): its contents were not read", false);
            }
            SignatureCheck signature = signature(zip, manifest, inputs.manifestKeys());
            boolean bundledAnchors = !inputs.anchorsGiven() && zip.stream()
                    .anyMatch(e -> BundleLayout.anchorChain(e.getName()) != null);
            VerificationReport report = null;
            String notVerified = null;
            try {
                report = chains(zip, bundle, location, inputs, bundledAnchors);
            } catch (NothingToVerifyException e) {
                problems.add("the bundle holds no chain: " + e.getMessage());
                notVerified = "no chain in the bundle";
            }
            return new Result(location, zip.size(), problems, signature, report, notVerified, bundledAnchors);
        } catch (ZipException e) {
            throw new CliFailure("cannot read " + bundle + " as a zip file (" + e.getMessage()
                    + "): not a bundle, or cut short", e);
        } catch (IOException e) {
            throw new CliFailure("cannot read bundle " + bundle + ": " + e.getMessage(), e);
        }
    }

    private static void structure(ZipFile zip, long fileSize, List<String> problems) {
        Set<String> names = new HashSet<>();
        long compressed = 0;
        int count = 0;
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
            ZipEntry entry = e.nextElement();
            String name = entry.getName();
            if (++count > BundleLayout.MAX_ENTRIES) {
                problems.add("more than " + BundleLayout.MAX_ENTRIES + " entries: not a bundle this tool wrote");
                return;
            }
            if (!names.add(name)) {
                problems.add("entry " + BundleLayout.shorten(name) + " appears twice: a zip with duplicate names "
                        + "unpacks differently in different tools");
            }
            if (!isBundleName(name)) {
                problems.add("entry " + BundleLayout.shorten(name) + " is not a name of the bundle layout (an "
                        + "absolute path, '..', a directory or an unknown file): refused, it could write outside "
                        + "the directory it is unpacked into");
            }
            if (entry.getSize() < 0 || entry.getCompressedSize() < 0) {
                problems.add("entry " + BundleLayout.shorten(name) + " declares no size");
            } else {
                compressed += entry.getCompressedSize();
            }
        }
        if (compressed > fileSize) {
            problems.add("the entries' compressed sizes add up to " + compressed + " bytes, more than the file's "
                    + fileSize + ": entries overlap (a zip bomb)");
        }
    }

    private static boolean isBundleName(String name) {
        return name.equals(BundleLayout.MANIFEST) || name.equals(BundleLayout.SIGNATURE)
                || BundleLayout.isListedName(name);
    }

    /** Checks every entry against the manifest; returns the manifest's bytes, or null if it is missing. */
    private static byte[] manifest(ZipFile zip, List<String> problems) {
        ZipEntry manifestEntry = zip.getEntry(BundleLayout.MANIFEST);
        if (manifestEntry == null) {
            problems.add(BundleLayout.MANIFEST + " is missing: nothing says what the bundle should hold");
            return null;
        }
        byte[] manifest;
        try {
            manifest = readSmall(zip, manifestEntry, BundleLayout.MAX_MANIFEST_BYTES);
        } catch (IOException e) {
            problems.add(BundleLayout.MANIFEST + " cannot be read: " + e.getMessage());
            return null;
        }
        Map<String, String> listed = BundleLayout.parseManifest(manifest, problems);
        for (Map.Entry<String, String> line : listed.entrySet()) {
            ZipEntry entry = zip.getEntry(line.getKey());
            if (entry == null) {
                problems.add(line.getKey() + " is listed in " + BundleLayout.MANIFEST + " but missing from the bundle");
                continue;
            }
            String actual = sha256(zip, entry, problems);
            if (actual != null && !actual.equals(line.getValue())) {
                problems.add(line.getKey() + " was changed: its SHA-256 is " + actual + ", the manifest says "
                        + line.getValue());
            }
        }
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
            String name = e.nextElement().getName();
            if (BundleLayout.isListedName(name) && !listed.containsKey(name)) {
                problems.add(name + " is in the bundle but not listed in " + BundleLayout.MANIFEST + ": added");
            }
        }
        return manifest;
    }

    private static String sha256(ZipFile zip, ZipEntry entry, List<String> problems) {
        try (InputStream in = new DigestInputStream(ZipRecordSource.open(zip, entry), sha256())) {
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) {
                // the digest sees every byte
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            problems.add(entry.getName() + " cannot be read: " + e.getMessage());
            return null;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static byte[] readSmall(ZipFile zip, ZipEntry entry, long max) throws IOException {
        if (entry.getSize() > max) {
            throw new IOException("it declares " + entry.getSize() + " bytes, more than the " + max + " allowed");
        }
        try (InputStream in = ZipRecordSource.open(zip, entry)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        }
    }

    /** Checks the signature of the manifest against the trusted keys. */
    private static SignatureCheck signature(ZipFile zip, byte[] manifest,
            Map<String, Ed25519PublicKeyParameters> keys) {
        ZipEntry entry = zip.getEntry(BundleLayout.SIGNATURE);
        if (entry == null) {
            return new SignatureCheck(SignatureStatus.UNSIGNED, null, "the manifest is unsigned (no "
                    + BundleLayout.SIGNATURE + "): signature not checked; the hashes show the entries agree with "
                    + "the manifest, not who made it");
        }
        BundleLayout.Signature signature;
        try {
            signature = BundleLayout.parseSignature(readSmall(zip, entry, 4096));
        } catch (IOException e) {
            signature = null;
        }
        if (signature == null) {
            return new SignatureCheck(SignatureStatus.MALFORMED, null, BundleLayout.SIGNATURE + " is not '"
                    + BundleLayout.SIGNATURE_TAG + " <key id> <base64 signature>': it was changed");
        }
        String id = signature.keyId();
        Ed25519PublicKeyParameters key = keys.get(id);
        if (keys.isEmpty()) {
            return new SignatureCheck(SignatureStatus.NOT_CHECKED, id, "signed by key " + id
                    + ", signature not checked: no trusted key given (--public-key)");
        }
        if (key == null) {
            return new SignatureCheck(SignatureStatus.UNTRUSTED, id, "signed by key " + id + ", which is none of "
                    + "the trusted keys given (" + String.join(", ", new java.util.TreeSet<>(keys.keySet())) + ")");
        }
        if (manifest == null || !signature.verifies(key, manifest)) {
            return new SignatureCheck(SignatureStatus.INVALID, id, "signature by key " + id + " does NOT verify: "
                    + "the manifest or the signature was changed");
        }
        return new SignatureCheck(SignatureStatus.VALID, id, "signature valid, key " + id);
    }

    private static VerificationReport chains(ZipFile zip, Path bundle, String location, Inputs inputs,
            boolean bundledAnchors) throws IOException {
        AuditVerifier verifier = AuditVerifier.forSource(new ZipRecordSource(zip, location));
        inputs.configure().accept(verifier);
        verifier.progress(inputs.progress());
        if (!bundledAnchors) {
            return verifier.verify();
        }
        // the verifier reads anchors from a directory: the zip file system shows the entries as
        // one, read in place (the JDK's jdk.zipfs), so nothing is unpacked to disk
        try (FileSystem fs = FileSystems.newFileSystem(bundle)) {
            return verifier.anchors(fs.getPath("/" + BundleLayout.ANCHORS)).verify();
        }
    }
}
