package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.internal.keys.Ed25519Keys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code destroy} (S10, annex 3.2.(6)): a store is deleted only when a verified bundle holds every
 * record of it, and the deletion receipt (JSON, signature, 資訊刪除紀錄表) is written outside it.
 */
class DestroyCliTest {

    @TempDir
    Path tmp;

    private DestroyFixture f;

    @BeforeEach
    void storeAndBundle() {
        f = new DestroyFixture(tmp);
        f.bundle();
    }

    private Path receipt() {
        return tmp.resolve("deletion.json");
    }

    @Test
    void destroy_bundledStore_deletesEverythingAndWritesSignedReceipt() throws Exception {
        Map<String, List<String>> segments = new LinkedHashMap<>();
        long bytes = 0;
        try (Stream<Path> dirs = Files.list(f.store())) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                List<Path> files = Segments.of(f.store(), dir.getFileName().toString());
                segments.put(dir.getFileName().toString(), files.stream().map(p -> p.getFileName().toString()).toList());
                for (Path p : files) {
                    bytes += Files.size(p);
                }
            }
        }
        long records = Segments.records(f.store(), "demo").size()
                + Segments.records(f.store(), ReadRecorder.chain()).size();
        Instant before = Instant.now();

        CliRun run = f.destroy(receipt(), "--signing-key", f.privateKey(), "--method", "unlink, then TRIM");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        try (Stream<Path> left = Files.list(f.store())) {
            assertThat(left).isEmpty();
        }
        byte[] receiptBytes = Files.readAllBytes(receipt());
        JsonNode r = Segments.parse(new String(receiptBytes, StandardCharsets.UTF_8));
        assertThat(r.get("format").asText()).isEqualTo("govaudit-deletion-receipt-v1");
        assertThat(r.get("status").asText()).isEqualTo("complete");
        assertThat(r.get("operator").asText()).isEqualTo("A123456 王小明");
        assertThat(r.get("method").asText()).isEqualTo("unlink, then TRIM");
        assertThat(Instant.parse(r.get("started").asText())).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(Instant.parse(r.get("completed").asText())).isAfterOrEqualTo(Instant.parse(r.get("started").asText()));
        assertThat(r.at("/bundle/sha256").asText()).isEqualTo(DestroyFixture.sha256(Files.readAllBytes(f.zip())));
        assertThat(r.at("/bundle/signature").asText()).isEqualTo("valid");
        assertThat(r.at("/quantity/records").asLong()).isEqualTo(records);
        assertThat(r.at("/quantity/bytes").asLong()).isEqualTo(bytes);
        assertThat(r.at("/quantity/chains").asInt()).isEqualTo(2);
        JsonNode demo = chain(r, "demo");
        assertThat(demo.get("first_seq").asLong()).isEqualTo(1);
        assertThat(demo.get("last_seq").asLong()).isEqualTo(demo.get("records").asLong());
        List<String> names = new ArrayList<>();
        demo.get("segments").forEach(s -> names.add(s.get("name").asText()));
        assertThat(names).isEqualTo(segments.get("demo")).hasSizeGreaterThan(1);
        JsonNode lastSegment = demo.get("segments").get(names.size() - 1);
        assertThat(lastSegment.get("last_seq").asLong()).isEqualTo(demo.get("last_seq").asLong());
        assertThat(demo.get("segments").get(0).get("last_seq").asLong() + 1)
                .isEqualTo(demo.get("segments").get(1).get("first_seq").asLong());
        JsonNode reader = chain(r, ReadRecorder.chain());
        assertThat(reader.at("/recorded_after_bundle/records").asLong()).isPositive();
        assertThat(reader.at("/recorded_after_bundle/last_seq").asLong()).isEqualTo(reader.get("last_seq").asLong());

        String keyId = Ed25519Keys.keyId(VerifyCommand.readPublicKey(Path.of(f.publicKey())));
        assertThat(r.get("signing_key").asText()).isEqualTo(keyId);
        byte[] sig = Files.readAllBytes(tmp.resolve("deletion.json.sig"));
        assertThat(new String(sig, StandardCharsets.US_ASCII)).startsWith("govaudit-receipt-ed25519-v1 " + keyId + " ");
        assertThat(DestroyReceipt.verifies(sig, VerifyCommand.readPublicKey(Path.of(f.publicKey())), receiptBytes))
                .isTrue();
        receiptBytes[receiptBytes.length / 2] ^= 1;
        assertThat(DestroyReceipt.verifies(sig, VerifyCommand.readPublicKey(Path.of(f.publicKey())), receiptBytes))
                .isFalse();
        opensslVerifies(sig);

        String html = Files.readString(tmp.resolve("deletion.html"));
        assertThat(html).contains("資訊刪除紀錄表", "A123456 王小明", "unlink, then TRIM", "簽章欄", "監督人員",
                r.at("/bundle/sha256").asText(), "已完成").contains(segments.get("demo"));
        assertThat(run.out()).contains("destroyed ", "deletion.json", "signed by key " + keyId);
    }

    private static JsonNode chain(JsonNode receipt, String id) {
        for (JsonNode c : receipt.get("chains")) {
            if (c.get("chain").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no chain " + id + " in " + receipt);
    }

    /** The signature as the docs check it with openssl; skipped quietly without OpenSSL 3. */
    private void opensslVerifies(byte[] sig) throws Exception {
        Path bin = tmp.resolve("sig.bin");
        Files.write(bin, java.util.Base64.getDecoder().decode(new String(sig, StandardCharsets.US_ASCII).trim()
                .split(" ")[2]));
        Process p;
        try {
            p = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", f.publicKey(), "-rawin",
                    "-in", receipt().toString(), "-sigfile", bin.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return; // no openssl
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (out.contains("-rawin") && p.exitValue() != 0) {
            return; // OpenSSL before 3.0
        }
        assertThat(out).contains("Signature Verified Successfully");
    }

    @Test
    void destroy_recordsAppendedAfterBundle_exitsOneAndDeletesNothing() throws IOException {
        f.generate("demo", 5);
        Map<String, String> before = f.snapshot();

        CliRun run = f.destroy(receipt(), "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.err()).contains("refused, nothing deleted", "chain 'demo'", "make a new bundle");
        assertThat(f.snapshot()).isEqualTo(before);
        assertThat(receipt()).doesNotExist();
    }

    @Test
    void destroy_newChainAfterBundle_exitsOne() throws IOException {
        f.generate("late", 3);
        Map<String, String> before = f.snapshot();

        CliRun run = f.destroy(receipt());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.err()).contains("chain 'late'");
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void destroy_tamperedBundle_exitsOneAndDeletesNothing() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(f.zip().toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        entries.get("report.txt")[3] ^= 1;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.write(f.zip(), bytes.toByteArray());
        Map<String, String> before = f.snapshot();

        CliRun run = f.destroy(receipt());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.err()).contains("does not verify", "report.txt was changed");
        assertThat(f.snapshot()).isEqualTo(before);
        assertThat(receipt()).doesNotExist();
    }

    @Test
    void destroy_receiptInsideStore_exitsTwo() throws IOException {
        Map<String, String> before = f.snapshot();

        CliRun run = f.destroy(f.store().resolve("demo").resolve("deletion.json"));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("inside the store");
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void destroy_missingBundle_exitsTwo() throws IOException {
        Files.delete(f.zip());

        CliRun run = f.destroy(receipt());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--bundle", "does not exist");
        assertThat(f.store().resolve("demo")).isDirectory();
    }

    @Test
    void destroy_chainHeldByWriter_exitsTwo() throws IOException {
        Map<String, String> before = f.snapshot();
        try (FileChannel channel = FileChannel.open(f.store().resolve("demo").resolve(".lock"),
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            CliRun run = f.destroy(receipt());

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("chain 'demo' is held by a writer");
            assertThat(lock.isValid()).isTrue();
        }
        assertThat(f.snapshot()).isEqualTo(before);
        assertThat(receipt()).doesNotExist();
    }

    @Test
    void destroy_unknownFileInStore_exitsTwoNamingIt() throws IOException {
        Files.writeString(f.store().resolve("demo").resolve("notes.txt"), "kept by an operator");
        Map<String, String> before = f.snapshot();

        CliRun run = f.destroy(receipt());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("demo/notes.txt", "not govaudit's");
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void destroy_existingReceipt_exitsTwoAndKeepsIt() throws IOException {
        Files.writeString(receipt(), "an earlier receipt");

        CliRun run = f.destroy(receipt());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("never overwritten");
        assertThat(Files.readString(receipt())).isEqualTo("an earlier receipt");
    }
}
