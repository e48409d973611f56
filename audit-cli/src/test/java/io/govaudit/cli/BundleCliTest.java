package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle} and {@code verify --bundle} (docs/format.md section 11) on real stores written by
 * the library, real zip files and hostile rewrites of them.
 */
class BundleCliTest {

    @TempDir
    Path tmp;

    private Path keys;

    private Path store() {
        return tmp.resolve("store");
    }

    private Path anchors() {
        return tmp.resolve("anchors");
    }

    private Path zip() {
        return tmp.resolve("handover.zip");
    }

    private String publicKey() {
        return keys.resolve(KeygenCommand.PUBLIC_KEY).toString();
    }

    private String privateKey() {
        return keys.resolve(KeygenCommand.PRIVATE_KEY).toString();
    }

    private String seed() {
        return keys.resolve(KeygenCommand.SEED).toString();
    }

    /** A keyed, signed, anchored chain of two segments, as an application writes it. */
    @BeforeEach
    void sealedStore() {
        keys = tmp.resolve("keys");
        assertThat(CliRun.of("keygen", "--out", keys.toString()).exit()).isZero();
        CliRun run = CliRun.of("generate", store().toString(), "--chain", "demo", "--count", "100",
                "--hmac-seed", seed(), "--sign-key", privateKey(), "--checkpoint-every", "10",
                "--anchors", anchors().toString(), "--segment-bytes", "16384");
        assertThat(run.exit()).as(run.err()).isZero();
    }

