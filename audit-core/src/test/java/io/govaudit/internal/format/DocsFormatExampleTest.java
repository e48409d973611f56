package io.govaudit.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the worked example of docs/format.md true: its hashes, key and mac are recomputed from
 * the document's own text with the JDK alone (as a reader with {@code sha256sum} and OpenSSL
 * would), and the real encoder must write exactly the document's lines from their bodies.
 */
class DocsFormatExampleTest {

    private static final Path DOC = Path.of("..", "docs", "format.md");
    private static String doc;

    @BeforeAll
    static void readDoc() throws IOException {
        doc = Files.readString(DOC, StandardCharsets.UTF_8);
    }

    /** The first fenced block after {@code <!-- example:name -->}. */
    private static String example(String name) {
        Matcher m = Pattern.compile("<!-- example:" + name + " -->\\s*```\\w*\\n(.*?)\\n```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("docs/format.md has the example '%s'", name).isTrue();
        return m.group(1);
    }

    private static String keyHex(String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s*=\\s*([0-9a-f]{64})$").matcher(example("keys"));
        assertThat(m.find()).as("key %s in the example", label).isTrue();
        return m.group(1);
    }

    private static String sha256(String text) throws Exception {
        return Hex.toHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(byte[] key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String member(String line, String name) {
        Matcher m = Pattern.compile(",\"" + name + "\":\"([0-9a-f]{64})\"").matcher(line);
        assertThat(m.find()).as("member %s in %s", name, line).isTrue();
        return m.group(1);
    }

    /** P: the line without {@code ,"hash":"<64 hex>"}}. */
    private static String p(String line) {
        assertThat(line).endsWith("\"}");
        return line.substring(0, line.length() - ",\"hash\":\"".length() - 64 - 2);
    }

    /** M: the line up to and including the closing quote of prev. */
    private static String m(String line) {
        int prev = line.indexOf(",\"prev\":\"");
        return line.substring(0, prev + ",\"prev\":\"".length() + 64 + 1);
    }

    @Test
    void plainExample_hashIsSha256OfP() throws Exception {
        String line = example("plain");
        assertThat(line).doesNotContain("\"mac\"", "\"ep\"");
        assertThat(member(line, "hash")).isEqualTo(sha256(p(line)));
        assertThat(p(line)).isEqualTo(m(line));
        assertThat(doc).contains("SHA-256(P) = " + member(line, "hash").substring(0, 8) + "…");
    }

    @Test
    void keyedExample_keyMacAndHashFollowFromTheSeed() throws Exception {
        String line = example("keyed");
        byte[] seed = Hex.decode(keyHex("seed k_0"));
        byte[] k1 = hmac(seed, "govaudit-epoch");
        assertThat(Hex.toHex(k1)).as("k_1 = HMAC-SHA256(k_0, \"govaudit-epoch\")").isEqualTo(keyHex("k_1"));
        assertThat(line).contains(",\"ep\":1,\"prev\":\"");
        assertThat(member(line, "mac")).as("mac = HMAC-SHA256(k_1, M)").isEqualTo(Hex.toHex(hmac(k1, m(line))));
        assertThat(member(line, "hash")).as("hash = SHA-256(P), P ending after mac").isEqualTo(sha256(p(line)));
        assertThat(p(line)).endsWith("\"mac\":\"" + member(line, "mac") + "\"");
        assertThat(doc).contains("HMAC-SHA256(k_1, M) = " + member(line, "mac").substring(0, 8) + "…")
                .contains("SHA-256(P) = " + member(line, "hash").substring(0, 8) + "…");
    }

    @Test
    void examples_areWhatTheEncoderWrites() {
        String plain = example("plain");
        String keyed = example("keyed");
        byte[] k1 = Hex.decode(keyHex("k_1"));
        assertThat(encode(plain, RecordHasher.plain())).isEqualTo(plain);
        assertThat(encode(keyed, RecordHasher.keyed(1, k1))).isEqualTo(keyed);
        RecordView view = new RecordView();
        byte[] bytes = keyed.getBytes(StandardCharsets.UTF_8);
        assertThat(view.parse(bytes, 0, bytes.length)).as(view.error()).isTrue();
        assertThat(view.version()).isEqualTo(RecordFormat.FORMAT_VERSION);
    }

    /** Re-encodes a record line from its body, chain, seq 1 and ts. */
    private static String encode(String line, RecordHasher hasher) {
        Matcher m = Pattern.compile("^\\{\"v\":\\d+,\"chain\":\"([^\"]+)\",\"seq\":1,\"ts\":\"([^\"]+)\",(.*?)(,\"ep\":\\d+)?,\"prev\":")
                .matcher(line);
        assertThat(m.find()).as(line).isTrue();
        ChainEncoder encoder = new ChainEncoder(m.group(1), 0, RecordFormat.GENESIS_PREV, hasher);
        LineBuffer out = new LineBuffer(64);
        encoder.append(out, m.group(3).getBytes(StandardCharsets.UTF_8), Instant.parse(m.group(2)));
        return new String(out.data(), 0, out.size() - 1, StandardCharsets.UTF_8);
    }
}
