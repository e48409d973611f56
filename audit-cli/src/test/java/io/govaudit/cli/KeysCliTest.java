package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.internal.keys.Ed25519Keys;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen, and generate and verify with keys, signatures and anchors (docs/format.md sections 3-5). */
class KeysCliTest {

    @TempDir
    Path tmp;

    private Path store() {
        return tmp.resolve("store");
    }

    private Path anchors() {
        return tmp.resolve("anchors");
    }

    private Path keygen(String name) {
        Path dir = tmp.resolve(name);
        CliRun run = CliRun.of("keygen", "--out", dir.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        return dir;
    }

    private CliRun generate(int count, String... more) {
        List<String> args = new ArrayList<>(List.of("generate", store().toString(), "--chain", "demo",
                "--count", String.valueOf(count)));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A keyed, signed, anchored chain with checkpoints every 10 records, signed by {@code keys}. */
    private void generateSealed(Path keys, int count) {
        CliRun run = generate(count, "--hmac-seed", seed(keys), "--sign-key", privateKey(keys),
                "--checkpoint-every", "10", "--anchors", anchors().toString());
        assertThat(run.exit()).as(run.err()).isZero();
    }

    private CliRun verify(String... more) {
        List<String> args = new ArrayList<>(List.of("verify", store().toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String seed(Path keys) {
        return keys.resolve(KeygenCommand.SEED).toString();
    }

    private static String privateKey(Path keys) {
        return keys.resolve(KeygenCommand.PRIVATE_KEY).toString();
    }

    private static String publicKey(Path keys) {
        return keys.resolve(KeygenCommand.PUBLIC_KEY).toString();
    }

    private static List<String> kinds(CliRun verify) {
        JsonNode report = Segments.parse(verify.out());
        List<String> kinds = new ArrayList<>();
        for (JsonNode chain : report.get("chains")) {
            StreamSupport.stream(chain.get("problems").spliterator(), false)
                    .forEach(p -> kinds.add(p.get("kind").asText()));
        }
        return kinds;
    }

    @Test
    void keygen_newDirectory_writesThreeFiles0600InDirectory0700AndPrintsKeyId() throws IOException {
        Path keys = tmp.resolve("new/keys");

        CliRun run = CliRun.of("keygen", "--out", keys.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.getPosixFilePermissions(keys)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (String name : List.of(KeygenCommand.PRIVATE_KEY, KeygenCommand.PUBLIC_KEY, KeygenCommand.SEED)) {
            assertThat(Files.getPosixFilePermissions(keys.resolve(name))).as(name)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(Files.readString(keys.resolve(KeygenCommand.SEED), StandardCharsets.US_ASCII))
                .matches("[0-9a-f]{64}\n");
        var privateKey = Ed25519Keys.readPrivate(keys.resolve(KeygenCommand.PRIVATE_KEY));
        var publicKey = Ed25519Keys.readPublic(keys.resolve(KeygenCommand.PUBLIC_KEY));
        assertThat(publicKey.getEncoded()).isEqualTo(privateKey.generatePublicKey().getEncoded());
        assertThat(run.out()).contains("key id:      " + Ed25519Keys.keyId(publicKey), "offline", "auditor",
                "another disk or host", "verify STORE --hmac-seed");
    }

    @Test
    void keygen_existingKeys_exitsTwoAndLeavesThemUnchanged() throws IOException {
        Path keys = keygen("keys");
        String before = Files.readString(keys.resolve(KeygenCommand.PRIVATE_KEY));

        CliRun again = CliRun.of("keygen", "--out", keys.toString());

        assertThat(again.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(again.err()).contains("refusing to overwrite", KeygenCommand.PRIVATE_KEY, KeygenCommand.SEED);
        assertThat(Files.readString(keys.resolve(KeygenCommand.PRIVATE_KEY))).isEqualTo(before);
    }

    @Test
    void keygen_oneFileExists_writesNothing() throws IOException {
        Path keys = tmp.resolve("keys");
        Files.createDirectories(keys);
        Files.writeString(keys.resolve(KeygenCommand.SEED), "mine\n");

        CliRun run = CliRun.of("keygen", "--out", keys.toString());

        assertThat(run.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(keys.resolve(KeygenCommand.PRIVATE_KEY)).doesNotExist();
        assertThat(Files.readString(keys.resolve(KeygenCommand.SEED))).isEqualTo("mine\n");
    }

    @Test
    void verify_keyedSignedAnchoredWithSeedKeyAndAnchors_exitsZeroIntact() throws IOException {
        Path keys = keygen("keys");
        generateSealed(keys, 60);
        assertThat(anchors().resolve("demo.anchors")).isNotEmptyFile();

        CliRun verify = verify("--hmac-seed", seed(keys), "--public-key", publicKey(keys),
                "--anchors", anchors().toString());

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("checking epoch MACs of keyed chains with seed", "checking anchors in")
                .doesNotContain("NOT checked").endsWith("INTACT" + System.lineSeparator());
    }

    @Test
    void verify_keyedChainWithoutSeed_exitsZeroAndSaysMacsWereNotChecked() {
        Path keys = keygen("keys");
        generateSealed(keys, 30);

        CliRun verify = verify("--public-key", publicKey(keys), "--anchors", anchors().toString());
        CliRun json = verify("--public-key", publicKey(keys), "--anchors", anchors().toString(), "--json");

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("MACS_NOT_CHECKED", "epoch MACs were NOT checked", "--hmac-seed",
                "record hashes, links").contains("INTACT (1 warning)").doesNotContain("hashes were NOT checked");
        assertThat(json.exit()).isZero();
        assertThat(kinds(json)).containsExactly("MACS_NOT_CHECKED");
        assertThat(Segments.parse(json.out()).get("chains").get(0).get("problems").get(0).get("integrity").asBoolean())
                .isFalse();
    }

    @Test
    void verify_keyedRecordContentEditedWithoutSeed_exitsOneWithHashMismatch() throws IOException {
        // issue 11: a one-byte edit of a keyed record's client IP, its stored hash untouched, must
        // be found with the public key and anchors alone
        Path keys = keygen("keys");
        generateSealed(keys, 30);
        List<Path> segments = Segments.of(store(), "demo");
        Path active = segments.get(segments.size() - 1);
        List<String> lines = new ArrayList<>(Files.readAllLines(active, StandardCharsets.UTF_8));
        int at = -1;
        for (int i = 0; i < lines.size() && at < 0; i++) {
            at = lines.get(i).contains("\"ip\":\"10.") && lines.get(i).contains("\"mac\":\"") ? i : -1;
        }
        assertThat(at).as("a keyed record with a client IP").isNotNegative();
        String line = lines.get(at);
        int digit = line.indexOf("\"ip\":\"10.") + 9;
        lines.set(at, line.substring(0, digit) + (line.charAt(digit) == '5' ? '6' : '5') + line.substring(digit + 1));
        Files.write(active, lines, StandardCharsets.UTF_8);
        long seq = Segments.JSON.readTree(line).get("seq").asLong();

        CliRun verify = verify("--public-key", publicKey(keys), "--anchors", anchors().toString());
        CliRun json = verify("--public-key", publicKey(keys), "--anchors", anchors().toString(), "--json");

        assertThat(verify.exit()).as(verify.out() + verify.err()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(verify.out()).contains("HASH_MISMATCH seq=" + seq).contains("NOT INTACT");
        assertThat(json.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(kinds(json)).contains("HASH_MISMATCH", "MACS_NOT_CHECKED");
    }

    @Test
    void verify_signedChainWithoutPublicKey_saysSignaturesWereNotChecked() {
        Path keys = keygen("keys");
        generateSealed(keys, 30);

        CliRun verify = verify("--hmac-seed", seed(keys));

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("SIGNATURES_NOT_CHECKED", "signatures were NOT checked");
    }

    @Test
    void verify_wrongPublicKey_exitsOneWithBadSignature() {
        Path keys = keygen("keys");
        Path other = keygen("other");
        generateSealed(keys, 30);

        CliRun verify = verify("--hmac-seed", seed(keys), "--public-key", publicKey(other),
                "--anchors", anchors().toString(), "--json");

        assertThat(verify.exit()).as(verify.out() + verify.err()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(kinds(verify)).contains("BAD_SIGNATURE");
    }

    @Test
    void verify_tailCutAtRecordBoundaryWithAnchors_exitsOneTruncated() throws IOException {
        Path keys = keygen("keys");
        generateSealed(keys, 60);
        Path active = Segments.of(store(), "demo").get(Segments.of(store(), "demo").size() - 1);
        cutAfterLine(active, 20);

        CliRun verify = verify("--hmac-seed", seed(keys), "--public-key", publicKey(keys),
                "--anchors", anchors().toString(), "--json");

        assertThat(verify.exit()).as(verify.out() + verify.err()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(kinds(verify)).contains("TRUNCATED");
    }

    @Test
    void verify_rotationFromKeyAToKeyB_withOnlyKeyATrusted_exitsZero() {
        Path a = keygen("a");
        Path b = keygen("b");
        // signed and anchored, not keyed: the drill is about the signing key alone
        assertThat(generate(25, "--sign-key", privateKey(a), "--checkpoint-every", "10",
                "--anchors", anchors().toString()).exit()).isZero();
        CliRun rotated = generate(25, "--sign-key", privateKey(b), "--previous-sign-key", privateKey(a),
                "--checkpoint-every", "10", "--anchors", anchors().toString());
        assertThat(rotated.exit()).as(rotated.err()).isZero();

        CliRun verify = verify("--public-key", publicKey(a), "--anchors", anchors().toString());

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("seq       1 .. ").endsWith("INTACT" + System.lineSeparator());
    }

    @Test
    void verify_rotatedChainWithOnlyTheNewKeyTrusted_exitsOneBadSignature() {
        Path a = keygen("a");
        Path b = keygen("b");
        assertThat(generate(15, "--sign-key", privateKey(a), "--checkpoint-every", "10").exit()).isZero();
        assertThat(generate(15, "--sign-key", privateKey(b), "--previous-sign-key", privateKey(a),
                "--checkpoint-every", "10").exit()).isZero();

        CliRun verify = verify("--public-key", publicKey(b), "--json");

        assertThat(verify.exit()).as(verify.out() + verify.err()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(kinds(verify)).contains("BAD_SIGNATURE");
    }

    /**
     * The restart that rotates the key finds the active segment full, so the segment is closed
     * first. Its closing checkpoint must not be signed by the new key before the KEY_ROTATION
     * record has introduced it.
     */
    @Test
    void verify_rotationWhenTheActiveSegmentIsFull_exitsZero() throws IOException {
        Path a = keygen("a");
        Path b = keygen("b");
        assertThat(generate(30, "--sign-key", privateKey(a)).exit()).isZero();
        long active = Files.size(Segments.of(store(), "demo").get(0));

        CliRun rotated = generate(1, "--sign-key", privateKey(b), "--previous-sign-key", privateKey(a),
                "--segment-bytes", String.valueOf(active + 50));
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(Segments.of(store(), "demo")).hasSize(2);

        CliRun verify = verify("--public-key", publicKey(a));
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }

    @Test
    void verify_keyedChainRotatedAfterSeedWasRemoved_exitsZero() {
        Path a = keygen("a");
        Path b = keygen("b");
        generateSealed(a, 25);
        // second start: the seed is gone from the host (epoch.key carries on), the new key signs
        CliRun rotated = generate(25, "--sign-key", privateKey(b), "--previous-sign-key", privateKey(a),
                "--checkpoint-every", "10", "--anchors", anchors().toString());
        assertThat(rotated.exit()).as(rotated.err()).isZero();

        CliRun verify = verify("--hmac-seed", seed(a), "--public-key", publicKey(a),
                "--anchors", anchors().toString());

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).endsWith("INTACT" + System.lineSeparator());
    }

    @Test
    void generate_keyedChainReopenedWithoutSeed_continuesTheChainAndCutsNothing() throws IOException {
        Path keys = keygen("keys");
        assertThat(generate(10, "--hmac-seed", seed(keys)).exit()).isZero();
        long firstRunLastSeq = ChainHead.lastSeq(store(), "demo");

        CliRun second = generate(10);

        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(ChainHead.lastSeq(store(), "demo")).isGreaterThan(firstRunLastSeq + 10);
        try (var files = Files.list(store().resolve("demo"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.contains(".torn"));
        }
    }

    @Test
    void generate_newKeyWithoutPreviousKey_exitsTwoNamingTheLastKey() {
        Path a = keygen("a");
        Path b = keygen("b");
        assertThat(generate(5, "--sign-key", privateKey(a)).exit()).isZero();

        CliRun run = generate(5, "--sign-key", privateKey(b));

        assertThat(run.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(run.err()).contains("previousSigningKey");
    }

    @Test
    void generate_anchorsWithoutSignKey_isUsageError() {
        CliRun run = generate(5, "--anchors", anchors().toString(), "--checkpoint-every", "0");

        assertThat(run.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(run.err()).contains("--anchors", "needs --sign-key", "--checkpoint-every must be at least 1");
    }

    @Test
    void verify_missingPublicKeyFile_isUsageError() {
        Path keys = keygen("keys");
        generateSealed(keys, 5);

        CliRun verify = verify("--public-key", tmp.resolve("nope.pem").toString());

        assertThat(verify.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(verify.err()).contains("--public-key", "nope.pem", "does not exist");
    }

    @Test
    void verify_maxCheckpointGapShortForm_isAccepted() {
        Path keys = keygen("keys");
        generateSealed(keys, 5);

        CliRun verify = verify("--hmac-seed", seed(keys), "--public-key", publicKey(keys), "--max-checkpoint-gap", "15m");
        CliRun bad = verify("--max-checkpoint-gap", "soon");

        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(bad.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(bad.err()).contains("'soon' is not a duration");
    }

    @Test
    void help_keygenGenerateVerify_fitEightyColumnsAndNameTheKeyOptions() {
        CliRun keygen = CliRun.of("keygen", "--help");
        CliRun generate = CliRun.of("generate", "--help");
        CliRun verify = CliRun.of("verify", "--help");

        assertThat(keygen.out()).contains("--out", "offline", "another disk or host");
        assertThat(generate.out()).contains("--hmac-seed", "--sign-key", "--previous-sign-key", "--checkpoint-every",
                "--anchors");
        assertThat(verify.out()).contains("--hmac-seed", "--public-key", "--anchors", "--max-checkpoint-gap");
        for (CliRun help : List.of(keygen, generate, verify)) {
            assertThat(help.exit()).isZero();
            assertThat(help.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
        }
    }

    /** Truncates the file right after its {@code lines}-th newline: a clean cut at a record boundary. */
    private static void cutAfterLine(Path segment, int lines) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        int seen = 0;
        int end = 0;
        while (seen < lines) {
            if (bytes[end++] == '\n') {
                seen++;
            }
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(end);
        }
    }
}