    private CliRun bundle(String... more) {
        List<String> args = new ArrayList<>(List.of("bundle", store().toString(), "--out", zip().toString(),
                "--hmac-seed", seed(), "--public-key", publicKey(), "--anchors", anchors().toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private CliRun signedBundle() {
        CliRun run = bundle("--signing-key", privateKey());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        return run;
    }

    private CliRun verifyBundle(String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--bundle", zip().toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private CliRun verifyBundleWithKey() {
        return verifyBundle("--public-key", publicKey(), "--hmac-seed", seed());
    }

    @Test
    void bundle_intactSignedStore_writesZipThatVerifiesWithExitZero() throws IOException {
        CliRun bundle = bundle("--signing-key", privateKey(), "--json");

        assertThat(bundle.exit()).as(bundle.out() + bundle.err()).isZero();
        JsonNode result = Segments.parse(bundle.out());
        assertThat(result.get("written").asBoolean()).isTrue();
        assertThat(result.get("signed").asBoolean()).isTrue();
        assertThat(result.get("bundle").asText()).isEqualTo(zip().toAbsolutePath().toString());
        assertThat(result.get("manifestSha256").asText())
                .isEqualTo(sha256(entries(zip()).get(BundleLayout.MANIFEST)));
        CliRun verify = verifyBundleWithKey();
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("every entry listed, every SHA-256 matches", "signature valid, key ",
                "checking anchors inside the bundle", "chain demo").endsWith("BUNDLE INTACT (signature valid)"
                + System.lineSeparator());
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void bundle_layout_manifestListsEveryEntryWithItsHashAndReportIsTheVerifyJson() throws IOException {
        signedBundle();

        Map<String, byte[]> entries = entries(zip());

        List<String> segments = Segments.of(store(), "demo").stream()
                .map(p -> "chains/demo/" + p.getFileName()).toList();
        assertThat(segments).hasSizeGreaterThan(1);
        assertThat(entries.keySet()).containsAll(segments).contains("anchors/demo.anchors", "report.json",
                "report.txt", "MANIFEST.sha256", "MANIFEST.sig").anyMatch(n -> n.matches("keys/[0-9a-f]{16}\\.pub"));
        assertThat(entries.get(segments.get(0))).isEqualTo(Files.readAllBytes(Segments.of(store(), "demo").get(0)));
        String manifest = new String(entries.get("MANIFEST.sha256"), StandardCharsets.US_ASCII);
        List<String> lines = manifest.lines().toList();
        assertThat(lines).hasSize(entries.size() - 2);
        assertThat(lines.stream().map(l -> l.substring(66)).toList()).isSorted();
        for (String line : lines) {
            String name = line.substring(66);
            assertThat(line.substring(0, 64)).as(name).isEqualTo(sha256(entries.get(name)));
        }
        JsonNode report = Segments.parse(new String(entries.get("report.json"), StandardCharsets.UTF_8));
        assertThat(report.get("intact").asBoolean()).isTrue();
        assertThat(report.get("store").asText()).isEqualTo(store().toAbsolutePath().toString());
        assertThat(report.get("chains").get(0).get("chain").asText()).isEqualTo("demo");
        assertThat(new String(entries.get("report.txt"), StandardCharsets.UTF_8)).contains("chain demo")
                .endsWith("INTACT" + System.lineSeparator());
        assertThat(new String(entries.get("MANIFEST.sig"), StandardCharsets.US_ASCII))
                .matches("govaudit-manifest-ed25519-v1 [0-9a-f]{16} [A-Za-z0-9+/]{86}==\n");
    }

    @Test
    void bundle_recordsAuditLogReadWithActionBundle_andTheStoreStillVerifies() throws IOException {
        CliRun bundle = signedBundle();

        String chain = store().resolve(Files.list(store()).map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("audit-cli-")).findFirst().orElseThrow()).getFileName().toString();
        List<JsonNode> reads = Segments.records(store(), chain).stream()
                .filter(r -> r.get("type").asText().equals("AUDIT_LOG_READ")).toList();
        assertThat(reads).hasSize(1);
        JsonNode detail = reads.get(0).get("detail");
        assertThat(detail.get("action").asText()).isEqualTo("bundle");
        assertThat(detail.get("manifest_sha256").asText()).isEqualTo(sha256(entries(zip()).get("MANIFEST.sha256")));
        assertThat(reads.get(0).get("actor").get("id").asText()).isEqualTo(System.getProperty("user.name"));
        assertThat(entries(zip()).keySet()).noneMatch(n -> n.contains("audit-cli-")); // written after, not inside
        assertThat(bundle.out()).contains("recorded   AUDIT_LOG_READ (action bundle)");
        // with the seed and key: the reader chain audit-cli-<host> is neither keyed nor signed, which
        // is said (READER_CHAIN_UNSEALED), not failed; the application's chain is checked in full
        CliRun verify = CliRun.of("verify", store().toString(), "--hmac-seed", seed(), "--public-key", publicKey(),
                "--anchors", anchors().toString());
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("chain demo", "chain " + chain, "READER_CHAIN_UNSEALED")
                .doesNotContain("UNKEYED_RECORD", "MISSING_CHECKPOINT");
        // and the store can be handed over again
        Path second = tmp.resolve("second.zip");
        CliRun again = CliRun.of("bundle", store().toString(), "--out", second.toString(), "--hmac-seed", seed(),
                "--public-key", publicKey(), "--anchors", anchors().toString(), "--signing-key", privateKey());
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
    }

    @Test
    void bundle_tamperedStore_exitsOneAndWritesNothing() throws IOException {
        Segments.flipTypeLetter(Segments.of(store(), "demo").get(0), 3);

        CliRun bundle = bundle("--signing-key", privateKey());

        assertThat(bundle.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(bundle.out()).contains("HASH_MISMATCH seq=3");
        assertThat(bundle.err()).contains("refused", "not intact", "nothing was written");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains("handover"));
        }
        assertThat(store().resolve("demo")).exists();
        try (Stream<Path> dirs = Files.list(store())) {
            assertThat(dirs.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("audit-cli-"));
        }
    }

    @Test
    void bundle_outExists_exitsTwoAndLeavesItUnchanged() throws IOException {
        Files.writeString(zip(), "mine");

        CliRun bundle = bundle();

        assertThat(bundle.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(bundle.err()).contains("exists", "never overwritten");
        assertThat(Files.readString(zip())).isEqualTo("mine");
    }

    @Test
    void verifyBundle_withoutTrustedKey_exitsZeroSayingSignatureNotChecked() {
        signedBundle();

        CliRun verify = verifyBundle();

        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("signature not checked: no trusted key given")
                .endsWith("BUNDLE INTACT (signature not checked)" + System.lineSeparator())
                .doesNotContain("signature valid");
    }

    @Test
    void verifyBundle_unsignedBundle_exitsZeroSayingUnsigned() {
        CliRun bundle = bundle("--json");
        assertThat(bundle.exit()).as(bundle.err()).isZero();
        assertThat(Segments.parse(bundle.out()).get("signed").asBoolean()).isFalse();

        CliRun verify = verifyBundle("--public-key", publicKey(), "--json");

        assertThat(verify.exit()).as(verify.out()).isZero();
        JsonNode result = Segments.parse(verify.out());
        assertThat(result.get("signature").get("status").asText()).isEqualTo("unsigned");
        assertThat(result.get("intact").asBoolean()).isTrue();
        assertThat(result.get("report").get("intact").asBoolean()).isTrue();
    }

    @Test
    void verifyBundle_oneByteFlippedInASegment_exitsOneNamingTheEntry() throws IOException {
        signedBundle();
        String segment = "chains/demo/" + Segments.of(store(), "demo").get(0).getFileName();

        rewrite(entries -> flipLetter(entries, segment));

        CliRun verify = verifyBundleWithKey();
        assertThat(verify.exit()).as(verify.out()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("BUNDLE " + segment + " was changed", "HASH_MISMATCH")
                .endsWith("BUNDLE NOT INTACT" + System.lineSeparator());
    }

    @Test
    void verifyBundle_segmentAndItsManifestLineChanged_signatureFailsExitOne() throws IOException {
        signedBundle();
        String segment = "chains/demo/" + Segments.of(store(), "demo").get(0).getFileName();

        rewrite(entries -> {
            flipLetter(entries, segment);
            String manifest = new String(entries.get("MANIFEST.sha256"), StandardCharsets.US_ASCII);
            String fixed = manifest.lines().map(l -> l.endsWith("  " + segment)
                    ? sha256(entries.get(segment)) + "  " + segment : l).reduce("", (a, b) -> a + b + "\n");
            entries.put("MANIFEST.sha256", fixed.getBytes(StandardCharsets.US_ASCII));
        });

        CliRun verify = verifyBundleWithKey();
        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("every SHA-256 matches", "does NOT verify", "HASH_MISMATCH");
    }

    @Test
    void verifyBundle_manifestChanged_exitsOne() throws IOException {
        signedBundle();

        rewrite(entries -> {
            byte[] manifest = entries.get("MANIFEST.sha256");
            manifest[5] = (byte) (manifest[5] == 'a' ? 'b' : 'a');
        });

        CliRun verify = verifyBundleWithKey();
        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("was changed: its SHA-256 is", "does NOT verify");
    }

    @Test
    void verifyBundle_signatureChanged_exitsOne() throws IOException {
        signedBundle();

        rewrite(entries -> {
            byte[] sig = entries.get("MANIFEST.sig");
            int at = sig.length - 10;
            sig[at] = (byte) (sig[at] == 'A' ? 'B' : 'A');
        });

        CliRun verify = verifyBundleWithKey();
        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("does NOT verify").endsWith("BUNDLE NOT INTACT" + System.lineSeparator());
    }

    @Test
    void verifyBundle_reportOrKeyChanged_exitsOne() throws IOException {
        signedBundle();
        String key = entries(zip()).keySet().stream().filter(n -> n.startsWith("keys/")).findFirst().orElseThrow();

        rewrite(entries -> {
            entries.put("report.txt", "INTACT\n".getBytes(StandardCharsets.UTF_8));
            entries.get(key)[30] ^= 1;
        });

        CliRun verify = verifyBundleWithKey();
        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("report.txt was changed", key + " was changed");
    }

    @Test
    void verifyBundle_signedByAnotherKey_exitsOneNamingIt() throws IOException {
        signedBundle();
        Path other = tmp.resolve("other");
        assertThat(CliRun.of("keygen", "--out", other.toString()).exit()).isZero();

        CliRun verify = verifyBundle("--public-key", other.resolve(KeygenCommand.PUBLIC_KEY).toString());

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("which is none of the trusted keys given");
    }

    @Test
    void verifyBundle_extraEntry_exitsOne() throws IOException {
        signedBundle();

        rewrite(entries -> entries.put("anchors/other.anchors", "{}\n".getBytes(StandardCharsets.UTF_8)));

        CliRun verify = verifyBundleWithKey();
        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("anchors/other.anchors is in the bundle but not listed");
    }

    @Test
    void verifyBundle_entryRemoved_exitsOne() throws IOException {
        signedBundle();
        String last = "chains/demo/" + Segments.of(store(), "demo").get(Segments.of(store(), "demo").size() - 1)
                .getFileName();

        rewrite(entries -> entries.remove(last));

        CliRun verify = verifyBundleWithKey();
        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains(last + " is listed in MANIFEST.sha256 but missing");
    }

    @Test
    void verifyBundle_manifestRemoved_exitsOne() throws IOException {
        signedBundle();

        rewrite(entries -> entries.remove("MANIFEST.sha256"));

        CliRun verify = verifyBundleWithKey();
        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("MANIFEST.sha256 is missing");
    }

    @Test
    void verifyBundle_zipSlipNames_refusedExitOneWithoutReadingChains() throws IOException {
        signedBundle();

        for (String evil : List.of("../evil.log", "/etc/cron.d/evil", "chains/../../evil.log",
                "chains/demo/../../../evil.log", "chains\\demo\\00000000000000000001.log", "chains/", "notes.txt")) {
            Path copy = tmp.resolve("slip.zip");
            Map<String, byte[]> entries = entries(zip());
            entries.put(evil, "x\n".getBytes(StandardCharsets.UTF_8));
            write(copy, entries);

            CliRun verify = CliRun.of("verify", "--bundle", copy.toString(), "--public-key", publicKey());

            assertThat(verify.exit()).as(evil).isEqualTo(AuditCli.EXIT_INTEGRITY);
            assertThat(verify.out()).as(evil).contains("is not a name of the bundle layout", "chains NOT verified");
            Files.delete(copy);
        }
    }

    @Test
    void verifyBundle_duplicateEntryName_refusedExitOne() throws IOException {
        signedBundle();
        Map<String, byte[]> entries = entries(zip());
        entries.put("report.tx_", "INTACT\n".getBytes(StandardCharsets.UTF_8)); // same length as report.txt
        write(zip(), entries);
        byte[] bytes = Files.readAllBytes(zip());
        replaceAll(bytes, "report.tx_", "report.txt"); // in the local header and the central directory
        Files.write(zip(), bytes);

        CliRun verify = verifyBundleWithKey();

        assertThat(verify.exit()).as(verify.out() + verify.err()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("entry 'report.txt' appears twice");
    }

    @Test
    void verifyBundle_entryLargerThanItsHeaderSays_refusedExitOne() throws IOException {
        signedBundle();
        byte[] bytes = Files.readAllBytes(zip());
        // the central directory header of report.txt: uncompressed size at offset 24, name at 46
        int name = lastIndexOf(bytes, "report.txt".getBytes(StandardCharsets.US_ASCII));
        int header = name - 46;
        assertThat(bytes[header]).isEqualTo((byte) 0x50);
        bytes[header + 24] = 10;
        bytes[header + 25] = 0;
        bytes[header + 26] = 0;
        bytes[header + 27] = 0;
        Files.write(zip(), bytes);

        CliRun verify = verifyBundleWithKey();

        assertThat(verify.exit()).as(verify.out() + verify.err()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("report.txt cannot be read", "more bytes than the 10 its header says");
    }

    @Test
    void verifyBundle_garbageOrTruncatedZip_exitsTwo() throws IOException {
        signedBundle();
        byte[] bytes = Files.readAllBytes(zip());
        Files.write(zip(), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        CliRun truncated = verifyBundleWithKey();

        assertThat(truncated.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(truncated.err()).contains("cannot read", "as a zip file");
        Files.writeString(zip(), "this is not a zip file\n");
        assertThat(verifyBundleWithKey().exit()).isEqualTo(AuditCli.EXIT_ERROR);
        Files.delete(zip());
        CliRun missing = verifyBundleWithKey();
        assertThat(missing.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void verifyBundle_withAStoreToo_exitsTwoUsageError() {
        signedBundle();

        CliRun verify = CliRun.of("verify", store().toString(), "--bundle", zip().toString());

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(verify.err()).contains("not both");
    }

    /** What docs/operations.md tells a receiving agency without audit-cli: unzip, sha256sum -c, openssl. */
    @Test
    void bundle_checkedWithStandardTools_unzipSha256sumOpenssl() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Stream.of("unzip", "sha256sum", "openssl", "sh")
                .allMatch(tool -> Stream.of(System.getenv("PATH").split(":"))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)))), "unzip, sha256sum, openssl");
        signedBundle();
        Path dir = tmp.resolve("unpacked");
        Files.createDirectories(dir);
        String script = "set -e; unzip -q '" + zip() + "' -d '" + dir + "'; cd '" + dir + "'; sha256sum -c --strict "
                + "--quiet MANIFEST.sha256; cut -d' ' -f3 MANIFEST.sig | base64 -d > ../sig.bin; "
                + "openssl pkeyutl -verify -pubin -inkey '" + publicKey() + "' -rawin -in MANIFEST.sha256 "
                + "-sigfile ../sig.bin";

        Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("Signature Verified Successfully");
    }

    // ---- helpers: read and rewrite a zip, as a person with a zip tool would ----

    static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                try (InputStream in = file.getInputStream(entry)) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    in.transferTo(bytes);
                    entries.put(entry.getName(), bytes.toByteArray());
                }
            }
        }
        return entries;
    }

    static void write(Path zip, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
    }

    private void rewrite(Consumer<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> entries = entries(zip());
        change.accept(entries);
        write(zip(), entries);
    }

    /** Changes the first letter of the third record's type, as {@link Segments#flipTypeLetter} does. */
    private static void flipLetter(Map<String, byte[]> entries, String name) {
        byte[] bytes = entries.get(name);
        int at = indexOf(bytes, "\"type\":\"".getBytes(StandardCharsets.US_ASCII), 0) + 8;
        bytes[at] = (byte) (bytes[at] == 'Z' ? 'Y' : bytes[at] + 1);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void replaceAll(byte[] bytes, String from, String to) {
        byte[] needle = from.getBytes(StandardCharsets.US_ASCII);
        for (int at = indexOf(bytes, needle, 0); at >= 0; at = indexOf(bytes, needle, at + 1)) {
            System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, bytes, at, needle.length);
        }
    }

    private static int indexOf(byte[] bytes, byte[] needle, int from) {
        outer:
        for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, byte[] needle) {
        int last = -1;
        for (int at = indexOf(bytes, needle, 0); at >= 0; at = indexOf(bytes, needle, at + 1)) {
            last = at;
        }
        return last;
    }
}
